export { parseUpstreamDocument } from './ingest';
export type { IngestIssue, IngestIssueCode } from './issues';
export type { DocumentFormat, IngestOptions, IngestResult, IngestedDocument, UpstreamMessage, UpstreamMessageType } from './model';
export { deterministicMessageId, MESSAGE_ID_PREFIX } from './message-id';
export { countByType, decodeUpstreamValue, describeCounts, toUpstreamRecord, UPSTREAM_SCHEMA_VERSION, UPSTREAM_TOPICS, type UpstreamRecord, type UpstreamTopics } from './upstream-records';
