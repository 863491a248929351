import type { Collection, Connection, mongo } from 'mongoose';
import { ConcurrencyError } from '@bakuun/errors';

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

interface RevisionDocument<T> {
  _id: string;
  key: string;
  version: number;
  /** Null once superseded: old revisions keep only their id (which blocks stale writers), never old key material. */
  doc: T | null;
}

interface HeadDocument {
  _id: string;
  version: number;
}

export interface Versioned<T> {
  version: number;
  doc: T;
}

/**
 * Whole documents with optimistic concurrency that holds on FerretDB v1, whose conditional
 * `replaceOne({ version })` is not atomic (several concurrent writers can all "match"). Every
 * write inserts revision `<key>#<version>`: the `_id` unique index lets exactly one writer of a
 * version in, and the others get ConcurrencyError. A head document per key (`version` plus a
 * query summary, no content) points at the latest revision; it is updated after the insert and
 * may lag or, in a race, regress, so readers start at the head and probe forward by `_id`.
 * Superseded revisions are stripped to their id, so destroyed material never survives in history.
 */
export class VersionedDocuments<T extends object, S extends object> {
  private readonly heads: Collection<HeadDocument & S>;
  private readonly revisions: Collection<RevisionDocument<T>>;

  constructor(connection: Connection, name: string) {
    this.heads = connection.collection<HeadDocument & S>(name);
    this.revisions = connection.collection<RevisionDocument<T>>(`${name}_revisions`);
  }

  async ensureIndexes(headIndexes: Record<string, 1 | -1>[]): Promise<void> {
    for (const spec of headIndexes) await this.heads.createIndex(spec);
    await this.revisions.createIndex({ key: 1, version: 1 });
  }

  /** The latest revision of `key`, or null when there is none. */
  async latest(key: string): Promise<Versioned<T> | null> {
    const head = await this.heads.findOne({ _id: key } as mongo.Filter<HeadDocument & S>, { projection: { version: 1 } });
    let version = head?.version ?? 0;
    let latest: Versioned<T> | null = null;
    if (version > 0) {
      const at = await this.revisions.findOne({ _id: revisionId(key, version) });
      if (at?.doc) latest = { version, doc: at.doc };
    }
    for (;;) {
      const next = await this.revisions.findOne({ _id: revisionId(key, version + 1) });
      if (next === null) return latest;
      version++;
      if (next.doc) latest = { version, doc: next.doc };
    }
  }

  /** Writes revision `version`: true if this writer got it, false if another writer already did. */
  async tryWrite(key: string, version: number, doc: T, summary: S): Promise<boolean> {
    try {
      await this.revisions.insertOne({ _id: revisionId(key, version), key, version, doc });
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    try {
      await this.heads.updateOne({ _id: key, version: { $lt: version } } as mongo.Filter<HeadDocument & S>, { $set: { version, ...summary } as never }, { upsert: true });
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    await this.stripBefore(key, version);
    return true;
  }

  /** Like {@link tryWrite}, but losing the race is a ConcurrencyError (ABORTED). */
  async write(key: string, version: number, doc: T, summary: S): Promise<void> {
    if (await this.tryWrite(key, version, doc, summary)) return;
    throw new ConcurrencyError({ streamId: key, expected: version - 1, actual: version }, { code: 'KEY.CONCURRENT_CHANGE' });
  }

  /** Keeps only the ids of revisions before `version`. */
  async stripBefore(key: string, version: number): Promise<void> {
    await this.revisions.updateMany({ key, version: { $lt: version }, doc: { $ne: null } } as mongo.Filter<RevisionDocument<T>>, { $set: { doc: null } });
  }

  /** Keys whose head summary matches `filter` (a hint: check the latest revision before acting). */
  async findKeys(filter: mongo.Filter<HeadDocument & S>, limit: number, sort?: Record<string, 1 | -1>): Promise<string[]> {
    const cursor = this.heads.find(filter, { projection: { _id: 1 } }).limit(limit);
    const heads = await (sort ? cursor.sort(sort) : cursor).toArray();
    return heads.map((h) => String(h._id));
  }
}

/** Zero-padded so revision ids of one key sort by version. */
function revisionId(key: string, version: number): string {
  return `${key}#${String(version).padStart(10, '0')}`;
}
