import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { parse } from 'yaml';
import {
  byKind,
  chartDir,
  ensureHelm,
  helm,
  K8sObject,
  named,
  podTemplates,
  productionValues,
  render,
  repoRoot,
  templateArgs,
  validateObjects,
  valuesFile,
} from './chart-harness';

/**
 * The Helm chart as a tested artifact: lint, render with default, production-like and
 * all-features values, validate every object against the Kubernetes schemas, assert what
 * production relies on, prove the schema and the templates refuse bad values, run the topic
 * Job's script against the real broker, and check the images' and skaffold's wiring.
 */

const SERVICES = ['endpoint-registry', 'key-management', 'delivery', 'inbound-edge', 'metrics'] as const;
/** Every image skaffold builds: the services, and the optional console. */
const IMAGES = [...SERVICES, 'console'] as const;
/** Services serving gRPC; inbound-edge and the console serve HTTP only. */
const GRPC_PORTS: Record<string, number> = { 'endpoint-registry': 50051, 'key-management': 50052, delivery: 50053, metrics: 50054 };
const HTTP_PORTS: Record<string, number> = { 'endpoint-registry': 8081, 'key-management': 8082, delivery: 8083, 'inbound-edge': 8085, metrics: 8084, console: 8080 };
/** HTTP reached from outside the platform: partners (inbound-edge) and operators (console). */
const PUBLIC_HTTP = ['inbound-edge', 'console'];

/** Who calls whom over gRPC (DESIGN §2). */
const DESIGN_FLOWS = ['endpoint-registry->key-management', 'key-management->endpoint-registry', 'delivery->endpoint-registry', 'delivery->key-management', 'inbound-edge->key-management', 'metrics->endpoint-registry'];
const CONSOLE_FLOWS = ['console->endpoint-registry', 'console->key-management', 'console->metrics'];

/** The environment each service is documented to read; the chart must provide all of it. */
const REQUIRED_ENV: Record<string, string[]> = {
  'endpoint-registry': ['MONGODB_URI', 'REGISTRY_DATABASE', 'KAFKA_BROKERS', 'REGISTRY_GRPC_PORT', 'REGISTRY_HTTP_PORT', 'BIND_HOST', 'KEY_MANAGEMENT_URL', 'INBOUND_BASE_URL', 'ALLOW_INSECURE_LOOPBACK_URLS', 'RESOLVE_URL_ON_SET', 'LOG_POLL_INTERVAL_MS', 'ENDPOINT_EVENTS_TOPIC', 'LOG_LEVEL'],
  'key-management': ['MONGODB_URI', 'KEYS_DATABASE', 'KAFKA_BROKERS', 'ENDPOINT_EVENTS_TOPIC', 'KEYS_CONSUMER_GROUP', 'KEYS_GRPC_PORT', 'KEYS_HTTP_PORT', 'BIND_HOST', 'REGISTRY_URL', 'MASTER_KEYS', 'MASTER_KEY_ACTIVE', 'KEY_ENVIRONMENT', 'LOG_LEVEL'],
  delivery: ['MONGODB_URI', 'DELIVERY_DATABASE', 'KAFKA_BROKERS', 'DELIVERY_GRPC_PORT', 'DELIVERY_HTTP_PORT', 'BIND_HOST', 'REGISTRY_URL', 'KEY_MANAGEMENT_URL', 'LOG_LEVEL'],
  'inbound-edge': ['MONGODB_URI', 'INBOUND_DATABASE', 'KAFKA_BROKERS', 'INBOUND_HTTP_PORT', 'BIND_HOST', 'KEY_MANAGEMENT_URL', 'ENDPOINT_EVENTS_TOPIC', 'ENDPOINT_VIEW_CONSUMER_GROUP', 'MAPPING_CONSUMER_GROUP', 'INBOUND_KEY_CACHE_MS', 'INBOUND_MAX_BODY_BYTES', 'INBOUND_RATE_LIMIT_PER_SECOND', 'INBOUND_RATE_LIMIT_BURST', 'INBOUND_IDEMPOTENCY_LEASE_MS', 'INBOUND_PRODUCE_TIMEOUT_MS', 'LOG_LEVEL'],
  metrics: ['MONGODB_URI', 'METRICS_DATABASE', 'KAFKA_BROKERS', 'METRICS_GRPC_PORT', 'METRICS_HTTP_PORT', 'BIND_HOST', 'REGISTRY_URL', 'LOG_LEVEL'],
};

const TOPICS = ['webhooks.endpoint-events.v1', 'bakuun.ari.v1', 'bakuun.mapping.v1', 'bakuun.booking-events.v1', 'webhooks.inbound-bookings.v1', 'webhooks.delivery-attempts.v1', 'webhooks.endpoint-health.v1'];

/** Values of the Secrets an SRE creates, as the contract test feeds them to the services. */
const FAKE_SECRET_VALUES: Record<string, string> = {
  uri: 'mongodb://webhooks:s3cr3t-password@mongo-0.mongo.example:27017/?authSource=admin',
  MASTER_KEYS: `mk1:${Buffer.alloc(32, 7).toString('base64')}`,
  MASTER_KEY_ACTIVE: 'mk1',
};

const allFeatures = {
  console: { enabled: true, ingress: { enabled: true, className: 'nginx', hosts: ['console.bakuun.com'], tlsSecretName: 'console-tls' } },
  endpointRegistry: { podLabels: { 'app.kubernetes.io/name': 'must-not-win', tier: 'core' }, extraEnv: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=256' }] },
  keyManagement: { autoscaling: { enabled: true } },
};
const minimal = {
  networkPolicy: { enabled: false },
  kafka: { topics: { create: false } },
  endpointRegistry: { preStopSleepSeconds: 0, pdb: { enabled: false } },
  delivery: { autoscaling: { enabled: false }, replicaCount: 0 },
};

let defaults: K8sObject[];
let production: K8sObject[];
let everything: K8sObject[];
let bare: K8sObject[];

beforeAll(async () => {
  ensureHelm();
  [defaults, production, everything, bare] = await Promise.all([
    render(),
    render({ valuesFiles: [productionValues] }),
    render({ valuesFiles: [productionValues, valuesFile(allFeatures)] }),
    render({ valuesFiles: [valuesFile(minimal)] }),
  ]);
}, 900_000);

const deployments = (objects: K8sObject[]) => byKind(objects, 'Deployment');
const appName = (o: K8sObject): string => o.metadata.labels?.['app.kubernetes.io/name'] ?? '';
const configMapOf = (objects: K8sObject[], deployment: K8sObject) => {
  const ref = deployment.spec.template.spec.containers[0].envFrom[0].configMapRef.name;
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === ref);
  if (!cm) throw new Error(`ConfigMap ${ref} of ${deployment.metadata.name} is not rendered`);
  return cm;
};

