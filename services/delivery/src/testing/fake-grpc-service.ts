import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';
import { protoRoot } from '@bakuun/contracts';

export interface FakeGrpcService {
  url: string;
  close(): Promise<void>;
}

type Handler = (request: unknown, metadata: grpc.Metadata) => Promise<unknown>;

/** A real gRPC server for one service of proto/, for tests that need a dependency the delivery service calls. */
export async function startFakeGrpcService(protoFile: string, serviceName: string, handlers: Record<string, Handler>): Promise<FakeGrpcService> {
  const definition = protoLoader.loadSync(join(protoRoot, protoFile), { includeDirs: [protoRoot], longs: Number, enums: Number, defaults: true, oneofs: true, keepCase: false });
  const loaded = grpc.loadPackageDefinition(definition);
  const service = serviceName.split('.').reduce<unknown>((obj, key) => (obj as Record<string, unknown>)[key], loaded) as { service: grpc.ServiceDefinition };
  const server = new grpc.Server();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    implementation[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      handler(call.request, call.metadata).then(
        (response) => callback(null, response),
        (error: Error & { code?: number }) => callback({ code: error.code ?? grpc.status.INTERNAL, details: error.message }),
      );
    };
  }
  server.addService(service.service, implementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
  return { url: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
