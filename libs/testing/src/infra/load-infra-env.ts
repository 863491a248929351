import { readFileSync } from 'node:fs';
import { InfraEnv, infraEnvFile } from './infra-env-file';

const env = JSON.parse(readFileSync(infraEnvFile, 'utf8')) as InfraEnv;
process.env.KAFKA_BROKERS = env.KAFKA_BROKERS;
process.env.MONGODB_URI = env.MONGODB_URI;
