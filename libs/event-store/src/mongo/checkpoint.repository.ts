import { Connection, Model, Schema } from 'mongoose';

interface CheckpointDocument {
  _id: string;
  position: number;
  updatedAt: Date;
}

const checkpointSchema = new Schema<CheckpointDocument>(
  { _id: { type: String, required: true }, position: { type: Number, required: true }, updatedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'checkpoints' },
);

/** How far a reader of the log (a projection, the relay) has got. One document per reader. */
export class CheckpointRepository {
  private readonly checkpoints: Model<CheckpointDocument>;

  constructor(connection: Connection) {
    this.checkpoints = connection.models.Checkpoint ?? connection.model<CheckpointDocument>('Checkpoint', checkpointSchema);
  }

  async load(reader: string): Promise<number> {
    const doc = await this.checkpoints.findById(reader).lean();
    return doc?.position ?? 0;
  }

  async save(reader: string, position: number, now: Date): Promise<void> {
    await this.checkpoints.replaceOne({ _id: reader }, { _id: reader, position, updatedAt: now }, { upsert: true });
  }

  async reset(reader: string): Promise<void> {
    await this.checkpoints.deleteOne({ _id: reader });
  }
}
