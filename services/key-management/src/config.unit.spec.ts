import { ConfigurationError } from '@bakuun/platform';
import { loadKeyManagementConfig } from './config';

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
const base = { MONGODB_URI: 'mongodb://127.0.0.1:27117/', KAFKA_BROKERS: '127.0.0.1:19092' };

function problems(env: Record<string, string>): string {
  try {
    loadKeyManagementConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('key management configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadKeyManagementConfig({ ...base, MASTER_KEYS: `mk1:${key(1)}` });
    expect(config).toMatchObject({
      KEYS_DATABASE: 'bakuun_keys',
      ENDPOINT_EVENTS_TOPIC: 'webhooks.endpoint-events.v1',
      KEYS_CONSUMER_GROUP: 'key-management',
      KEYS_GRPC_PORT: 50052,
      KEYS_HTTP_PORT: 8082,
      BIND_HOST: '127.0.0.1',
      REGISTRY_URL: '127.0.0.1:50051',
      KEY_ENVIRONMENT: 'test',
      LAST_USE_FLUSH_MS: 2000,
      VALIDATION_CACHE_TTL_MS: 5000,
      REGISTRY_CALL_TIMEOUT_MS: 5000,
      LOG_LEVEL: 'info',
    });
    expect(config.masterKeyring.activeKeyId).toBe('mk1');
    expect(config.masterKeyring.keys.get('mk1')).toEqual(Buffer.alloc(32, 1));
  });

  it('holds several master keys for rotation and requires the active one to be named among them', () => {
    const config = loadKeyManagementConfig({ ...base, MASTER_KEYS: `old:${key(1)}, new:${key(2)}`, MASTER_KEY_ACTIVE: 'new' });
    expect([...config.masterKeyring.keys.keys()]).toEqual(['old', 'new']);
    expect(config.masterKeyring.activeKeyId).toBe('new');
    expect(problems({ ...base, MASTER_KEYS: `old:${key(1)},new:${key(2)}` })).toContain('MASTER_KEY_ACTIVE: required when MASTER_KEYS holds more than one key');
    expect(problems({ ...base, MASTER_KEYS: `old:${key(1)}`, MASTER_KEY_ACTIVE: 'new' })).toContain('master key new is not in MASTER_KEYS');
  });

  it('names the bad key without ever echoing master key material', () => {
    const short = Buffer.alloc(16, 7).toString('base64');
    const message = problems({ ...base, MASTER_KEYS: `mk1:${short}` });
    expect(message).toContain('MASTER_KEYS: master key mk1 must decode to 32 bytes, got 16');
    expect(message).not.toContain(short);
    expect(problems({ ...base, MASTER_KEYS: 'not a key' })).toContain('MASTER_KEYS: entry 1 must be <id>:<base64 of 32 bytes>');
    expect(problems({ ...base, MASTER_KEYS: `a:${key(1)},a:${key(2)}` })).toContain('master key ids must be unique');
    expect(problems(base)).toContain('MASTER_KEYS: Required');
  });

  it('refuses a recovery delay shorter than the registry call deadline', () => {
    expect(problems({ ...base, MASTER_KEYS: `mk1:${key(1)}`, REGISTRY_CALL_TIMEOUT_MS: '5000', ROLL_RECOVERY_AFTER_MS: '1000' })).toContain('ROLL_RECOVERY_AFTER_MS');
  });
});
