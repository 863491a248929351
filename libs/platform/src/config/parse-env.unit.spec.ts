import { z } from 'zod';
import { booleanFlag, brokerList, ConfigurationError, parseEnv, port } from './parse-env';

const schema = z.object({ KAFKA_BROKERS: brokerList, GRPC_PORT: port.default(50051), SECRET: z.string().min(32), DEBUG: booleanFlag.default('false') });

describe('parseEnv', () => {
  it('returns a typed object with defaults applied', () => {
    const config = parseEnv(schema, { KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093', SECRET: 'x'.repeat(32) });
    expect(config).toEqual({ KAFKA_BROKERS: ['127.0.0.1:19092', '127.0.0.1:19093'], GRPC_PORT: 50051, SECRET: 'x'.repeat(32), DEBUG: false });
  });

  it('names every bad key and never echoes a value', () => {
    let error: unknown;
    try {
      parseEnv(schema, { KAFKA_BROKERS: 'no-port', GRPC_PORT: '70000', SECRET: 'short-secret-value' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toMatch(/KAFKA_BROKERS: expected host:port/);
    expect(message).toMatch(/GRPC_PORT:/);
    expect(message).toMatch(/SECRET:/);
    expect(message).not.toContain('short-secret-value');
  });
});