/** A pod's name as the Deployment's ReplicaSet would give it (what a `metadata.name` fieldRef reads). */
const podNameOf = (deployment: K8sObject) => `${deployment.metadata.name}-7d9f8c6b5-x2x4q`;

/** The environment a pod would see, with the referenced Secrets holding FAKE_SECRET_VALUES. */
function podEnv(objects: K8sObject[], deployment: K8sObject): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0];
  const env: Record<string, string> = { ...configMapOf(objects, deployment).data };
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) env[entry.name] = entry.value;
    else if (entry.valueFrom?.secretKeyRef) env[entry.name] = FAKE_SECRET_VALUES[entry.valueFrom.secretKeyRef.key] ?? `secret:${entry.valueFrom.secretKeyRef.name}/${entry.valueFrom.secretKeyRef.key}`;
    else if (entry.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[entry.name] = podNameOf(deployment);
  }
  return env;
}

describe('bakuun-webhooks chart', () => {
  it('passes helm lint --strict with the default and the production values', async () => {
    const results = await Promise.all([helm(['lint', '--strict', chartDir]), helm(['lint', '--strict', chartDir, '-f', productionValues])]);
    for (const r of results) expect({ code: r.code, out: r.stdout + r.stderr }).toEqual({ code: 0, out: expect.stringContaining('0 chart(s) failed') });
  });

  it('documents every value with a ## @param line, and documents no value that does not exist', () => {
    const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
    const documented = new Set([...text.matchAll(/^\s*## @param (\S+)/gm)].map((m) => m[1]!));
    const values = parse(text) as Record<string, unknown>;
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (path && documented.has(path)) return;
      const isMap = node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0;
      if (!isMap) return void undocumented.push(path);
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) walk(child, path ? `${path}.${key}` : key);
    };
    walk(values, '');
    expect(undocumented).toEqual([]);
    const missing = [...documented].filter((path) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values) === undefined);
    expect(missing).toEqual([]);
  });

  it('refuses clusters older than the probes and preStop hooks it relies on (kubeVersion)', async () => {
    const result = await helm([...templateArgs(), '--kube-version', '1.29.9']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/kubeVersion/i);
  });

  it('renders only objects that pass the Kubernetes schemas, field names included (every scenario)', () => {
    const scenarios = { defaults, everything, bare };
    const labelled = Object.entries(scenarios).flatMap(([scenario, objects]) => objects.map((o) => [scenario, o] as const));
    expect(validateObjects(labelled.map(([, o]) => o), { scenarios: labelled.map(([scenario]) => scenario) })).toEqual([]);
    // The production render differs from `everything` (production values + console + more) only in values.
    expect(validateObjects(production, { scenarios: production.map(() => 'production'), typeCheck: false })).toEqual([]);
    expect(labelled.length + production.length).toBeGreaterThan(100);
  });

  it('the schema check itself catches a misspelt field and a wrong type', () => {
    const deployment = structuredClone(deployments(defaults)[0]!);
    deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
    const service = structuredClone(byKind(defaults, 'Service')[0]!);
    service.spec.ports[0].port = 'fifty';
    const problems = validateObjects([deployment, service]);
    expect(problems.join('\n')).toMatch(/readOnlyRootFileSystem/);
    expect(problems.join('\n')).toMatch(/port/);
  });

  it('deploys the five services with a Service, ConfigMap, ServiceAccount, PDB and NetworkPolicy each, and no Secret', () => {
    for (const kind of ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy']) {
      for (const service of SERVICES) expect(named(defaults, kind, service).metadata.namespace).toBe('webhooks');
    }
    expect(deployments(defaults).map(appName).sort()).toEqual([...SERVICES].sort());
    for (const objects of [defaults, production, everything, bare]) expect(byKind(objects, 'Secret')).toEqual([]);
  });

  it('runs every pod as non-root on a read-only root filesystem, without privileges, with a writable /tmp', () => {
    for (const objects of [defaults, production, everything]) {
      for (const { owner, pod } of podTemplates(objects)) {
        const spec = pod.spec;
        expect({ owner, ...spec.securityContext }).toMatchObject({ owner, runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
        expect({ owner, automount: spec.automountServiceAccountToken }).toEqual({ owner, automount: false });
        expect(spec.volumes).toContainEqual({ name: 'tmp', emptyDir: expect.objectContaining({ sizeLimit: '64Mi' }) });
        for (const container of spec.containers) {
          expect({ owner, ...container.securityContext }).toEqual({
            owner,
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          });
          expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        }
      }
    }
  });

  it('gives every container CPU and memory requests and a memory limit', () => {
    for (const objects of [defaults, production]) {
      for (const { owner, pod } of podTemplates(objects)) {
        for (const c of pod.spec.containers) {
          expect({ owner, requests: Object.keys(c.resources.requests).sort(), limit: typeof c.resources.limits.memory }).toEqual({ owner, requests: ['cpu', 'memory'], limit: 'string' });
        }
      }
    }
    expect(named(production, 'Deployment', 'endpoint-registry').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  it('probes each service: gRPC health at startup on its gRPC port (HTTP /healthz where it serves no gRPC), HTTP /healthz for liveness and /readyz for readiness', () => {
    let httpOnly = 0;
    for (const objects of [defaults, production]) {
      for (const d of deployments(objects)) {
        const name = appName(d);
        const c = d.spec.template.spec.containers[0];
        if (GRPC_PORTS[name]) {
          expect(c.ports).toEqual([
            { name: 'grpc', containerPort: GRPC_PORTS[name], protocol: 'TCP' },
            { name: 'http', containerPort: HTTP_PORTS[name], protocol: 'TCP' },
          ]);
          expect({ name, probe: c.startupProbe.grpc }).toEqual({ name, probe: { port: GRPC_PORTS[name] } });
        } else {
          httpOnly++;
          expect({ name, ports: c.ports }).toEqual({ name, ports: [{ name: 'http', containerPort: HTTP_PORTS[name], protocol: 'TCP' }] });
          expect({ name, probe: c.startupProbe.httpGet, grpc: c.startupProbe.grpc }).toEqual({ name, probe: { path: '/healthz', port: 'http' }, grpc: undefined });
        }
        expect({ name, probe: c.livenessProbe.httpGet }).toEqual({ name, probe: { path: '/healthz', port: 'http' } });
        expect({ name, probe: c.readinessProbe.httpGet }).toEqual({ name, probe: { path: '/readyz', port: 'http' } });
        expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
        expect(c.lifecycle.preStop.sleep.seconds).toBeLessThan(d.spec.template.spec.terminationGracePeriodSeconds);
      }
    }
    expect(httpOnly).toBe(2); // inbound-edge, in both scenarios
    const console = named(everything, 'Deployment', 'console').spec.template.spec.containers[0];
    expect(console.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect([console.startupProbe.httpGet, console.livenessProbe.httpGet, console.readinessProbe.httpGet]).toEqual([
      { path: '/healthz', port: 'http' },
      { path: '/healthz', port: 'http' },
      { path: '/readyz', port: 'http' },
    ]);
  });

  it('selects pods by name + instance only, and the Services route gRPC and HTTP to the named container ports', () => {
    for (const d of deployments(everything)) {
      const name = appName(d);
      const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'bakuun' };
      expect(d.spec.selector).toEqual({ matchLabels: selector });
      expect(d.spec.template.metadata.labels).toMatchObject({ ...selector, 'app.kubernetes.io/part-of': 'bakuun-webhooks', 'app.kubernetes.io/managed-by': 'Helm' });
      const service = named(everything, 'Service', name);
      expect(service.spec.selector).toEqual(selector);
      const containerPorts = d.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
      for (const port of service.spec.ports) expect(containerPorts).toContain(port.targetPort);
      expect({ name, ports: service.spec.ports.map((p: { name: string; appProtocol: string; port: number }) => `${p.name}:${p.appProtocol}:${p.port}`) }).toEqual({
        name,
        ports: GRPC_PORTS[name] ? [`grpc:grpc:${GRPC_PORTS[name]}`, `http:http:${HTTP_PORTS[name]}`] : [`http:http:${HTTP_PORTS[name]}`],
      });
    }
    // podLabels add labels but never replace the selector's.
    expect(named(everything, 'Deployment', 'endpoint-registry').spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'endpoint-registry', tier: 'core' });
  });

  it('autoscales delivery, inbound-edge and metrics by default (and whatever the values enable), leaving replicas to the HPA', () => {
    const scaled = (objects: K8sObject[]) => byKind(objects, 'HorizontalPodAutoscaler').map(appName).sort();
    expect(scaled(defaults)).toEqual(['delivery', 'inbound-edge', 'metrics']);
    expect(scaled(production)).toEqual(['delivery', 'endpoint-registry', 'inbound-edge', 'metrics']);
    for (const objects of [defaults, production, everything]) {
      for (const hpa of byKind(objects, 'HorizontalPodAutoscaler')) {
        const target = named(objects, 'Deployment', appName(hpa));
        expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: target.metadata.name });
        expect(target.spec.replicas).toBeUndefined();
        expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
        expect(hpa.spec.metrics[0].resource).toEqual({ name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } });
      }
    }
    expect(named(defaults, 'Deployment', 'endpoint-registry').spec.replicas).toBe(2);
    expect(named(production, 'HorizontalPodAutoscaler', 'delivery').spec).toMatchObject({ minReplicas: 3, maxReplicas: 30, behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } });
    expect(named(production, 'HorizontalPodAutoscaler', 'inbound-edge').spec).toMatchObject({ minReplicas: 3, maxReplicas: 20, behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } });
  });

  it('protects every service with a PodDisruptionBudget that still lets nodes drain', () => {
    for (const d of deployments(defaults)) {
      const pdb = named(defaults, 'PodDisruptionBudget', appName(d));
      expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: d.spec.selector });
    }
  });

  it('gives each service its own ServiceAccount, with no API token', () => {
    for (const d of deployments(production)) {
      const sa = named(production, 'ServiceAccount', appName(d));
      expect(d.spec.template.spec.serviceAccountName).toBe(sa.metadata.name);
      expect(sa.automountServiceAccountToken).toBe(false);
    }
    expect(named(production, 'ServiceAccount', 'key-management').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'webhooks-keys@bakuun-prod.iam.gserviceaccount.com' });
  });

  it('keeps secrets out of ConfigMaps: the MongoDB URI and master keys come from the named existing Secrets', () => {
    for (const objects of [defaults, production, everything]) {
      for (const cm of byKind(objects, 'ConfigMap')) {
        for (const [key, value] of Object.entries(cm.data as Record<string, string>)) {
          expect({ cm: cm.metadata.name, key }).not.toEqual({ cm: cm.metadata.name, key: expect.stringMatching(/MONGODB_URI|MASTER_KEY|PASSWORD|SECRET|TOKEN|CREDENTIAL/i) });
          expect({ cm: cm.metadata.name, key, value }).not.toEqual({ cm: cm.metadata.name, key, value: expect.stringMatching(/mongodb(\+srv)?:\/\/|[a-z][\w+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i) });
        }
      }
    }
    const secretRef = (objects: K8sObject[], service: string, variable: string) =>
      named(objects, 'Deployment', service).spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === variable)?.valueFrom?.secretKeyRef;
    for (const service of SERVICES) expect(secretRef(defaults, service, 'MONGODB_URI')).toEqual({ name: 'bakuun-webhooks-mongodb', key: 'uri' });
    expect(secretRef(production, 'key-management', 'MONGODB_URI')).toEqual({ name: 'bakuun-webhooks-keys-mongodb', key: 'uri' });
    expect(secretRef(defaults, 'key-management', 'MASTER_KEYS')).toEqual({ name: 'bakuun-webhooks-master-keys', key: 'MASTER_KEYS' });
    expect(secretRef(defaults, 'key-management', 'MASTER_KEY_ACTIVE')).toEqual({ name: 'bakuun-webhooks-master-keys', key: 'MASTER_KEY_ACTIVE', optional: true });
    for (const d of deployments(everything)) {
      for (const e of d.spec.template.spec.containers[0].env ?? []) {
        if (/MONGODB_URI|MASTER_KEY/.test(e.name)) expect({ name: e.name, value: e.value }).toEqual({ name: e.name, value: undefined });
      }
    }
  });

  it('gives every service the environment it documents, bound to 0.0.0.0, never allowing insecure URLs', () => {
    for (const objects of [defaults, production]) {
      for (const d of deployments(objects)) {
        const name = appName(d);
        const env = podEnv(objects, d);
        expect({ name, missing: REQUIRED_ENV[name]!.filter((v) => !(v in env)) }).toEqual({ name, missing: [] });
        expect(env.BIND_HOST).toBe('0.0.0.0');
        if ('ALLOW_INSECURE_LOOPBACK_URLS' in env) expect(env.ALLOW_INSECURE_LOOPBACK_URLS).toBe('false');
        const prefix = { 'endpoint-registry': 'REGISTRY', 'key-management': 'KEYS', delivery: 'DELIVERY', 'inbound-edge': 'INBOUND', metrics: 'METRICS' }[name];
        expect(env[`${prefix}_GRPC_PORT`]).toBe(GRPC_PORTS[name] === undefined ? undefined : String(GRPC_PORTS[name]));
        expect(env[`${prefix}_HTTP_PORT`]).toBe(String(HTTP_PORTS[name]));
      }
    }
    // Each inbound-edge pod folds every endpoint event itself (key checks, key-roll cache invalidation): its own consumer group.
    const edge = named(defaults, 'Deployment', 'inbound-edge');
    expect(edge.spec.template.spec.containers[0].env).toContainEqual({ name: 'ENDPOINT_VIEW_CONSUMER_GROUP', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(podEnv(defaults, edge)).toMatchObject({
      KEY_MANAGEMENT_URL: 'bakuun-bakuun-webhooks-key-management.webhooks.svc.cluster.local:50052',
      ENDPOINT_EVENTS_TOPIC: 'webhooks.endpoint-events.v1',
      MAPPING_CONSUMER_GROUP: 'inbound-edge-mapping',
      INBOUND_MAX_BODY_BYTES: '1048576',
    });
    expect(podEnv(defaults, named(defaults, 'Deployment', 'endpoint-registry')).INBOUND_BASE_URL).toBe('http://bakuun-bakuun-webhooks-inbound-edge.webhooks.svc.cluster.local:8085');
    expect(podEnv(defaults, named(defaults, 'Deployment', 'endpoint-registry')).KEY_MANAGEMENT_URL).toBe('bakuun-bakuun-webhooks-key-management.webhooks.svc.cluster.local:50052');
    expect(podEnv(production, named(production, 'Deployment', 'endpoint-registry')).INBOUND_BASE_URL).toBe('https://hooks.bakuun.com');
    expect(podEnv(production, named(production, 'Deployment', 'delivery')).KAFKA_BROKERS).toBe('kafka-0.kafka-brokers.kafka.svc:9092,kafka-1.kafka-brokers.kafka.svc:9092,kafka-2.kafka-brokers.kafka.svc:9092');
  });

  it("hands each service an environment its own config schema accepts, naming only variables it reads", () => {
    let checked = 0;
    for (const objects of [defaults, production]) {
      for (const d of deployments(objects)) {
        const configFile = join(repoRoot, 'services', appName(d), 'src', 'config.ts');
        if (!existsSync(configFile)) continue; // the service is not written yet
        const source = readFileSync(configFile, 'utf8');
        const env = podEnv(objects, d);
        // NODE_OPTIONS is Node's own (production values set it through extraEnv).
        const unknown = Object.keys(env).filter((k) => k !== 'NODE_OPTIONS' && !new RegExp(`\\b${k}\\b`).test(source));
        expect({ service: appName(d), unknown }).toEqual({ service: appName(d), unknown: [] });
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaders = Object.entries(require(configFile) as Record<string, unknown>).filter(([k, v]) => /^load\w*Config$/.test(k) && typeof v === 'function');
        expect(loaders.length).toBeGreaterThan(0);
        for (const [, load] of loaders) expect(() => (load as (env: Record<string, string>) => unknown)(env)).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBe(2 * SERVICES.length); // every service has its config.ts, in both scenarios
  });

  describe('NetworkPolicies', () => {
    const policyOf = (objects: K8sObject[], name: string) => byKind(objects, 'NetworkPolicy').find((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name'] === name);
    const grpcPortOf = (objects: K8sObject[], name: string) => named(objects, 'Deployment', name).spec.template.spec.containers[0].ports.find((p: { name: string }) => p.name === 'grpc')?.containerPort;

    /** gRPC edges A->B as each side's policy allows them: A's egress to B's pods and B's ingress from A's. */
    function grpcEdges(objects: K8sObject[]) {
      const names = deployments(objects).map(appName);
      const egress = new Set<string>();
      const ingress = new Set<string>();
      for (const a of names) {
        for (const rule of policyOf(objects, a)!.spec.egress ?? []) {
          for (const peer of rule.to ?? []) {
            const b = peer.podSelector?.matchLabels?.['app.kubernetes.io/name'];
            if (b && rule.ports.some((p: { port: number }) => p.port === grpcPortOf(objects, b))) egress.add(`${a}->${b}`);
          }
        }
        const port = grpcPortOf(objects, a);
        for (const rule of policyOf(objects, a)!.spec.ingress ?? []) {
          if (!(rule.ports ?? []).some((p: { port: number }) => p.port === port)) continue;
          for (const peer of rule.from ?? []) {
            const caller = peer.podSelector?.matchLabels?.['app.kubernetes.io/name'];
            if (caller && !peer.namespaceSelector) ingress.add(`${caller}->${a}`);
          }
        }
      }
      return { egress: [...egress].sort(), ingress: [...ingress].sort() };
    }

    it('cover every pod of the release, denying by default in both directions', () => {
      for (const objects of [defaults, production, everything]) {
        for (const { owner, pod } of podTemplates(objects)) {
          const name = pod.metadata.labels['app.kubernetes.io/name'];
          const policy = policyOf(objects, name);
          expect({ owner, policyTypes: policy?.spec.policyTypes }).toEqual({ owner, policyTypes: ['Ingress', 'Egress'] });
          expect(policy!.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'bakuun' });
        }
      }
      expect(byKind(bare, 'NetworkPolicy')).toEqual([]);
    });

    it('allow exactly the gRPC flows of DESIGN §2, on both ends', () => {
      expect(grpcEdges(defaults)).toEqual({ egress: [...DESIGN_FLOWS].sort(), ingress: [...DESIGN_FLOWS].sort() });
      expect(grpcEdges(everything)).toEqual({ egress: [...DESIGN_FLOWS, ...CONSOLE_FLOWS].sort(), ingress: [...DESIGN_FLOWS, ...CONSOLE_FLOWS].sort() });
      // No gRPC port is open to any source.
      for (const name of SERVICES) {
        for (const rule of policyOf(defaults, name)!.spec.ingress) {
          if (rule.ports.some((p: { port: number }) => p.port === GRPC_PORTS[name])) expect(rule.from?.length ?? 0).toBeGreaterThan(0);
        }
      }
      // The platform's other services reach the registry only where the values say so.
      expect(policyOf(production, 'endpoint-registry')!.spec.ingress).toContainEqual({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bakuun-platform' } } }],
        ports: [{ protocol: 'TCP', port: 50051 }],
      });
    });

    it('let Prometheus scrape every HTTP port, and only partners (inbound-edge) and operators (console) reach HTTP otherwise', () => {
      const prometheus = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }];
      for (const d of deployments(everything)) {
        const name = appName(d);
        const httpRules = policyOf(everything, name)!.spec.ingress.filter((r: { ports: { port: number }[] }) => r.ports.some((p) => p.port === HTTP_PORTS[name]));
        expect(httpRules).toContainEqual({ from: prometheus, ports: [{ protocol: 'TCP', port: HTTP_PORTS[name] }] });
        expect({ name, rules: httpRules.length }).toEqual({ name, rules: PUBLIC_HTTP.includes(name) ? 2 : 1 });
      }
      const partners = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }];
      // inbound-edge: Prometheus and partners (through the ingress controller) on 8085, nothing else.
      expect(policyOf(production, 'inbound-edge')!.spec.ingress).toEqual([
        { from: prometheus, ports: [{ protocol: 'TCP', port: 8085 }] },
        { from: partners, ports: [{ protocol: 'TCP', port: 8085 }] },
      ]);
      // delivery's HTTP is health and metrics only now.
      expect(policyOf(production, 'delivery')!.spec.ingress.filter((r: { ports: { port: number }[] }) => r.ports.some((p) => p.port === 8083))).toEqual([{ from: prometheus, ports: [{ protocol: 'TCP', port: 8083 }] }]);
    });

    it('let inbound-edge open only DNS, Kafka, MongoDB and key-management gRPC', () => {
      const egress = policyOf(production, 'inbound-edge')!.spec.egress;
      expect(egress.map((r: { ports: { protocol: string; port: number }[] }) => r.ports.map((p) => `${p.protocol}/${p.port}`).join(','))).toEqual(['UDP/53,TCP/53', 'TCP/9092', 'TCP/27017', 'TCP/50052']);
      expect(egress[3].to).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'key-management', 'app.kubernetes.io/instance': 'bakuun' } } }]);
    });

    it('let delivery reach partners on public addresses only, and nobody else reach the internet', () => {
      const internet = (objects: K8sObject[], name: string) => policyOf(objects, name)!.spec.egress.filter((r: { to?: { ipBlock?: unknown }[] }) => r.to?.some((p) => p.ipBlock));
      const [rule] = internet(defaults, 'delivery');
      expect(rule.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
      const v4 = rule.to.find((p: { ipBlock: { cidr: string } }) => p.ipBlock.cidr === '0.0.0.0/0').ipBlock;
      expect(v4.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10']));
      const v6 = rule.to.find((p: { ipBlock: { cidr: string } }) => p.ipBlock.cidr === '::/0').ipBlock;
      expect(v6.except).toEqual(expect.arrayContaining(['::1/128', 'fc00::/7', 'fe80::/10']));
      for (const name of ['endpoint-registry', 'key-management', 'inbound-edge', 'metrics']) expect({ name, rules: internet(defaults, name) }).toEqual({ name, rules: [] });
    });

    it('allow DNS, Kafka and MongoDB egress; production values name every destination', () => {
      for (const name of SERVICES) {
        const egress = policyOf(defaults, name)!.spec.egress;
        expect(egress).toContainEqual(expect.objectContaining({ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }));
        expect(egress).toContainEqual({ ports: [{ protocol: 'TCP', port: 9092 }] });
        expect(egress).toContainEqual({ ports: [{ protocol: 'TCP', port: 27017 }] });
      }
      const mongo = { to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: [{ protocol: 'TCP', port: 27017 }] };
      for (const policy of byKind(production, 'NetworkPolicy')) {
        for (const rule of policy.spec.egress) expect({ policy: policy.metadata.name, to: Array.isArray(rule.to) && rule.to.length > 0 }).toEqual({ policy: policy.metadata.name, to: true });
        if (appName(policy) !== 'kafka-topics') expect(policy.spec.egress).toContainEqual(mongo);
      }
      const job = policyOf(production, 'kafka-topics')!;
      expect(job.spec.ingress).toEqual([]);
      expect(job.spec.egress).toHaveLength(2); // DNS and Kafka: no MongoDB, no services, no internet
    });
  });

  describe('Kafka topic Job', () => {
    const topicsConfig = topicsConfigOf;

    it('runs before install and upgrade as a hook, on the platform image, with its script mounted read-only', () => {
      const job = named(defaults, 'Job', 'kafka-topics');
      expect(job.metadata.annotations).toEqual({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded', 'helm.sh/hook-weight': '0' });
      for (const kind of ['ConfigMap', 'ServiceAccount', 'NetworkPolicy']) expect(named(defaults, kind, 'kafka-topics').metadata.annotations?.['helm.sh/hook-weight']).toBe('-10');
      const container = job.spec.template.spec.containers[0];
      expect(container.image).toBe('ghcr.io/bakuun/bakuun-webhooks-endpoint-registry:0.1.0');
      expect(container.args).toEqual(['/etc/kafka-topics/create-topics.cjs', '/etc/kafka-topics/topics.json']);
      expect(container.volumeMounts).toContainEqual({ name: 'script', mountPath: '/etc/kafka-topics', readOnly: true });
      expect(named(defaults, 'ConfigMap', 'kafka-topics').data['create-topics.cjs']).toBe(readFileSync(join(chartDir, 'files', 'create-topics.cjs'), 'utf8'));
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(named(production, 'Job', 'kafka-topics').spec.template.spec.containers[0].image).toMatch(/^registry\.example\.com\/bakuun\/bakuun-webhooks-endpoint-registry@sha256:/);
    });

    it('creates the seven platform topics with the configured partitions, replication and configs', () => {
      const byName = (objects: K8sObject[]) => Object.fromEntries(topicsConfig(objects).topics.map((t: { name: string }) => [t.name, t]));
      expect(Object.keys(byName(defaults))).toEqual(TOPICS);
      expect(byName(defaults)['bakuun.ari.v1']).toEqual({ name: 'bakuun.ari.v1', partitions: 12, replicationFactor: 3, config: { 'min.insync.replicas': '2' } });
      expect(byName(production)['webhooks.endpoint-events.v1']).toEqual({ name: 'webhooks.endpoint-events.v1', partitions: 48, replicationFactor: 3, config: { 'min.insync.replicas': '2', 'retention.ms': '-1' } });
      expect(byName(production)['webhooks.endpoint-health.v1'].config).toEqual({ 'min.insync.replicas': '2', 'cleanup.policy': 'compact' });
      expect(topicsConfig(production).brokers).toHaveLength(3);
      expect(byKind(bare, 'Job')).toEqual([]);
    });
  });

  describe('production-like values', () => {
    it('pins images to the registry, by digest where given', () => {
      const images = Object.fromEntries(deployments(production).map((d) => [appName(d), d.spec.template.spec.containers[0].image]));
      expect(images).toEqual({
        'endpoint-registry': 'registry.example.com/bakuun/bakuun-webhooks-endpoint-registry@sha256:4f2a8b6c0d1e3f5a7b9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b5c7d9e1f2a',
        'key-management': 'registry.example.com/bakuun/bakuun-webhooks-key-management:1.4.2',
        delivery: 'registry.example.com/bakuun/bakuun-webhooks-delivery:1.4.2',
        'inbound-edge': 'registry.example.com/bakuun/bakuun-webhooks-inbound-edge:1.4.2',
        metrics: 'registry.example.com/bakuun/bakuun-webhooks-metrics:1.4.2',
      });
      for (const d of deployments(production)) expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    });

    it('exposes only the inbound edge to partners, over TLS', () => {
      const [ingress, ...others] = byKind(production, 'Ingress');
      expect(others).toEqual([]);
      expect(ingress!.spec).toEqual({
        ingressClassName: 'nginx',
        tls: [{ secretName: 'hooks-bakuun-com-tls', hosts: ['hooks.bakuun.com'] }],
        rules: [{ host: 'hooks.bakuun.com', http: { paths: [{ path: '/v1/inbound', pathType: 'Prefix', backend: { service: { name: 'bakuun-bakuun-webhooks-inbound-edge', port: { name: 'http' } } } }] } }],
      });
    });

    it('renders a ServiceMonitor per service scraping /metrics on the HTTP port', () => {
      const monitors = byKind(production, 'ServiceMonitor');
      expect(monitors.map(appName).sort()).toEqual([...SERVICES].sort());
      for (const m of monitors) {
        expect(m.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', team: 'platform' });
        expect(m.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', scheme: 'http', interval: '15s', scrapeTimeout: '10s' }]);
        expect(m.spec.selector).toEqual({ matchLabels: named(production, 'Service', appName(m)).spec.selector });
      }
      expect(byKind(defaults, 'ServiceMonitor')).toEqual([]);
    });
  });

  describe('values the chart refuses', () => {
    /** [what, values, the message helm must print] */
    const rejectedBySchema: [string, unknown, RegExp][] = [
      ['an unknown top-level key', { replicas: 3 }, /additional properties 'replicas' not allowed/],
      ['a misspelt nested key', { endpointRegistry: { resorces: { requests: { cpu: '1' } } } }, /additional properties 'resorces' not allowed/],
      ['negative replicas', { keyManagement: { replicaCount: -1 } }, /keyManagement\/replicaCount.*minimum/],
      ['a port above 65535', { delivery: { ports: { http: 70000 } } }, /delivery\/ports\/http.*maximum/],
      ['port 0', { metrics: { ports: { grpc: 0 } } }, /metrics\/ports\/grpc.*minimum/],
      ['a port that is not a number', { endpointRegistry: { ports: { grpc: 'grpc' } } }, /endpointRegistry\/ports\/grpc/],
      ['no MongoDB Secret name', { mongodb: { existingSecret: null } }, /missing property 'existingSecret'/],
      ['an empty MongoDB Secret name', { mongodb: { existingSecret: '' } }, /mongodb\/existingSecret/],
      ['no master-key Secret name', { keyManagement: { masterKeys: { existingSecret: null } } }, /keyManagement\/masterKeys.*existingSecret/],
      ['a Secret name that is not a DNS name', { mongodb: { existingSecret: 'Mongo_Secret' } }, /mongodb\/existingSecret/],
      ['running as root', { podSecurityContext: { runAsUser: 0 } }, /podSecurityContext\/runAsUser/],
      ['insecure loopback URLs through extraEnv', { endpointRegistry: { extraEnv: [{ name: 'ALLOW_INSECURE_LOOPBACK_URLS', value: 'true' }] } }, /extraEnv\/0\/name/],
      ['a MongoDB URI in plain values', { delivery: { extraEnv: [{ name: 'MONGODB_URI', value: 'mongodb://u:p@h/' }] } }, /extraEnv\/0\/name/],
      ['master keys in plain values', { keyManagement: { extraEnv: [{ name: 'MASTER_KEYS', value: 'mk1:AAAA' }] } }, /extraEnv\/0\/name/],
      ['an env entry with neither value nor valueFrom', { metrics: { extraEnv: [{ name: 'FOO' }] } }, /extraEnv\/0/],
      ['a gRPC probe on the console', { console: { probes: { startup: { type: 'grpc', periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 } } } }, /console\/probes\/startup/],
      ['an http probe without a path', { delivery: { probes: { readiness: { type: 'http', path: null } } } }, /delivery\/probes\/readiness/],
      ['a memory limit removed', { delivery: { resources: { limits: { memory: null } } } }, /delivery\/resources\/limits/],
      ['a PDB that blocks every drain', { delivery: { pdb: { maxUnavailable: 0 } } }, /delivery\/pdb\/maxUnavailable/],
      ['an unknown log level', { logLevel: 'verbose' }, /logLevel/],
      ['no Kafka broker', { kafka: { brokers: [] } }, /kafka\/brokers/],
      ['a broker without a port', { kafka: { brokers: ['kafka.kafka.svc'] } }, /kafka\/brokers\/0/],
      ['zero partitions', { kafka: { topics: { partitions: 0 } } }, /kafka\/topics\/partitions/],
      ['a malformed image digest', { delivery: { image: { digest: 'sha256:xyz' } } }, /delivery\/image\/digest/],
      ['an Ingress without hosts', { inboundEdge: { ingress: { enabled: true } } }, /inboundEdge\/ingress\/hosts/],
      ['an Ingress on delivery (partners reach inbound-edge)', { delivery: { ingress: { enabled: true, hosts: ['hooks.bakuun.com'] } } }, /additional properties 'ingress' not allowed/],
      ['a gRPC probe on the inbound edge', { inboundEdge: { probes: { startup: { type: 'grpc', periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 } } } }, /inboundEdge\/probes\/startup/],
      ['an inbound body limit below 1 KiB', { inboundEdge: { config: { maxBodyBytes: 10 } } }, /inboundEdge\/config\/maxBodyBytes/],
      ['a misspelt NetworkPolicy peer', { kafka: { networkPolicy: { to: [{ namespaceSelecter: {} }] } } }, /namespaceSelecter/],
      ['an unknown key environment', { keyManagement: { config: { keyEnvironment: 'prod' } } }, /keyEnvironment/],
      ['an inbound base URL that is not a URL', { endpointRegistry: { config: { inboundBaseUrl: 'hooks.bakuun.com' } } }, /inboundBaseUrl/],
      ['a gRPC address with a scheme', { delivery: { config: { registryUrl: 'http://registry:50051' } } }, /registryUrl/],
    ];

    it.each(rejectedBySchema)('rejects %s (values.schema.json)', async (_what, values, message) => {
      const result = await helm(templateArgs({ valuesFiles: [valuesFile(values)] }));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
      expect(result.stderr).toMatch(message);
    });

    const rejectedByTemplates: [string, unknown, RegExp][] = [
      ['autoscaling minReplicas above maxReplicas', { metrics: { autoscaling: { minReplicas: 8, maxReplicas: 4 } } }, /metrics.autoscaling.minReplicas \(8\) is above maxReplicas \(4\)/],
      ['a preStop pause as long as the grace period', { keyManagement: { preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 } }, /keyManagement.preStopSleepSeconds \(30\) must be below terminationGracePeriodSeconds/],
      ['delivery calling a key management the release does not deploy', { keyManagement: { enabled: false } }, /keyManagement.enabled is false/],
    ];

    it.each(rejectedByTemplates)('fails rendering on %s', async (_what, values, message) => {
      const result = await helm(templateArgs({ valuesFiles: [valuesFile(values)] }));
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
    });

    it('accepts key management elsewhere when its address is given', async () => {
      const elsewhere = { config: { keyManagementUrl: 'keys.other.svc:50052' } };
      const objects = await render({ valuesFiles: [valuesFile({ keyManagement: { enabled: false }, endpointRegistry: elsewhere, delivery: elsewhere, inboundEdge: elsewhere })] });
      expect(podEnv(objects, named(objects, 'Deployment', 'delivery')).KEY_MANAGEMENT_URL).toBe('keys.other.svc:50052');
      expect(podEnv(objects, named(objects, 'Deployment', 'inbound-edge')).KEY_MANAGEMENT_URL).toBe('keys.other.svc:50052');
      expect(byKind(objects, 'Deployment').map(appName)).not.toContain('key-management');
    });
  });

  describe('topic creation script against the real broker', () => {
    const exec = promisify(execFile);
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
    const prefix = `chart-test-${process.pid}-${Date.now()}`;
    const work = mkdtempSync(join(tmpdir(), 'bakuun-topics-'));
    const created: string[] = [];

    /** Renders the chart's topic ConfigMap for the local broker and runs the Job's command on it. */
    async function runJob(topicValues: unknown): Promise<{ code: number; logs: Record<string, unknown>[] }> {
      const objects = await render({ valuesFiles: [valuesFile({ kafka: { brokers, topics: topicValues } })] });
      const cm = named(objects, 'ConfigMap', 'kafka-topics');
      const job = named(objects, 'Job', 'kafka-topics');
      for (const [file, content] of Object.entries(cm.data as Record<string, string>)) writeFileSync(join(work, file), content);
      const args = (job.spec.template.spec.containers[0].args as string[]).map((a) => a.replace('/etc/kafka-topics', work));
      const env = { PATH: process.env.PATH ?? '', NODE_PATH: join(repoRoot, 'node_modules') };
      const result = await exec(process.execPath, args, { env, timeout: 60_000 }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '' }),
      );
      return { code: result.code, logs: result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
    }

    const items = (partitions: number) => [
      { name: `${prefix}.endpoint-events`, partitions, config: { 'retention.ms': '-1' } },
      { name: `${prefix}.delivery-attempts`, partitions: 2 },
    ];

    afterAll(async () => {
      if (created.length === 0) return;
      const admin = new Kafka({ clientId: 'chart-test-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: created });
      } finally {
        await admin.disconnect();
      }
    });

    it('creates missing topics, then leaves existing ones as they are on every later run', async () => {
      const topics = { partitions: 3, replicationFactor: 1, config: { 'min.insync.replicas': '1' }, items: items(3) };
      const first = await runJob(topics);
      created.push(...items(3).map((t) => t.name));
      expect(first.code).toBe(0);
      expect(first.logs.at(-1)).toMatchObject({ level: 'info', msg: 'topics ready', created: items(3).map((t) => t.name), existing: [], mismatches: 0 });

      const second = await runJob(topics);
      expect(second.code).toBe(0);
      expect(second.logs.at(-1)).toMatchObject({ msg: 'topics ready', created: [], existing: items(3).map((t) => t.name), mismatches: 0 });

      const admin = new Kafka({ clientId: 'chart-test', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: items(3).map((t) => t.name) });
        expect(Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]))).toEqual({ [`${prefix}.endpoint-events`]: 3, [`${prefix}.delivery-attempts`]: 2 });
        const [config] = (await admin.describeConfigs({ resources: [{ type: 2, name: `${prefix}.endpoint-events`, configNames: ['retention.ms', 'min.insync.replicas'] }], includeSynonyms: false })).resources;
        expect(Object.fromEntries(config!.configEntries.map((e) => [e.configName, e.configValue]))).toEqual({ 'retention.ms': '-1', 'min.insync.replicas': '1' });
      } finally {
        await admin.disconnect();
      }

      // Values asking for more partitions: reported, never applied (keys would change partition).
      const third = await runJob({ ...topics, items: items(6) });
      expect(third.code).toBe(0);
      expect(third.logs).toContainEqual(expect.objectContaining({ level: 'warn', topic: `${prefix}.endpoint-events`, partitions: 3, wantedPartitions: 6 }));
    });

    it('refuses a min.insync.replicas above the replication factor before touching the broker', async () => {
      const result = await runJob({ partitions: 1, replicationFactor: 1, config: { 'min.insync.replicas': '2' }, items: [{ name: `${prefix}.never` }] });
      expect(result.code).toBe(1);
      expect(result.logs.at(-1)).toMatchObject({ level: 'error', error: expect.stringMatching(/min.insync.replicas 2 is above its replication factor 1/) });
    });
  });

  describe('images and skaffold', () => {
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1).map((s) => ({ header: s.split('\n')[0]!, body: s }));
    const runtime = stages.find((s) => / AS runtime$/.test(s.header))!;

    it('builds in stages and runs as uid 10001 on a distroless base with the production dependencies, dist/ and proto/', () => {
      expect(stages.map((s) => s.header.split(' AS ')[1])).toEqual(['manifests', 'build', 'prod-deps', 'runtime']);
      expect(stages.at(-1)).toBe(runtime);
      expect(dockerfile).toMatch(/^ARG RUNTIME_IMAGE=gcr\.io\/distroless\/nodejs20-debian12$/m);
      expect(dockerfile).toMatch(/^ARG BUILD_IMAGE=node:20-bookworm-slim$/m);
      expect(stages.find((s) => s.header.endsWith('AS prod-deps'))!.body).toMatch(/npm ci --omit=dev --ignore-scripts/);
      expect(stages.find((s) => s.header.endsWith('AS build'))!.body).toMatch(/RUN scripts\/build/);
      const users = [...runtime.body.matchAll(/^USER (.+)$/gm)].map((m) => m[1]);
      expect(users).toEqual(['10001:10001']);
      expect(runtime.body).toMatch(/^COPY --from=prod-deps --chown=0:0 \/app\/node_modules \.\/node_modules$/m);
      expect(runtime.body).toMatch(/^COPY --from=build --chown=0:0 \/out\/ \.\/$/m);
      expect(runtime.body).toMatch(/^COPY --chown=0:0 proto\/buf\.yaml proto\/buf\.yaml$/m);
      expect(runtime.body).toMatch(/^CMD \["main\.js"\]$/m);
      expect(dockerfile).toMatch(/ln -s "dist\/services\/\$\{SERVICE\}\/src\/main\.js" \/out\/main\.js/);
      expect(runtime.body).not.toMatch(/^RUN /m); // nothing runs in the final image: it has no shell
    });

    it('keeps local installs, builds, servers, secrets and history out of the build context', () => {
      const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
      expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', '.infra', '.nx', '**/.env', 'charts']));
      for (const needed of ['proto', 'libs', 'services', 'scripts', 'package.json', 'package-lock.json', '.swcrc', 'tsconfig.base.json']) expect(ignored).not.toContain(needed);
    });

    const skaffold = parse(readFileSync(join(repoRoot, 'skaffold.yaml'), 'utf8'));
    const DIGEST = `sha256:${'ab'.repeat(32)}`;
    /** What skaffold puts in setValueTemplates for a built artifact. */
    const substitute = (template: string) =>
      template.replace(/\{\{\s*\.IMAGE_(REPO|TAG|DIGEST)_(\w+)\s*\}\}/g, (_m, part: string, artifact: string) =>
        part === 'REPO' ? `localhost:5000/${artifact.replace(/_/g, '-')}` : part === 'TAG' ? 'dev-abc1234' : DIGEST,
      );

    it('builds one image per service from the Dockerfile, each fed back into its chart section', () => {
      expect(skaffold.apiVersion).toMatch(/^skaffold\/v4beta\d+$/);
      expect(skaffold.build.artifacts.map((a: { image: string; docker: { buildArgs: { SERVICE: string } } }) => [a.image, a.docker.buildArgs.SERVICE])).toEqual(IMAGES.map((s) => [`bakuun-webhooks-${s}`, s]));
      for (const artifact of skaffold.build.artifacts) expect(artifact.docker).toMatchObject({ dockerfile: 'Dockerfile', target: 'runtime' });
      // A service that can start (src/main.ts) is built and deployed: add it here, to the chart and to skaffold.yaml.
      const startable = readdirSync(join(repoRoot, 'services')).filter((s) => existsSync(join(repoRoot, 'services', s, 'src', 'main.ts')));
      expect(startable.filter((s) => !(IMAGES as readonly string[]).includes(s))).toEqual([]);
      expect(skaffold.profiles.map((p: { name: string }) => p.name)).toEqual(['dev', 'prod']);
    });

    it.each(['default', 'dev', 'prod'])('deploys the chart through Helm with the %s configuration, and the values pass the schema', async (profile) => {
      const release = profile === 'default' ? skaffold.deploy.helm.releases[0] : skaffold.profiles.find((p: { name: string }) => p.name === profile).deploy.helm.releases[0];
      expect(release.chartPath).toBe('charts/bakuun-webhooks');
      const sets = [
        ...Object.entries(release.setValues ?? {}).map(([k, v]) => `${k}=${String(v)}`),
        ...Object.entries(release.setValueTemplates ?? {}).map(([k, v]) => `${k}=${substitute(String(v))}`),
      ];
      const valuesFiles = (release.valuesFiles ?? []).map((f: string) => (f === '{{.BAKUUN_WEBHOOKS_VALUES}}' ? productionValues : join(repoRoot, f)));
      const objects = await render({ set: sets, valuesFiles });
      const images = deployments(objects).map((d) => d.spec.template.spec.containers[0].image);
      // Pushed images (prod) are referenced by digest; images loaded into a local cluster by tag.
      const reference = profile === 'prod' ? `@${DIGEST}` : ':dev-abc1234';
      // The console is optional (console.enabled); the dev profile turns it on.
      const consoleDeployed = deployments(objects).some((d) => appName(d) === 'console');
      expect(consoleDeployed).toBe(profile === 'dev');
      expect(images.sort()).toEqual([...SERVICES, ...(consoleDeployed ? ['console'] : [])].map((s) => `localhost:5000/bakuun-webhooks-${s}${reference}`).sort());
      expect(validateObjects(objects, { typeCheck: false })).toEqual([]);
      if (profile === 'dev') {
        expect(byKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
        expect(topicsConfigOf(objects).topics.every((t: { replicationFactor: number; config: Record<string, unknown> }) => t.replicationFactor === 1 && Number(t.config['min.insync.replicas']) === 1)).toBe(true);
      }
    });
  });
});

function topicsConfigOf(objects: K8sObject[]) {
  return JSON.parse(named(objects, 'ConfigMap', 'kafka-topics').data['topics.json']);
}
