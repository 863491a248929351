import { applyDecorators, INestApplication } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod/v4';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details';
import { API_SCHEMAS, type ApiSchemaName } from './api.schemas';

export const schemaRef = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });

export const ApiJsonBody = (name: ApiSchemaName) => ApiBody({ schema: schemaRef(name) });

export const ApiJsonResponse = (status: number, name: ApiSchemaName, description: string) => ApiResponse({ status, description, schema: schemaRef(name) });

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `field` names it',
  401: 'Not signed in, or the password was not accepted',
  403: 'CSRF token missing or wrong, or the request came from another site',
  404: 'No such endpoint for your partner',
  409: 'Not possible in the endpoint’s current state, or it changed meanwhile (If-Match)',
  429: 'Too many attempts',
  503: 'A platform service cannot be reached',
  504: 'A platform service did not answer in time',
};

/** The problem documents a route may answer with (RFC 9457). */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: PROBLEM_DESCRIPTIONS[status] ?? 'Error', content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaRef('Problem') } } })),
  );

/** What every POST, PUT and DELETE must carry. */
export const ApiStateChange = () =>
  applyDecorators(
    ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The `csrfToken` of GET /api/session.' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key answers with the first result.' }),
  );

export const ApiIfMatch = () => ApiHeader({ name: 'If-Match', required: false, description: 'The endpoint `version` you saw; a change made meanwhile makes the request fail with 409.' });

/** Components generated from the same zod schemas that validate requests. */
function componentSchemas(): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(API_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

export function buildOpenApiDocument(app: INestApplication, sessionCookie: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Bakuun Webhooks console API')
    .setDescription(
      'The REST API behind the partner console’s Webhook section. Sign in with POST /api/session; the session cookie ' +
        'authenticates later requests, and every POST, PUT and DELETE carries the session’s CSRF token in X-CSRF-Token. ' +
        'Every call is scoped to the signed-in operator’s partner. Errors are RFC 9457 problem documents with a stable `code`.',
    )
    .setVersion('1')
    .addCookieAuth(sessionCookie, { type: 'apiKey', in: 'cookie', name: sessionCookie }, 'session')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The REST API only: the page and the ops endpoints (/healthz, /readyz, /metrics) are not part of it.
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')));
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...componentSchemas() } };
  return document;
}
