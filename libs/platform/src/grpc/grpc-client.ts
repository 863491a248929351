import { ClientGrpcProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import { join } from 'node:path';
import { protoRoot } from '@bakuun/contracts';
import { ACTOR_ID_METADATA, ACTOR_KIND_METADATA, CORRELATION_ID_METADATA, PARTNER_ID_METADATA, CallActor } from './call-context';

/** A NestJS gRPC client for one service of proto/, usable inside or outside a Nest application. */
export function createGrpcClient<T extends object>(url: string, protoPackage: string, protoFile: string, serviceName: string): { service: T; close: () => void } {
  const proxy = ClientProxyFactory.create({
    transport: Transport.GRPC,
    options: {
      url,
      package: protoPackage,
      protoPath: join(protoRoot, protoFile),
      loader: { includeDirs: [protoRoot], longs: Number, enums: Number, defaults: true, oneofs: true, keepCase: false },
    },
  }) as ClientGrpcProxy;
  return { service: proxy.getService<T>(serviceName), close: () => proxy.close() };
}

/** The call metadata platform services expect: partner scope, actor, correlation id. */
export function callMetadata(partnerId: string, actor: CallActor, correlationId?: string): Metadata {
  const metadata = new Metadata();
  metadata.set(PARTNER_ID_METADATA, partnerId);
  metadata.set(ACTOR_KIND_METADATA, actor.kind.toLowerCase());
  metadata.set(ACTOR_ID_METADATA, actor.id);
  if (correlationId) metadata.set(CORRELATION_ID_METADATA, correlationId);
  return metadata;
}
