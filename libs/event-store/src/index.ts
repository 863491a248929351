export * from './stored-event';
export * from './event-store';
export * from './hash-chain';
export * from './uuid-v7';
export { MongoEventStore, type AppendObserver, type MongoEventStoreOptions } from './mongo/mongo-event-store';
export { CheckpointRepository } from './mongo/checkpoint.repository';
