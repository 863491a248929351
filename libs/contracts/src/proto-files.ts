import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest ancestor folder holding `proto/buf.yaml`: the sources run from `src/`, the builds from `dist/`. */
function findProtoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'buf.yaml'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`proto/buf.yaml not found above ${start}`);
  }
}

/** Where the .proto sources live at runtime: NestJS's gRPC transport loads them with proto-loader. */
export const protoRoot = findProtoRoot(__dirname);

export const protoFiles = {
  registry: 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto',
  keys: 'bakuun/webhooks/keys/v1/key_management_service.proto',
} as const;
