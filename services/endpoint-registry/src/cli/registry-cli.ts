import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import { endpointsV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { categoryName, describeReason, endpointTable, eventLine, methodName, statusName, table } from './cli-output';

const USAGE = `Usage: npm run registry -- <command> [args] [--partner P] [--actor kind:id] [--json] [--request-id ID]

Operators:
  add <MAPPING|ARI|BOOKING> <push|read>[,<push|read>] [--url URL] [--api-version V]
  get <endpoint-id>
  list [--category C] [--status TO_SET|ACTIVE|SUSPENDED|DELETED] [--include-deleted]
  set-url <endpoint-id> <url>
  set-version <endpoint-id> <version>
  versions <MAPPING|ARI|BOOKING>
  suspend <endpoint-id> [--note TEXT]
  activate <endpoint-id>
  delete <endpoint-id>
Auditors:
  history <endpoint-id>
  as-of <endpoint-id> <RFC 3339 instant>
  verify [<endpoint-id>]        (every stream of the partner when no id is given)

Environment: REGISTRY_URL (default 127.0.0.1:50051), BAKUUN_PARTNER_ID, BAKUUN_ACTOR (kind:id).`;

type Client = registryV1.EndpointRegistryServiceClient;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      actor: { type: 'string' },
      json: { type: 'boolean', default: false },
      'request-id': { type: 'string' },
      url: { type: 'string' },
      'api-version': { type: 'string' },
      category: { type: 'string' },
      status: { type: 'string' },
      'include-deleted': { type: 'boolean', default: false },
      note: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const partner = values.partner ?? process.env.BAKUUN_PARTNER_ID;
  if (!partner) throw new UsageError('--partner (or BAKUUN_PARTNER_ID) is required');
  const [actorKind, actorId] = (values.actor ?? process.env.BAKUUN_ACTOR ?? 'user:cli').split(':');
  const metadata = callMetadata(partner, { kind: (actorKind ?? 'user').toUpperCase() as 'USER', id: actorId ?? 'cli' }, randomUUID());
  const requestId = values['request-id'] ?? randomUUID();
  const { service: client, close } = createGrpcClient<Client>(process.env.REGISTRY_URL ?? '127.0.0.1:50051', registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  const call = <T>(o: Observable<T>) => lastValueFrom(o);
  const print = (json: unknown, human: string) => process.stdout.write(`${values.json ? JSON.stringify(json, null, 2) : human}\n`);
  const need = (n: number) => {
    if (args.length < n) throw new UsageError(`${command} needs ${n} argument(s); see --help`);
  };
  try {
    switch (command) {
      case 'add': {
        need(2);
        const methods = args[1]!.split(',').map((m) => enumValue(endpointsV1.EndpointMethod, 'ENDPOINT_METHOD_', m));
        const res = await call(client.addEndpoints({ requestId, category: enumValue(endpointsV1.EndpointCategory, 'ENDPOINT_CATEGORY_', args[0]!), methods, url: values.url ?? '', apiVersion: values['api-version'] ?? '' }, metadata));
        print(res, res.endpoints.map((a) => `${endpointTable([a.endpoint!])}\n${a.key ? `key (shown once, store it now): ${a.key}` : 'key: already shown when this request first ran'}`).join('\n\n'));
        return 0;
      }
      case 'get': {
        need(1);
        const res = await call(client.getEndpoint({ endpointId: args[0]! }, metadata));
        print(res, `${endpointTable([res.endpoint!])}${res.endpoint?.suspensionReason ? `\nsuspended: ${describeReason(res.endpoint.suspensionReason)}` : ''}`);
        return 0;
      }
      case 'list': {
        const endpoints: registryV1.Endpoint[] = [];
        let pageToken = '';
        do {
          const res = await call(client.listEndpoints({
            category: values.category ? enumValue(endpointsV1.EndpointCategory, 'ENDPOINT_CATEGORY_', values.category) : 0,
            status: values.status ? enumValue(endpointsV1.EndpointStatus, 'ENDPOINT_STATUS_', values.status) : 0,
            method: 0,
            pageSize: 100,
            pageToken,
            includeDeleted: values['include-deleted'] ?? false,
          }, metadata));
          endpoints.push(...res.endpoints);
          pageToken = res.nextPageToken;
        } while (pageToken);
        print({ endpoints }, endpoints.length ? endpointTable(endpoints) : 'no endpoints');
        return 0;
      }
      case 'set-url':
        need(2);
        return printEndpoint(await call(client.configureEndpointUrl({ requestId, endpointId: args[0]!, url: args[1]!, expectedVersion: 0 }, metadata)));
      case 'set-version':
        need(2);
        return printEndpoint(await call(client.updateApiVersion({ requestId, endpointId: args[0]!, apiVersion: args[1]!, expectedVersion: 0 }, metadata)));
      case 'versions': {
        need(1);
        const res = await call(client.listApiVersions({ category: enumValue(endpointsV1.EndpointCategory, 'ENDPOINT_CATEGORY_', args[0]!) }, metadata));
        print(res, res.versions.map((v) => `${v.version}  ${String(registryV1.ApiVersionStatus[v.status]).replace('API_VERSION_STATUS_', '')}\n${v.changelog.map((c) => `    ${String(registryV1.ApiVersionChangeKind[c.kind]).replace('API_VERSION_CHANGE_KIND_', '').padEnd(8)} ${c.path}: ${c.description}`).join('\n')}`).join('\n'));
        return 0;
      }
      case 'suspend':
        need(1);
        return printEndpoint(await call(client.suspendEndpoint({ requestId, endpointId: args[0]!, reason: { manual: { note: values.note ?? '' } }, expectedVersion: 0 }, metadata)));
      case 'activate':
        need(1);
        return printEndpoint(await call(client.activateEndpoint({ requestId, endpointId: args[0]!, expectedVersion: 0 }, metadata)));
      case 'delete':
        need(1);
        return printEndpoint(await call(client.deleteEndpoint({ requestId, endpointId: args[0]!, expectedVersion: 0 }, metadata)));
      case 'history': {
        need(1);
        const events = await lastValueFrom(client.getEndpointHistory({ endpointId: args[0]! }, metadata).pipe(toArray()));
        print(events.map((e) => e.event), events.map((e) => eventLine(e.event)).join('\n'));
        return 0;
      }
      case 'as-of': {
        need(2);
        const res = await call(client.getEndpointAsOf({ endpointId: args[0]!, asOf: args[1]! }, metadata));
        print(res, res.endpoint ? `as of ${args[1]} (${res.eventsApplied} events applied):\n${endpointTable([res.endpoint])}` : `the endpoint did not exist yet at ${args[1]}`);
        return 0;
      }
      case 'verify': {
        const res = await call(client.verifyEndpointHistory({ endpointId: args[0] ?? '' }, metadata));
        print(res, `${table([['STREAM', 'EVENTS', 'RESULT'], ...res.streams.map((s) => [s.streamId, String(s.eventsChecked), s.valid ? 'ok' : `BROKEN at v${s.firstBrokenVersion}: ${s.problem}`])])}\n${res.valid ? 'hash chains verified: no event was edited' : 'HASH CHAIN BROKEN: the history was edited'}`);
        return res.valid ? 0 : 3;
      }
      default:
        throw new UsageError(`unknown command "${command}"; see --help`);
    }
  } finally {
    close();
  }

  function printEndpoint(res: { endpoint?: registryV1.Endpoint | undefined }): number {
    const e = res.endpoint!;
    print(res, `${e.endpointId}: ${categoryName(e.category)} ${methodName(e.method)} is ${statusName(e.status)} (v${e.version})`);
    return 0;
  }
}

class UsageError extends Error {}

function enumValue(enumObject: Record<string, string | number>, prefix: string, input: string): number {
  const value = enumObject[`${prefix}${input.toUpperCase()}`];
  if (typeof value !== 'number') throw new UsageError(`"${input}" is not one of ${Object.keys(enumObject).filter((k) => k.startsWith(prefix) && !k.endsWith('UNSPECIFIED')).map((k) => k.slice(prefix.length)).join(', ')}`);
  return value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const grpc = error as { code?: number; details?: string; metadata?: { get(k: string): unknown[] } };
    if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
    else if (typeof grpc.code === 'number') process.stderr.write(`error: ${grpc.details ?? 'call failed'}${grpc.metadata ? ` [${String(grpc.metadata.get('x-error-code')[0] ?? grpc.code)}]` : ''}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
