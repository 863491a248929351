import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { isEndpointCategory, isEndpointMethod } from '@bakuun/endpoint-domain';
import { ConcurrencyError, IllegalStateError } from '@bakuun/errors';
import {
  isApiKeyDigest,
  isKeyExpiryCode,
  KEY_ENVIRONMENTS,
  KEY_KINDS,
  parseKeyId,
  type ApiKeyDigest,
  type EndpointKeys,
  type KeyEnvironment,
  type KeyKind,
  type SealedBox,
} from '@bakuun/key-domain';
import type { EndpointKeyRecord, KeyMaterial, PendingRoll, RollHistoryEntry } from '../application/endpoint-key-record';
import { MONGO_CONNECTION } from '../keys.di-tokens';
import { EndpointKeysDocument, endpointKeysSchema, KeyDocument, PendingRollDocument, SealedBoxDocument } from './endpoint-keys.schema';

const DUPLICATE_KEY = 11000;

/**
 * Mongoose stays here. Callers get plain EndpointKeyRecord objects built by an explicit mapper;
 * writes replace the whole document when its version is unchanged, so two writers never both win.
 */
@Injectable()
export class EndpointKeysRepository {
  private readonly documents: Model<EndpointKeysDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.documents = connection.models.EndpointKeys ?? connection.model<EndpointKeysDocument>('EndpointKeys', endpointKeysSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.documents.createIndexes();
  }

  async get(partnerId: string, endpointId: string): Promise<EndpointKeyRecord | null> {
    const doc = await this.documents.findOne({ _id: endpointId, partnerId }).lean<EndpointKeysDocument>();
    return doc ? toRecord(doc) : null;
  }

  /** For the event consumer, roll recovery and validation, which learn the partner from the record. */
  async getForProcessing(endpointId: string): Promise<EndpointKeyRecord | null> {
    const doc = await this.documents.findById(endpointId).lean<EndpointKeysDocument>();
    return doc ? toRecord(doc) : null;
  }

  async findByIssueRequest(partnerId: string, issueRequestId: string): Promise<EndpointKeyRecord | null> {
    const doc = await this.documents.findOne({ partnerId, issueRequestId }).lean<EndpointKeysDocument>();
    return doc ? toRecord(doc) : null;
  }

