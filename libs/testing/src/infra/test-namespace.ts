import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

export interface TestNamespace {
  /** A database of its own for one test file. */
  databaseName: string;
  /** Prefix a topic name so reruns and parallel files never see each other's messages. */
  topic(name: string): string;
  /** A consumer group id of its own. */
  group(name: string): string;
  /** The MongoDB URI pointing at this namespace's database. */
  mongoUri: string;
  kafkaBrokers: string[];
}

/** Gives each test file its own database, topic and group names (unique per run). */
export function testNamespace(testFile: string): TestNamespace {
  const slug = basename(testFile).replace(/\.(unit|int|e2e)\.spec\.ts$/, '').replace(/[^a-zA-Z0-9]+/g, '_').slice(0, 24);
  const id = `${slug}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const mongoBase = required('MONGODB_URI');
  return {
    databaseName: `t_${id}`,
    topic: (name) => `t.${id}.${name}`,
    group: (name) => `t.${id}.${name}`,
    mongoUri: withDatabase(mongoBase, `t_${id}`),
    kafkaBrokers: required('KAFKA_BROKERS').split(',').map((b) => b.trim()),
  };
}

function required(name: 'MONGODB_URI' | 'KAFKA_BROKERS'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: integration tests run under the jest "integration" project`);
  return value;
}

function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}
