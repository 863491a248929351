import { join } from 'node:path';

/** Where the global setup leaves the servers' addresses for the test workers. */
export const infraEnvFile = join(__dirname, '..', '..', '..', '..', '.infra', 'test-env.json');

export interface InfraEnv {
  KAFKA_BROKERS: string;
  MONGODB_URI: string;
}