  /** Inserts a new endpoint's keys; false when the endpoint id or the partner's issue request id already exists. */
  async insert(record: EndpointKeyRecord): Promise<boolean> {
    try {
      await this.documents.create(toDocument(record));
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /** Writes `next` if the stored version is still `next.version - 1`, else ConcurrencyError. */
  async replace(next: EndpointKeyRecord): Promise<void> {
    const expected = next.version - 1;
    const result = await this.documents.replaceOne({ _id: next.endpointId, version: expected }, toDocument(next));
    if (result.matchedCount === 0) {
      const actual = (await this.documents.findById(next.endpointId, { version: 1 }).lean<{ version: number }>())?.version ?? 0;
      throw new ConcurrencyError({ streamId: next.endpointId, expected, actual }, { code: 'KEY.CONCURRENT_CHANGE' });
    }
  }

  /** Endpoints whose roll has been pending since before `before`, oldest first. */
  async findPendingRolls(before: Date, limit: number): Promise<EndpointKeyRecord[]> {
    const docs = await this.documents.find({ rollPendingSince: { $lt: before } }).sort({ rollPendingSince: 1 }).limit(limit).lean<EndpointKeysDocument[]>();
    return docs.map(toRecord);
  }

  /** Every record whose data key is wrapped under another master key than `masterKeyId` (master-key rotation). */
  async findWrappedUnderOtherMasterKey(masterKeyId: string, limit: number): Promise<EndpointKeyRecord[]> {
    const docs = await this.documents.find({ dataKey: { $ne: null }, 'dataKey.masterKeyId': { $ne: masterKeyId } }).limit(limit).lean<EndpointKeysDocument[]>();
    return docs.map(toRecord);
  }
}

function corrupt(endpointId: string, what: string): IllegalStateError {
  return new IllegalStateError('KEY.RECORD_CORRUPT', `Stored keys of endpoint ${endpointId} have an invalid ${what}`);
}

function toSealed(box: SealedBoxDocument): SealedBox {
  return { algorithm: 'A256GCM', iv: box.iv, ciphertext: box.ciphertext, tag: box.tag };
}

function toMaterial(endpointId: string, doc: { keyId: string; digest: string | null; secret: SealedBoxDocument | null }): KeyMaterial {
  if (doc.digest !== null && doc.digest !== undefined && !isApiKeyDigest(doc.digest)) throw corrupt(endpointId, 'digest');
  return {
    digest: (doc.digest ?? null) as ApiKeyDigest | null,
    secret: doc.secret ? { endpointId, keyId: doc.keyId, sealed: toSealed(doc.secret) } : null,
  };
}

function toPendingRoll(endpointId: string, doc: PendingRollDocument): PendingRoll {
  if (!isKeyExpiryCode(doc.oldKeyExpiry)) throw corrupt(endpointId, 'pending roll expiry');
  return {
    requestId: doc.requestId,
    keyId: parseKeyId(doc.keyId),
    maskedKey: doc.maskedKey,
    material: toMaterial(endpointId, doc),
    preparedAt: doc.preparedAt,
    oldKeyId: doc.oldKeyId,
    oldKeyExpiry: doc.oldKeyExpiry,
    recordedOldKeyExpiresAt: doc.recordedOldKeyExpiresAt,
    operatorId: doc.operatorId,
    attempts: doc.attempts,
    lastAttemptAt: doc.lastAttemptAt ?? null,
  };
}

function toRecord(doc: EndpointKeysDocument): EndpointKeyRecord {
  const endpointId = doc._id;
  if (!isEndpointCategory(doc.category)) throw corrupt(endpointId, 'category');
  if (!isEndpointMethod(doc.method)) throw corrupt(endpointId, 'method');
  if (!(KEY_KINDS as readonly string[]).includes(doc.kind)) throw corrupt(endpointId, 'kind');
  if (!(KEY_ENVIRONMENTS as readonly string[]).includes(doc.environment)) throw corrupt(endpointId, 'environment');
  const kind = doc.kind as KeyKind;
  const keyRecord = (k: KeyDocument) => ({ keyId: parseKeyId(k.keyId), kind, maskedKey: k.maskedKey, createdAt: k.createdAt, lastUsedAt: null });
  const keys: EndpointKeys = {
    endpointId,
    current: keyRecord(doc.current),
    previous: doc.previous ? { ...keyRecord(doc.previous), expiresAt: doc.previous.expiresAt } : null,
    deleted: doc.deleted,
  };
  const material: Record<string, KeyMaterial> = { [doc.current.keyId]: toMaterial(endpointId, doc.current) };
  if (doc.previous) material[doc.previous.keyId] = toMaterial(endpointId, doc.previous);
  const rolls: RollHistoryEntry[] = (doc.rolls ?? []).map((r) => ({
    requestId: r.requestId,
    keyId: r.keyId,
    maskedKey: r.maskedKey,
    oldKeyId: r.oldKeyId,
    oldKeyExpiresAt: r.oldKeyExpiresAt,
    status: r.status === 'COMMITTED' ? 'COMMITTED' : 'ABANDONED',
    at: r.at,
    reason: r.reason ?? null,
  }));
  return {
    endpointId,
    partnerId: doc.partnerId,
    category: doc.category,
    method: doc.method,
    environment: doc.environment as KeyEnvironment,
    issueRequestId: doc.issueRequestId,
    issuedKeyId: doc.issuedKeyId,
    issuedMaskedKey: doc.issuedMaskedKey,
    version: doc.version,
    keys,
    material,
    dataKey: doc.dataKey ? { endpointId, masterKeyId: doc.dataKey.masterKeyId, sealed: toSealed(doc.dataKey.sealed) } : null,
    pendingRoll: doc.pendingRoll ? toPendingRoll(endpointId, doc.pendingRoll) : null,
    rolls,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    deletedAt: doc.deletedAt ?? null,
    addedConfirmedAt: doc.addedConfirmedAt ?? null,
  };
}

function sealedDoc(box: SealedBox | undefined): SealedBoxDocument | null {
  return box ? { algorithm: box.algorithm, iv: box.iv, ciphertext: box.ciphertext, tag: box.tag } : null;
}

function materialDoc(material: KeyMaterial | undefined): { digest: string | null; secret: SealedBoxDocument | null } {
  return { digest: material?.digest ?? null, secret: sealedDoc(material?.secret?.sealed) };
}

function toDocument(record: EndpointKeyRecord): EndpointKeysDocument {
  const { keys, pendingRoll } = record;
  const current = keys.current;
  const previous = keys.previous;
  return {
    _id: record.endpointId,
    partnerId: record.partnerId,
    category: record.category,
    method: record.method,
    kind: current.kind,
    environment: record.environment,
    issueRequestId: record.issueRequestId,
    issuedKeyId: record.issuedKeyId,
    issuedMaskedKey: record.issuedMaskedKey,
    version: record.version,
    current: { keyId: current.keyId, maskedKey: current.maskedKey, createdAt: current.createdAt, ...materialDoc(record.material[current.keyId]) },
    previous: previous
      ? { keyId: previous.keyId, maskedKey: previous.maskedKey, createdAt: previous.createdAt, expiresAt: previous.expiresAt, ...materialDoc(record.material[previous.keyId]) }
      : null,
    deleted: keys.deleted,
    deletedAt: record.deletedAt,
    dataKey: record.dataKey ? { masterKeyId: record.dataKey.masterKeyId, sealed: sealedDoc(record.dataKey.sealed)! } : null,
    pendingRoll: pendingRoll
      ? {
          requestId: pendingRoll.requestId,
          keyId: pendingRoll.keyId,
          maskedKey: pendingRoll.maskedKey,
          ...materialDoc(pendingRoll.material),
          preparedAt: pendingRoll.preparedAt,
          oldKeyId: pendingRoll.oldKeyId,
          oldKeyExpiry: pendingRoll.oldKeyExpiry,
          recordedOldKeyExpiresAt: pendingRoll.recordedOldKeyExpiresAt,
          operatorId: pendingRoll.operatorId,
          attempts: pendingRoll.attempts,
          lastAttemptAt: pendingRoll.lastAttemptAt,
        }
      : null,
    rollPendingSince: pendingRoll?.preparedAt ?? null,
    rolls: record.rolls.map((r) => ({ ...r })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    addedConfirmedAt: record.addedConfirmedAt,
  };
}
