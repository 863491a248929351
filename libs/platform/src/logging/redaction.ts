/**
 * Field names whose values are secrets wherever they appear in a log record. Matching is by
 * name at any depth (pino's redact paths cover the common nestings).
 */
export const secretFieldNames = [
  'password',
  'plaintext',
  'secret',
  'secrets',
  'apiKey',
  'api_key',
  'key',
  'authorization',
  'cookie',
  'masterKey',
  'dataKey',
  'x-api-key',
] as const;

export const redactPaths: string[] = secretFieldNames.flatMap((name) => {
  const field = /^[a-zA-Z_$][\w$]*$/.test(name) ? name : `["${name}"]`;
  const dot = field.startsWith('[') ? '' : '.';
  return [field, `*${dot}${field}`, `*.*${dot}${field}`, `req.headers${dot}${field}`];
});

export const REDACTED = '[redacted]';
