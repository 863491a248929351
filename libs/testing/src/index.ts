export * from './infra/test-namespace';
export { DeciderSpecification, type Decider, type DeciderThen } from './decider-specification';
export { ProjectionSpecification, type Projection, type ProjectionThen } from './projection-specification';
export * from './processes/service-process';
export * from './processes/platform-peers';
export * from './repo-root';
export { ensureInfraEnv, startInfra } from './infra/ensure-infra-env';
export type { InfraEnv } from './infra/infra-env-file';
