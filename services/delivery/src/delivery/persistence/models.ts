import type { Connection, Model, Schema } from 'mongoose';

/** One model per collection and connection (tests open several connections in one process). */
export function modelOf<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

export const DUPLICATE_KEY = 11000;

/**
 * Inserts through the driver: these documents are already complete and typed, and mongoose
 * would build and validate a Document for each (a fifth of the delivery process's CPU under load).
 */
export async function insertDocuments<T>(model: Model<T>, docs: T[], ordered: boolean): Promise<void> {
  await model.collection.insertMany(docs as Parameters<Model<T>['collection']['insertMany']>[0], { ordered });
}

/** Ids an unordered insertMany did not insert because they already existed; any other failure is rethrown. */
export function duplicateIndexes(error: unknown): Set<number> {
  const e = error as { code?: number; writeErrors?: { index?: number; code?: number; err?: { index?: number; code?: number } }[] };
  if (e.code === DUPLICATE_KEY && !e.writeErrors) return new Set([0]);
  if (!Array.isArray(e.writeErrors)) throw error;
  const out = new Set<number>();
  for (const w of e.writeErrors) {
    const code = w.code ?? w.err?.code;
    const index = w.index ?? w.err?.index;
    if (code !== DUPLICATE_KEY || index === undefined) throw error;
    out.add(index);
  }
  return out;
}
