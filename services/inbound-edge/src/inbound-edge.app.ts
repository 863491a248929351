import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka } from 'kafkajs';
import { Connection } from 'mongoose';
import { createLogger, ensureTopics, PinoNestLogger } from '@bakuun/platform';
import type { InboundEdgeConfig } from './config';
import { AttemptPublisher } from './inbound/attempts/attempt-publisher';
import { IdempotencyRepository } from './inbound/bookings/idempotency.repository';
import { EndpointEventsConsumer } from './inbound/endpoint-view/endpoint-events.consumer';
import { InboundModule } from './inbound/inbound.module';
import { KAFKA, MONGO_CONNECTION } from './inbound/inbound.di-tokens';
import { MappingConsumer } from './inbound/mapping/mapping.consumer';
import { MappingRepository } from './inbound/mapping/mapping.repository';

export interface RunningInboundEdge {
  app: INestApplication;
  httpUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the edge: indexes, topics, the endpoint view caught up with its topic, the mapping
 * consumer, then HTTP. `close` stops taking requests, lets those in flight finish, flushes the
 * attempts and disconnects.
 */
export async function startInboundEdge(config: InboundEdgeConfig, overrides: Provider[] = []): Promise<RunningInboundEdge> {
  const logger = createLogger({ service: 'inbound-edge', level: config.LOG_LEVEL });
  const app = await NestFactory.create<NestExpressApplication>(InboundModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false });
  app.disable('x-powered-by');
  await Promise.all([app.get(MappingRepository).ensureIndexes(), app.get(IdempotencyRepository).ensureIndexes()]);
  await ensureTopics(app.get<Kafka>(KAFKA), [{ topic: config.ENDPOINT_EVENTS_TOPIC }, { topic: config.MAPPING_TOPIC }, { topic: config.INBOUND_BOOKINGS_TOPIC }, { topic: config.DELIVERY_ATTEMPTS_TOPIC }]);
  await app.get(EndpointEventsConsumer).start();
  await app.get(MappingConsumer).start();
  app.get(AttemptPublisher).start();
  const idempotency = app.get(IdempotencyRepository);
  const purge = setInterval(() => void idempotency.purgeExpired(Date.now()).catch(() => undefined), 60_000);
  purge.unref();
  app.enableShutdownHooks([]);
  await app.listen(config.INBOUND_HTTP_PORT, config.BIND_HOST);
  const httpUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  let closing: Promise<void> | null = null;
  return {
    app,
    httpUrl,
    close: () =>
      (closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        await app.get<Connection>(MONGO_CONNECTION).close();
      })()),
  };
}
