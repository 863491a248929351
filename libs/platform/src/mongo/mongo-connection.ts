import mongoose, { Connection } from 'mongoose';

export interface MongoConnectionOptions {
  uri: string;
  /** Overrides the database named in the URI. */
  databaseName?: string;
}

/**
 * One mongoose connection per service. Index builds are explicit (`syncIndexes` at start-up)
 * because uniqueness is what the event store's concurrency rests on.
 */
export async function openMongoConnection(options: MongoConnectionOptions): Promise<Connection> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.databaseName,
    autoIndex: false,
    serverSelectionTimeoutMS: 10_000,
  });
  await connection.asPromise();
  return connection;
}
