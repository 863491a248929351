import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { parseAllDocuments, stringify } from 'yaml';

/** Helpers of the chart tests: Helm (built by scripts/infra), rendering, and Kubernetes schema checks. */

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const chartDir = join(repoRoot, 'charts', 'bakuun-webhooks');
export const productionValues = join(chartDir, 'ci', 'production-values.yaml');
const helmBin = join(repoRoot, '.infra', 'bin', 'helm');
/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion): native preStop sleep, gRPC probes. */
export const KUBE_VERSION = '1.30.0';

const run = promisify(execFile);

/** Builds Helm through the project's script when it is missing (minutes on a cold Go cache). */
export function ensureHelm(): string {
  if (!existsSync(helmBin)) {
    execFileSync(join(repoRoot, 'scripts', 'infra'), ['install-helm'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return helmBin;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function helm(args: string[]): Promise<HelmResult> {
  try {
    const { stdout, stderr } = await run(helmBin, args, { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'bakuun-chart-'));
let scratchCount = 0;

/** Writes values to a temporary YAML file (how an SRE passes them: `-f file`). */
export function valuesFile(values: unknown): string {
  const file = join(scratch, `values-${++scratchCount}.yaml`);
  writeFileSync(file, stringify(values));
  return file;
}

export interface RenderOptions {
  valuesFiles?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
}

export function templateArgs(options: RenderOptions = {}): string[] {
  return [
    'template',
    options.release ?? 'bakuun',
    chartDir,
    '--namespace',
    options.namespace ?? 'webhooks',
    '--kube-version',
    KUBE_VERSION,
    ...(options.valuesFiles ?? []).flatMap((f) => ['-f', f]),
    ...(options.set ?? []).flatMap((s) => ['--set', s]),
  ];
}

// A deliberately loose shape: the tests read many kinds, and each object is checked against its
// real schema separately (validateObjects).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** Parses `helm template` output the way the API server's YAML 1.1 decoder would. */
export function parseManifests(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) throw new Error(`unparsable manifest: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as K8sObject | null;
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

export async function render(options: RenderOptions = {}): Promise<K8sObject[]> {
  const result = await helm(templateArgs(options));
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseManifests(result.stdout);
}

/** The model (runtime JSON-schema validation) and TypeScript type (strict field names) of every kind the chart renders. */
const MODELS: Record<string, { module: string; name: string }> = {
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', name: 'ConfigMap' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', name: 'Service' },
  'v1/ServiceAccount': { module: 'kubernetes-models/v1/ServiceAccount', name: 'ServiceAccount' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', name: 'Deployment' },
  'batch/v1/Job': { module: 'kubernetes-models/batch/v1/Job', name: 'Job' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', name: 'HorizontalPodAutoscaler' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', name: 'PodDisruptionBudget' },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', name: 'NetworkPolicy' },
  'networking.k8s.io/v1/Ingress': { module: 'kubernetes-models/networking.k8s.io/v1/Ingress', name: 'Ingress' },
  'monitoring.coreos.com/v1/ServiceMonitor': { module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', name: 'ServiceMonitor' },
};

const kindKey = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;

/**
 * Checks each object against the Kubernetes OpenAPI schemas twice:
 * - kubernetes-models' validator: types, formats (quantities, int32 ports), required fields;
 * - the TypeScript compiler on the same models' types: every object becomes a typed literal,
 *   so a misspelt or unknown field (which the OpenAPI validator lets through, and the API
 *   server silently drops) is an excess-property error.
 * Returns one message per problem; an unknown kind is a problem too. `typeCheck: false` skips the
 * (slower) compiler pass, for renders that differ from a type-checked one only in values.
 */
export function validateObjects(objects: K8sObject[], options: { scenarios?: string[]; typeCheck?: boolean } = {}): string[] {
  const { scenarios, typeCheck: strict = true } = options;
  const problems: string[] = [];
  const imports = new Map<string, string>();
  const declarations: string[] = [];
  objects.forEach((object, index) => {
    const where = `${scenarios?.[index] ? `[${scenarios[index]}] ` : ''}${object.kind}/${object.metadata?.name}`;
    const model = MODELS[kindKey(object)];
    if (!model) {
      problems.push(`${where}: no schema known for ${kindKey(object)}`);
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = (require(model.module) as Record<string, new (data: unknown) => { validate(): void }>)[model.name]!;
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!strict) return;
    const typeName = `I${model.name}`;
    imports.set(model.module, typeName);
    declarations.push(`// ${where}\nexport const object${index}: ${typeName} = ${JSON.stringify(object)};`);
  });
  if (strict) {
    const source = [...[...imports].map(([module, type]) => `import type { ${type} } from '${module}';`), ...declarations].join('\n');
    problems.push(...typeCheck(source));
  }
  return problems;
}

const typeCheckOptions: ts.CompilerOptions = {
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
};
/** The library and model declarations are parsed once per test file, whatever the number of checks. */
const declarationCache = new Map<string, ts.SourceFile | undefined>();
let previousProgram: ts.Program | undefined;

function typeCheck(source: string): string[] {
  const file = join(chartDir, 'tests', '__rendered__.ts');
  const host = ts.createCompilerHost(typeCheckOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    if (name === file) return ts.createSourceFile(name, source, language);
    if (!declarationCache.has(name)) declarationCache.set(name, getSourceFile(name, language, ...rest));
    return declarationCache.get(name);
  };
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], typeCheckOptions, host, previousProgram);
  previousProgram = program;
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file)
    .map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const context = line >= 1 ? source.split('\n')[line - 1] : '';
      return `${context}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 400)}`;
    });
}

export const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

export function named(objects: K8sObject[], kind: string, suffix: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(`-${suffix}`));
  if (!found) throw new Error(`no ${kind} named *-${suffix} in [${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}]`);
  return found;
}

/** Every pod template of the release (Deployments and the hook Job). */
export function podTemplates(objects: K8sObject[]): { owner: string; pod: K8sObject['spec'] }[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, pod: o.spec.template }));
}
