import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { createLogger, PinoNestLogger, ServiceMetrics } from '@bakuun/platform';
import { buildOpenApiDocument } from './api/openapi';
import type { ConsoleConfig } from './config';
import { ConsoleModule } from './console.module';
import { httpContext } from './http/http-context.middleware';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { sessionCookieName } from './session/session-cookie';

export interface RunningConsole {
  app: INestApplication;
  httpUrl: string;
  close(): Promise<void>;
}

/** Request bodies are small JSON documents; anything larger is refused before parsing. */
const BODY_LIMIT = '16kb';

/** Starts the console: the page, the REST API (OpenAPI at /api/openapi.json, /api/docs), /healthz, /readyz, /metrics. */
export async function startConsole(config: ConsoleConfig, overrides: Provider[] = []): Promise<RunningConsole> {
  const logger = createLogger({ service: 'console', level: config.LOG_LEVEL });
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false });
  app.disable('x-powered-by');
  // Answers carrying keys are never cached (Cache-Control: no-store), so Express's body hashing for ETags is of no use; the page sets its own.
  app.set('etag', false);
  app.use(httpContext(app.get(ServiceMetrics), config.cookieSecure));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = buildOpenApiDocument(app, sessionCookieName(config.cookieSecure));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml', customSiteTitle: 'Bakuun console API' });
  app.enableShutdownHooks();
  await app.listen(config.CONSOLE_HTTP_PORT, config.BIND_HOST);
  const httpUrl = await app.getUrl();
  let closing: Promise<void> | null = null;
  return { app, httpUrl, close: () => (closing ??= app.close()) };
}
