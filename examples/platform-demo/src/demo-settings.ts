import { randomBytes } from 'node:crypto';

/** Where the running platform is, and who the demo acts as. Every value has the `npm start` default. */
export interface DemoSettings {
  registryUrl: string;
  keyManagementUrl: string;
  deliveryUrl: string;
  metricsUrl: string;
  consoleUrl: string;
  kafkaBrokers: string;
  mongodbUri: string;
  keysDatabase: string;
  /** Prefixed to the upstream topic names (tests run the platform on topics of their own). */
  topicPrefix: string;
  partnerId: string;
  operatorId: string;
  /** How long to wait for each expected delivery before giving up. */
  waitMs: number;
}

export function loadDemoSettings(env: NodeJS.ProcessEnv = process.env): DemoSettings {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required (scripts/demo sets it from scripts/infra env)`);
    return value;
  };
  return {
    registryUrl: env.REGISTRY_URL ?? '127.0.0.1:50051',
    keyManagementUrl: env.KEY_MANAGEMENT_URL ?? '127.0.0.1:50052',
    deliveryUrl: env.DELIVERY_URL ?? '127.0.0.1:50053',
    metricsUrl: env.METRICS_URL ?? '127.0.0.1:50054',
    consoleUrl: env.CONSOLE_URL ?? 'http://127.0.0.1:8080',
    kafkaBrokers: required('KAFKA_BROKERS'),
    mongodbUri: required('MONGODB_URI'),
    keysDatabase: env.KEYS_DATABASE ?? 'bakuun_keys',
    topicPrefix: env.DEMO_TOPIC_PREFIX ?? '',
    // A partner of its own per run: a demo never meets the endpoints (or the cap) of an earlier one.
    partnerId: env.DEMO_PARTNER_ID ?? `demo-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(2).toString('hex')}`,
    operatorId: env.DEMO_OPERATOR_ID ?? 'demo-operator',
    waitMs: Number(env.DEMO_WAIT_MS ?? 60_000),
  };
}
