import { z } from 'zod/v4';

/*
 * The console's REST contract. Each schema validates what the API accepts and, through
 * `z.toJSONSchema`, is the OpenAPI document's component of the same name (zod's v4 API, bundled
 * with the zod 3.25 the platform's config parsing uses, is the one that emits JSON Schema).
 */

const instant = z.string().describe('RFC 3339 instant');

/** A required text input whose every failure (missing, not text, blank) reads as one instruction. */
const requiredText = (message: string, max: number) => z.string({ error: message }).trim().min(1, message).max(max, `At most ${max} characters`);

export const Category = z.enum(['MAPPING', 'ARI', 'BOOKING']);
export const Method = z.enum(['PUSH', 'READ']);
export const CategoryQuery = z.object({ category: z.enum(['MAPPING', 'ARI', 'BOOKING'], { error: 'category must be MAPPING, ARI or BOOKING' }) });
export const Direction = z.enum(['OUTBOUND', 'INBOUND']).describe('OUTBOUND: the platform calls your URL. INBOUND: you call a URL the platform generated.');
export const EndpointStatus = z.enum(['TO_SET', 'ACTIVE', 'SUSPENDED', 'DELETED']);

export const Suspension = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('MANUAL'), note: z.string().nullable(), summary: z.string() }),
    z.object({
      kind: z.literal('AUTOMATIC'),
      metric: z.string(),
      value: z.number(),
      windowSeconds: z.number().int(),
      attempts: z.number().int(),
      summary: z.string(),
    }),
    z.object({ kind: z.literal('RECEIVER_GONE'), statusCode: z.number().int(), summary: z.string() }),
  ])
  .describe('Why the endpoint is suspended; AUTOMATIC carries the figure that triggered it.');

export const Endpoint = z.object({
  id: z.string().describe('`ep_` + 26 base32 characters'),
  category: Category,
  method: Method,
  direction: Direction,
  url: z.string().nullable().describe('Null while an outbound endpoint has no URL yet.'),
  urlSetBy: z.enum(['PARTNER', 'PLATFORM']),
  apiVersion: z.string(),
  status: EndpointStatus,
  suspension: Suspension.nullable(),
  errorRate: z.number().min(0).max(1).nullable().describe('Failed / all requests over the last hour; null until measured.'),
  maskedKey: z.string(),
  keyLastUsedAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
  version: z.number().int().describe('Send it back in `If-Match` to refuse a change to an endpoint that changed meanwhile.'),
});

export const EndpointList = z.object({ endpoints: z.array(Endpoint) });

export const AddEndpointsRequest = z
  .object({
    category: z.enum(Category.options, { error: 'Choose MAPPING, ARI or BOOKING' }),
    methods: z.array(z.enum(Method.options, { error: 'Each method is PUSH or READ' }), { error: 'Select at least one method' }).min(1, 'Select at least one method').max(2, 'Select at most two methods'),
    url: z.string().trim().max(2048).optional().describe('URL of the outbound endpoint among the methods; it can also be set later.'),
  })
  .strict();

export const AddEndpointsResult = z.object({
  endpoints: z.array(z.object({ endpoint: Endpoint, key: z.string().describe('Shown once: the signing secret (outbound) or API key (inbound).') })),
});

export const SetUrlRequest = z.object({ url: requiredText('Enter a URL', 2048) }).strict();
export const UpdateApiVersionRequest = z.object({ apiVersion: requiredText('Choose a version', 32) }).strict();
export const SuspendRequest = z.object({ note: z.string().trim().max(500).optional() }).strict();

export const ApiVersion = z.object({
  version: z.string(),
  releasedOn: z.string(),
  status: z.enum(['CURRENT', 'SUPPORTED', 'DEPRECATED', 'RETIRED']),
  selectable: z.boolean().describe('CURRENT and SUPPORTED versions can be chosen; DEPRECATED and RETIRED cannot.'),
  changelog: z.array(z.object({ kind: z.enum(['ADDED', 'CHANGED', 'REMOVED']), path: z.string(), description: z.string() })),
});
export const ApiVersionList = z.object({ category: Category, versions: z.array(ApiVersion) });

export const HistoryEntry = z.object({
  version: z.number().int(),
  type: z.string(),
  occurredAt: instant,
  actor: z.object({ kind: z.enum(['USER', 'SERVICE', 'SYSTEM']), id: z.string() }),
  summary: z.string(),
  hash: z.string(),
  previousHash: z.string(),
});
export const History = z.object({ endpointId: z.string(), events: z.array(HistoryEntry) });

export const CategoryGuide = z.object({
  categories: z.array(
    z.object({
      category: Category,
      title: z.string(),
      description: z.string(),
      notes: z.array(z.string()),
      methods: z.array(z.object({ method: Method, direction: Direction, label: z.string(), description: z.string(), keyKind: z.enum(['SIGNING_SECRET', 'API_KEY']) })),
    }),
  ),
});

export const KeyInfo = z.object({
  maskedKey: z.string(),
  createdAt: instant,
  lastUsedAt: instant.nullable(),
  expiresAt: instant.nullable(),
  state: z.enum(['ACTIVE', 'EXPIRING', 'REVOKED']),
});
export const EndpointKey = z.object({ current: KeyInfo, previous: KeyInfo.nullable(), rollPending: z.boolean() });
export const KeyExpiryChoices = z.object({ choices: z.array(z.object({ code: z.string(), label: z.string(), seconds: z.number().int() })) });
export const RollKeyRequest = z
  .object({
    oldKeyExpiry: requiredText('Choose when the current key expires', 16),
    password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'At most 1024 characters'),
  })
  .strict();
export const RollKeyResult = z.object({
  maskedKey: z.string(),
  key: z.string().describe('Shown once.'),
  oldKeyExpiresAt: instant,
});

export const SignInRequest = z
  .object({
    partnerId: requiredText('Enter your partner id', 64),
    operatorId: requiredText('Enter your operator id', 128),
    password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1024, 'At most 1024 characters'),
  })
  .strict();
export const SessionView = z.object({
  signedIn: z.boolean(),
  partnerId: z.string().nullable(),
  operatorId: z.string().nullable(),
  csrfToken: z.string().describe('Send it in `X-CSRF-Token` on every POST, PUT and DELETE.'),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe("The platform's message, in plain words."),
  instance: z.string(),
  code: z.string().describe('Stable code, e.g. `ENDPOINT.URL_NOT_HTTPS`.'),
  field: z.string().optional().describe('The request field that caused it.'),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  requestId: z.string(),
});

export type EndpointDto = z.infer<typeof Endpoint>;
export type SuspensionDto = z.infer<typeof Suspension>;
export type ApiVersionDto = z.infer<typeof ApiVersion>;
export type HistoryEntryDto = z.infer<typeof HistoryEntry>;
export type CategoryGuideDto = z.infer<typeof CategoryGuide>;
export type KeyInfoDto = z.infer<typeof KeyInfo>;
export type EndpointKeyDto = z.infer<typeof EndpointKey>;
export type SessionViewDto = z.infer<typeof SessionView>;

/** Every named schema, as OpenAPI components. */
export const API_SCHEMAS = {
  Endpoint,
  EndpointList,
  AddEndpointsRequest,
  AddEndpointsResult,
  SetUrlRequest,
  UpdateApiVersionRequest,
  SuspendRequest,
  ApiVersionList,
  History,
  CategoryGuide,
  EndpointKey,
  KeyExpiryChoices,
  RollKeyRequest,
  RollKeyResult,
  SignInRequest,
  SessionView,
  Problem,
} as const;

export type ApiSchemaName = keyof typeof API_SCHEMAS;
