import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { isEndpointCategory, isEndpointMethod } from '@bakuun/endpoint-domain';
import { IllegalStateError } from '@bakuun/errors';
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
import type { EndpointKeysDocument, KeyDocument, PendingRollDocument, SealedBoxDocument } from './endpoint-keys.schema';
import { VersionedDocuments } from './versioned-documents.repository';

const DUPLICATE_KEY = 11000;

/** What the head documents carry for queries; the content lives in the latest revision. */
interface EndpointKeysSummary {
  partnerId: string;
  rollPendingSince: Date | null;
  masterKeyId: string | null;
}

interface IssueRequestDocument {
  _id: string;
  endpointId: string;
}

/**
 * Mongoose stays here. Callers get plain EndpointKeyRecord objects built by an explicit mapper.
 * Each write is a new revision of the endpoint's whole document, accepted only if its version
 * is the next one (see VersionedDocuments: FerretDB v1 has no atomic conditional update, but
 * unique `_id`s hold), so two writers never both win and destroyed material never lingers.
 */
@Injectable()
export class EndpointKeysRepository {
  private readonly documents: VersionedDocuments<Omit<EndpointKeysDocument, '_id'> & { endpointId: string }, EndpointKeysSummary>;
  private readonly issueRequests: Model<IssueRequestDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.documents = new VersionedDocuments(connection, 'endpoint_keys');
    this.issueRequests = connection.models.IssueRequest ?? connection.model<IssueRequestDocument>('IssueRequest', issueRequestSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.documents.ensureIndexes([{ rollPendingSince: 1 }, { masterKeyId: 1 }]);
  }

  async get(partnerId: string, endpointId: string): Promise<EndpointKeyRecord | null> {
    const record = await this.getForProcessing(endpointId);
    return record?.partnerId === partnerId ? record : null;
  }

  /** For the event consumer, roll recovery and validation, which learn the partner from the record. */
  async getForProcessing(endpointId: string): Promise<EndpointKeyRecord | null> {
    const latest = await this.documents.latest(endpointId);
    return latest ? toRecord({ ...latest.doc, _id: endpointId, version: latest.version }) : null;
  }

  async findByIssueRequest(partnerId: string, issueRequestId: string): Promise<EndpointKeyRecord | null> {
    const reservation = await this.issueRequests.findById(issueRequestKey(partnerId, issueRequestId)).lean<IssueRequestDocument>();
    return reservation ? this.get(partnerId, reservation.endpointId) : null;
  }

  /**
   * Inserts a new endpoint's keys; false when the endpoint already has keys, or the partner's
   * issue request id was already used for another endpoint. The request id is reserved first
   * (unique `_id`), so a request id can never issue keys for two endpoints.
   */
  async insert(record: EndpointKeyRecord): Promise<boolean> {
    const reservation = issueRequestKey(record.partnerId, record.issueRequestId);
    try {
      await this.issueRequests.create({ _id: reservation, endpointId: record.endpointId });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.issueRequests.findById(reservation).lean<IssueRequestDocument>();
      if (existing?.endpointId !== record.endpointId) return false;
    }
    return this.documents.tryWrite(record.endpointId, 1, content(record), summaryOf(record));
  }

  /** Writes `next` as revision `next.version`; ConcurrencyError when another writer got that version first. */
  async replace(next: EndpointKeyRecord): Promise<void> {
    await this.documents.write(next.endpointId, next.version, content(next), summaryOf(next));
  }

  /** Strips every revision but the latest (crypto-shredding repeats this in case a crash interrupted it). */
  async stripHistory(endpointId: string): Promise<void> {
    const latest = await this.documents.latest(endpointId);
    if (latest) await this.documents.stripBefore(endpointId, latest.version);
  }

  /** Endpoints whose roll has been pending since before `before`, oldest first. */
  async findPendingRolls(before: Date, limit: number): Promise<EndpointKeyRecord[]> {
    const endpointIds = await this.documents.findKeys({ rollPendingSince: { $lt: before } }, limit, { rollPendingSince: 1 });
    const records = await Promise.all(endpointIds.map((id) => this.getForProcessing(id)));
    return records.filter((r): r is EndpointKeyRecord => r?.pendingRoll != null && r.pendingRoll.preparedAt.getTime() < before.getTime());
  }

  /** Records whose data key is wrapped under another master key than `masterKeyId` (master-key rotation). */
  async findWrappedUnderOtherMasterKey(masterKeyId: string, limit: number): Promise<EndpointKeyRecord[]> {
    const endpointIds = await this.documents.findKeys({ masterKeyId: { $nin: [null, masterKeyId] } }, limit);
    const records = await Promise.all(endpointIds.map((id) => this.getForProcessing(id)));
    return records.filter((r): r is EndpointKeyRecord => r?.dataKey != null && r.dataKey.masterKeyId !== masterKeyId);
  }
}

const issueRequestSchema = new Schema<IssueRequestDocument>({ _id: { type: String, required: true }, endpointId: { type: String, required: true } }, { versionKey: false, collection: 'issue_requests' });
const issueRequestKey = (partnerId: string, requestId: string) => JSON.stringify([partnerId, requestId]);

function summaryOf(record: EndpointKeyRecord): EndpointKeysSummary {
  return { partnerId: record.partnerId, rollPendingSince: record.pendingRoll?.preparedAt ?? null, masterKeyId: record.dataKey?.masterKeyId ?? null };
}

function content(record: EndpointKeyRecord): Omit<EndpointKeysDocument, '_id'> & { endpointId: string } {
  const { _id, ...rest } = toDocument(record);
  return { ...rest, endpointId: _id };
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
