import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { findRepoRoot, freePort, startServiceProcess, testNamespace, type ServiceProcess, type TestNamespace } from '@bakuun/testing';

/*
 * The Webhook section in real Chromium against the real platform: key management and the
 * endpoint registry as separate processes on real FerretDB and Kafka, the console as a process
 * too, operators created with key management's CLI. Sign-in and key rolls both confirm passwords
 * against key management's operator accounts (argon2id, one lockout).
 */

const repoRoot = findRepoRoot(__dirname);
/** Debian's chromium, installed by scripts/install-browser (`npm test` runs it first); CHROMIUM_PATH points elsewhere. */
const BROWSER = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(repoRoot, 'test-output', 'console');

const ALPHA = { partnerId: 'p_alpha', operatorId: 'ana@alpha', password: `alpha-${randomBytes(9).toString('base64url')}` };
const BETA = { partnerId: 'p_beta', operatorId: 'ben@beta', password: `beta-${randomBytes(9).toString('base64url')}` };

jest.setTimeout(60_000);
/** Services start in a few seconds; this leaves room for a machine busy with other test runs. */
const START_TIMEOUT_MS = 60_000;

let ns: TestNamespace;
let keyManagement: ServiceProcess;
let registry: ServiceProcess;
let consoleProcess: ServiceProcess;
let consoleUrl: string;
let browser: Browser;
/** The registry as the metrics service calls it, to suspend an endpoint automatically. */
let registryClient: { service: registryV1.EndpointRegistryServiceClient; close: () => void };
let alphaContext: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let shotCount = 0;
/** Ids of alpha's endpoints, from the add answers the page received. */
const alphaIds: Record<string, string> = {};

/** `npm test` installs the browser before Jest starts; a single-file run installs it here (Debian's package, never a download of its own). */
function ensureBrowser(): void {
  if (!existsSync(BROWSER)) execFileSync(join(repoRoot, 'scripts', 'install-browser'), { stdio: 'inherit', timeout: 600_000 });
}

/** `npm run keys -- operator create`, run from dist/ (built by the global setup), the password on standard input. */
function createOperator(account: typeof ALPHA, keysDatabase: string): Promise<void> {
  const cli = join(repoRoot, 'dist', 'services', 'key-management', 'src', 'cli', 'keys-cli.js');
  const child = spawn(process.execPath, [cli, 'operator', 'create', account.partnerId, account.operatorId, '--password-stdin'], {
    env: { ...process.env, MONGODB_URI: ns.mongoUri, KEYS_DATABASE: keysDatabase },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin.end(account.password);
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`keys CLI exited with ${code}`)))));
}

/** A screenshot of one screen (into the git-ignored test-output/), and that screen's accessibility check: every visible control has a name. */
async function shot(target: Page, name: string): Promise<void> {
  expect({ screen: name, unlabelled: await unlabelledControls(target) }).toEqual({ screen: name, unlabelled: [] });
  shotCount += 1;
  await target.screenshot({ path: join(SHOTS, `${String(shotCount).padStart(2, '0')}-${name}.png`) });
}

async function newPage(context: BrowserContext): Promise<Page> {
  const created = await context.newPage();
  created.setDefaultTimeout(10_000);
  created.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  created.on('console', (message) => {
    // Chrome logs every 4xx answer; the refusals this test provokes on purpose are not errors of the page.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) pageErrors.push(`console: ${message.text()}`);
  });
  return created;
}

async function signIn(target: Page, account: typeof ALPHA, password = account.password): Promise<void> {
  await target.getByLabel('Partner id').fill(account.partnerId);
  await target.getByLabel('Operator id').fill(account.operatorId);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
}

const dialog = () => page.getByRole('dialog');
const tab = (name: string) => page.getByRole('tab', { name });
const panel = () => page.getByRole('tabpanel');
const rows = () => panel().locator('tbody tr[data-endpoint-id]');
const actions = (name: RegExp) => page.getByRole('button', { name });

async function rowAction(name: RegExp, item: string): Promise<void> {
  await actions(name).click();
  await page.getByRole('menuitem', { name: item }).click();
  await dialog().waitFor();
  expect((await focused()).inDialog).toBe(true);
}

/**
 * Visible form controls and buttons without an accessible name (label, aria-label,
 * aria-labelledby, or a button's text), described by tag and id for the failure message.
 */
function unlabelledControls(target: Page): Promise<string[]> {
  return target.evaluate<string[]>(`(() => {
    const named = (e) => {
      if (e.getAttribute('aria-label')?.trim()) return true;
      const by = e.getAttribute('aria-labelledby');
      if (by && by.split(/\\s+/).some((id) => document.getElementById(id)?.textContent?.trim())) return true;
      if (e.labels && [...e.labels].some((l) => l.textContent.trim())) return true;
      if (e.tagName === 'BUTTON' && e.textContent.trim()) return true;
      return false;
    };
    return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
      .filter((e) => e.getClientRects().length > 0 && !named(e))
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('type') ? '[' + e.getAttribute('type') + ']' : ''));
  })()`);
}

interface FocusedElement {
  role: string | null;
  label: string | null;
  text: string | null;
  inDialog: boolean;
}

/** What has keyboard focus in the page (evaluated in the browser, so written as a string: the test's TypeScript has no DOM types). */
function focused(): Promise<FocusedElement> {
  return page.evaluate<FocusedElement>(
    `(() => { const e = document.activeElement; return { role: e?.getAttribute('role') ?? null, label: e?.getAttribute('aria-label') ?? null, text: e?.textContent ?? null, inDialog: Boolean(e?.closest('dialog')) }; })()`,
  );
}

/** Waits until the row's status badge reads `status`. */
async function expectStatus(name: RegExp, status: string): Promise<void> {
  await page.locator('tr', { has: actions(name) }).locator('.badge', { hasText: new RegExp(`^${status}$`) }).waitFor();
}

/** Waits until `count()` reaches `expected` (the page updates a moment after a dialog closes). */
async function expectCount(count: () => Promise<number>, expected: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let actual = await count();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    actual = await count();
  }
  expect(actual).toBe(expected);
}

/** Adds endpoints through the modal and returns the keys it showed once. */
async function addEndpoints(category: string, methods: string[], url?: string): Promise<Record<string, string>> {
  await tab(category).click();
  await panel().getByRole('button', { name: '+ Add Endpoint' }).click();
  await dialog().waitFor();
  for (const method of methods) {
    const box = dialog().getByRole('checkbox', { name: method });
    if (!(await box.isChecked())) await box.check();
  }
  if (url !== undefined) await dialog().getByRole('textbox', { name: /^URL for/ }).fill(url);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/endpoints') && r.request().method() === 'POST');
  await dialog().getByRole('button', { name: 'Add', exact: true }).click();
  const body = (await (await answered).json()) as { endpoints: { endpoint: { id: string; category: string; method: string } }[] };
  for (const { endpoint } of body.endpoints) alphaIds[`${endpoint.category}/${endpoint.method}`] = endpoint.id;
  await dialog().getByText('Shown only once.').waitFor();
  const keys: Record<string, string> = {};
  for (const method of methods) {
    const input = dialog().getByRole('textbox', { name: new RegExp(`^${category} ${method} endpoint (signing secret|API key)$`) });
    keys[method] = await input.inputValue();
  }
  return keys;
}

/** Re-selects the open tab until `check` passes: the list follows the registry's read model, a moment behind its log. */
async function eventually(check: () => Promise<boolean>, reload: () => Promise<void>): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
    await reload();
  }
  throw new Error('condition not met after 20 reloads');
}

/** The REST API as a script would use it, with a session cookie of a browser context. */
async function restAs(context: BrowserContext) {
  const cookie = (await context.cookies(consoleUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  const session = (await (await fetch(`${consoleUrl}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${consoleUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: response.status === 204 ? null : ((await response.json()) as Record<string, unknown>) };
  };
}

beforeAll(async () => {
  ensureBrowser();
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  ns = testNamespace(__filename);
  const keysDatabase = `${ns.databaseName}_keys`;
  const [registryGrpc, keysGrpc, keysHttp] = await Promise.all([freePort(), freePort(), freePort()]);
  const topic = ns.topic('endpoint-events');
  // Everything at once: gRPC clients connect lazily, and operators are rows in key management's database.
  // Settled one by one, so that afterAll stops whatever started even when something else did not.
  const [keysStarted, registryStarted, consoleStarted, browserStarted, ...operators] = await Promise.allSettled([
    startServiceProcess('key-management', {
      MONGODB_URI: ns.mongoUri,
      KEYS_DATABASE: keysDatabase,
      KAFKA_BROKERS: ns.kafkaBrokers.join(','),
      ENDPOINT_EVENTS_TOPIC: topic,
      KEYS_CONSUMER_GROUP: ns.group('key-management'),
      KEYS_GRPC_PORT: String(keysGrpc),
      KEYS_HTTP_PORT: String(keysHttp),
      REGISTRY_URL: `127.0.0.1:${registryGrpc}`,
      MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`,
      MASTER_KEY_ACTIVE: 'mk1',
      LOG_LEVEL: 'info',
    }, START_TIMEOUT_MS),
    startServiceProcess('endpoint-registry', {
      MONGODB_URI: ns.mongoUri,
      REGISTRY_DATABASE: ns.databaseName,
      KAFKA_BROKERS: ns.kafkaBrokers.join(','),
      REGISTRY_GRPC_PORT: String(registryGrpc),
      REGISTRY_HTTP_PORT: '0',
      KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
      ENDPOINT_EVENTS_TOPIC: topic,
      ENDPOINT_HEALTH_TOPIC: ns.topic('endpoint-health'),
      REGISTRY_CONSUMER_GROUP: ns.group('registry'),
      ALLOW_INSECURE_LOOPBACK_URLS: 'true',
      RESOLVE_URL_ON_SET: 'false',
      LOG_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
    }, START_TIMEOUT_MS),
    startServiceProcess('console', {
      CONSOLE_HTTP_PORT: '0',
      BIND_HOST: '127.0.0.1',
      REGISTRY_URL: `127.0.0.1:${registryGrpc}`,
      KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
      LOG_LEVEL: 'info',
    }, START_TIMEOUT_MS),
    chromium.launch({
      executablePath: BROWSER,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
    createOperator(ALPHA, keysDatabase),
    createOperator(BETA, keysDatabase),
  ]);
  if (keysStarted.status === 'fulfilled') keyManagement = keysStarted.value;
  if (registryStarted.status === 'fulfilled') registry = registryStarted.value;
  if (consoleStarted.status === 'fulfilled') consoleProcess = consoleStarted.value;
  if (browserStarted.status === 'fulfilled') browser = browserStarted.value;
  const failed = [keysStarted, registryStarted, consoleStarted, browserStarted, ...operators].find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  consoleUrl = consoleProcess.listening.http!;
  registryClient = createGrpcClient<registryV1.EndpointRegistryServiceClient>(
    `127.0.0.1:${registryGrpc}`,
    registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME,
    'bakuun/webhooks/registry/v1/endpoint_registry_service.proto',
    registryV1.ENDPOINT_REGISTRY_SERVICE_NAME,
  );
  alphaContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await newPage(alphaContext);
}, 600_000);

afterAll(async () => {
  registryClient?.close();
  await browser?.close();
  await Promise.all([consoleProcess?.stop(), registry?.stop(), keyManagement?.stop()]);
});

describe('the Webhook section in a real browser', () => {
  it('signs an operator in, showing a wrong password next to the password field', async () => {
    await page.goto(consoleUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(page, 'sign-in');

    await signIn(page, ALPHA, 'not-the-password');
    const passwordError = page.locator('[data-field=password] .field-error');
    await passwordError.waitFor();
    const wrongPassword = await passwordError.textContent();
    expect(wrongPassword).toMatch(/not accepted/);
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect((await focused()).label ?? (await page.evaluate<string>('document.activeElement.id'))).toMatch(/password/i);
    await shot(page, 'sign-in-refused');

    // An operator that does not exist is refused in the same words: the page does not tell which part was wrong.
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await signIn(page, { ...ALPHA, operatorId: 'nobody@alpha' }, ALPHA.password);
    const unknown = await answered;
    expect(unknown.status()).toBe(401);
    await page.waitForFunction(`document.querySelector('[data-field=password] .field-error')?.textContent === ${JSON.stringify(wrongPassword)}`);

    await signIn(page, ALPHA);
    await page.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
    expect(await tab('Mapping').getAttribute('aria-selected')).toBe('true');
    expect(await panel().textContent()).toContain('We POST mapping changes to your URL');
    expect(await panel().textContent()).toContain('You GET mapping data from Bakuun');
    await panel().getByText('No Mapping endpoints yet').waitFor();
    await shot(page, 'mapping-empty');
  });

  it('adds endpoints in each tab, shows each key once, and offers only Push for ARI', async () => {
    await tab('Mapping').click();
    await panel().getByRole('button', { name: '+ Add Endpoint' }).click();
    const urlField = dialog().getByRole('textbox', { name: /^URL for/ });
    expect(await urlField.isVisible()).toBe(false);
    await dialog().getByRole('checkbox', { name: 'Push' }).check();
    expect(await urlField.isVisible()).toBe(true);
    await shot(page, 'mapping-add-dialog');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });

    const mappingKeys = await addEndpoints('Mapping', ['Push', 'Read']);
    expect(mappingKeys.Push).toMatch(/^whsec_test[A-Za-z0-9+/=]{20,}$/);
    expect(mappingKeys.Read).toMatch(/^bk_test_[A-Za-z0-9_-]{20,}$/);
    expect(await dialog().textContent()).toMatch(/will not show it again/);
    await shot(page, 'mapping-new-keys');
    await dialog().getByRole('button', { name: 'Copy Mapping Push endpoint signing secret' }).click();
    await dialog().getByText('Copied to the clipboard').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(mappingKeys.Push);
    await dialog().getByRole('button', { name: 'I have stored the key' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectCount(() => rows().count(), 2);
    await expectStatus(/^Actions for Mapping Push endpoint/, 'To set');
    expect(await page.getByText('Not set', { exact: true }).count()).toBe(1);
    await shot(page, 'mapping-table');

    await tab('ARI').click();
    await panel().getByRole('button', { name: '+ Add Endpoint' }).click();
    expect(await dialog().getByRole('checkbox').count()).toBe(1);
    expect(await dialog().getByRole('checkbox', { name: 'Read' }).count()).toBe(0);
    expect(await dialog().getByRole('checkbox', { name: 'Push' }).isChecked()).toBe(true);
    await dialog().getByText('ARI offers Push only.').waitFor();
    await shot(page, 'ari-add-dialog');
    await page.keyboard.press('Escape');
    const ariKeys = await addEndpoints('ARI', ['Push'], 'http://127.0.0.1:9/ari');
    expect(ariKeys.Push).toMatch(/^whsec_test[A-Za-z0-9+/=]{20,}$/);
    await dialog().getByRole('button', { name: 'I have stored the key' }).click();
    await expectCount(() => rows().count(), 1);
    await panel().getByText('http://127.0.0.1:9/ari').waitFor();

    const bookingKeys = await addEndpoints('Booking', ['Push', 'Read']);
    expect(bookingKeys.Push).toMatch(/^bk_test_[A-Za-z0-9_-]{20,}$/);
    expect(bookingKeys.Read).toMatch(/^whsec_test[A-Za-z0-9+/=]{20,}$/);
    await dialog().getByRole('button', { name: 'I have stored the key' }).click();
    await expectCount(() => rows().count(), 2);
    await shot(page, 'booking-table');
  });

  it('sets a URL (the platform’s refusal shown next to it) and activates; activation without a URL is refused in plain words', async () => {
    await tab('Booking').click();
    await rowAction(/^Actions for Booking Read endpoint/, 'Activate');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    const refusal = dialog().locator('.form-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/needs a URL before it can be activated/);
    await shot(page, 'activate-refused');
    await dialog().getByRole('button', { name: 'Cancel' }).click();

    await tab('Mapping').click();
    await rowAction(/^Actions for Mapping Push endpoint/, 'Set URL');
    await dialog().getByRole('textbox', { name: 'URL' }).fill('ftp://example.com/hooks');
    await dialog().getByRole('button', { name: 'Save URL' }).click();
    const urlError = dialog().locator('[data-field=url] .field-error');
    await urlError.waitFor();
    expect((await urlError.textContent())?.length).toBeGreaterThan(5);
    expect(await dialog().getByRole('textbox', { name: 'URL' }).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'set-url-refused');
    await dialog().getByRole('textbox', { name: 'URL' }).fill('http://127.0.0.1:9/mapping');
    await dialog().getByRole('button', { name: 'Save URL' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await panel().getByText('http://127.0.0.1:9/mapping').waitFor();

    await rowAction(/^Actions for Mapping Push endpoint/, 'Activate');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectStatus(/^Actions for Mapping Push endpoint/, 'Active');
  });

  it('updates the API version from the category’s versions and their changelogs', async () => {
    await rowAction(/^Actions for Mapping Push endpoint/, 'Update API version');
    await dialog().getByRole('radio', { name: /2025-01-15/ }).waitFor();
    expect(await dialog().getByRole('radio', { name: /2025-06-01/ }).isChecked()).toBe(true);
    expect(await dialog().getByRole('radio', { name: /2024-04-01/ }).isDisabled()).toBe(true);
    expect(await dialog().textContent()).toContain('Deltas instead of snapshots');
    await dialog().getByRole('radio', { name: /2025-01-15/ }).check();
    await shot(page, 'update-api-version');
    await dialog().getByRole('button', { name: 'Update version' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await page.locator('tr', { has: actions(/^Actions for Mapping Push endpoint/) }).getByText('2025-01-15').waitFor();
  });

  it('rolls a key: a wrong password is refused next to the field, the right one shows the new key once', async () => {
    await rowAction(/^Actions for Mapping Push endpoint/, 'Expire key');
    await dialog().getByText('Never used').waitFor();
    expect(await dialog().textContent()).toMatch(/whsec_test_…?[A-Za-z0-9]{4}|whsec_test/);
    await dialog().getByLabel('When should the current key stop working?').selectOption({ label: 'After 1 hour' });
    await dialog().getByLabel('Your password').fill('wrong-password-123');
    await dialog().getByRole('button', { name: 'Roll API Key' }).click();
    const passwordError = dialog().locator('[data-field=password] .field-error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toBe('The password was not accepted.');
    await shot(page, 'expire-key-wrong-password');

    await dialog().getByLabel('Your password').fill(ALPHA.password);
    await dialog().getByRole('button', { name: 'Roll API Key' }).click();
    const newKey = dialog().getByRole('textbox', { name: 'Mapping Push endpoint new signing secret' });
    await newKey.waitFor();
    expect(await newKey.inputValue()).toMatch(/^whsec_test[A-Za-z0-9+/=]{20,}$/);
    expect(await dialog().textContent()).toMatch(/The previous key stops working/);
    await shot(page, 'expire-key-new-key');
    await dialog().getByRole('button', { name: 'I have stored the key' }).click();
    await dialog().waitFor({ state: 'hidden' });
  });

  it('disables and activates with the keyboard, and shows why the platform suspended an endpoint', async () => {
    const menu = actions(/^Actions for Mapping Push endpoint/);
    await menu.focus();
    await page.keyboard.press('Enter');
    expect((await focused()).role).toBe('menuitem');
    await page.keyboard.press('Escape');
    expect((await focused()).label).toMatch(/^Actions for Mapping Push endpoint/);
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) if ((await focused()).text !== 'Disable') await page.keyboard.press('ArrowDown');
    expect((await focused()).text).toBe('Disable');
    await page.keyboard.press('Enter');
    await dialog().getByLabel('Note for your team (optional)').fill('maintenance window');
    await dialog().getByRole('button', { name: 'Disable' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectStatus(/^Actions for Mapping Push endpoint/, 'Suspended');
    await panel().getByText('Disabled by an operator: “maintenance window”.').waitFor();
    await rowAction(/^Actions for Mapping Push endpoint/, 'Activate');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectStatus(/^Actions for Mapping Push endpoint/, 'Active');

    // The metrics service suspends endpoints with the figure that tripped its policy.
    await tab('ARI').click();
    await rowAction(/^Actions for ARI Push endpoint/, 'Activate');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await lastValueFrom(
      registryClient.service.suspendEndpoint(
        { requestId: `auto-${randomBytes(6).toString('hex')}`, endpointId: alphaIds['ARI/PUSH']!, reason: { automatic: { metric: 'error_rate', value: 0.625, windowSeconds: 3600, attempts: 120 } }, expectedVersion: 0 },
        callMetadata(ALPHA.partnerId, { kind: 'SERVICE', id: 'metrics' }),
      ),
    );
    const reason = 'Suspended automatically by the platform: 62.5% of 120 requests failed over 1 hour.';
    await eventually(
      async () => (await panel().getByText(reason).count()) === 1,
      () => tab('ARI').click(),
    );
    await expectStatus(/^Actions for ARI Push endpoint/, 'Suspended');
    await rowAction(/^Actions for ARI Push endpoint/, 'Activate');
    expect(await dialog().getByRole('note').textContent()).toContain(reason);
    await shot(page, 'automatic-suspension');
    await dialog().getByRole('button', { name: 'Activate' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectStatus(/^Actions for ARI Push endpoint/, 'Active');
  });

  it('shows the history (who, what, when); Escape closes the dialog and gives focus back', async () => {
    await tab('Mapping').click();
    await rowAction(/^Actions for Mapping Push endpoint/, 'History');
    const history = dialog().locator('table.history tbody tr');
    await history.first().waitFor();
    const text = await dialog().textContent();
    for (const what of ['Added Push endpoint (outbound)', 'URL set to http://127.0.0.1:9/mapping', 'Activated.', 'API version changed from 2025-06-01 to 2025-01-15', 'Key rolled', 'Disabled by an operator']) expect(text).toContain(what);
    await expectCount(() => history.count(), 7);
    expect(await history.first().locator('td').nth(1).textContent()).toContain(ALPHA.operatorId);
    await shot(page, 'history');

    // Focus stays in the dialog however far one tabs, forwards or backwards.
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press(key);
        expect((await focused()).inDialog).toBe(true);
      }
    }
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    expect((await focused()).label).toMatch(/^Actions for Mapping Push endpoint/);
  });

  it('deletes after a confirmation that says it cannot be undone', async () => {
    await rowAction(/^Actions for Mapping Read endpoint/, 'Delete');
    expect(await dialog().textContent()).toContain('This cannot be undone.');
    await shot(page, 'delete-confirmation');
    await dialog().getByRole('button', { name: 'Delete endpoint' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expectCount(() => rows().count(), 1);
    await expectCount(() => actions(/^Actions for Mapping Read endpoint/).count(), 0);
    await shot(page, 'mapping-after-delete');
  });

  it('keeps another partner’s operator from seeing or changing them, in the page and through the REST API', async () => {
    const betaContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const betaPage = await newPage(betaContext);
      await betaPage.goto(consoleUrl);
      await signIn(betaPage, BETA);
      await betaPage.getByRole('heading', { name: 'Webhook', level: 1 }).waitFor();
      await betaPage.getByText('No Mapping endpoints yet').waitFor();
      await betaPage.getByRole('tab', { name: 'ARI' }).click();
      await betaPage.getByText('No ARI endpoints yet').waitFor();
      await shot(betaPage, 'other-partner');

      const beta = await restAs(betaContext);
      const mappingPush = alphaIds['MAPPING/PUSH']!;
      const listed = await beta('GET', '/api/endpoints?category=MAPPING');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ endpoints: [] });
      const attempts: Promise<{ method: string; path: string; status: number; type: string }>[] = [];
      for (const [method, path, body] of [
        ['GET', `/api/endpoints/${mappingPush}`],
        ['GET', `/api/endpoints/${mappingPush}/history`],
        ['GET', `/api/endpoints/${mappingPush}/key`],
        ['PUT', `/api/endpoints/${mappingPush}/url`, { url: 'http://127.0.0.1:9/stolen' }],
        ['PUT', `/api/endpoints/${mappingPush}/api-version`, { apiVersion: '2025-06-01' }],
        ['POST', `/api/endpoints/${mappingPush}/suspend`, {}],
        ['POST', `/api/endpoints/${mappingPush}/key/roll`, { oldKeyExpiry: 'NOW', password: BETA.password }],
        ['DELETE', `/api/endpoints/${mappingPush}`],
      ] as [string, string, unknown?][]) {
        attempts.push(beta(method, path, body).then((answer) => ({ method, path, status: answer.status, type: answer.type })));
      }
      for (const answer of await Promise.all(attempts)) {
        expect(answer).toEqual({ ...answer, status: 404, type: expect.stringContaining('application/problem+json') });
      }

      const alpha = await restAs(alphaContext);
      const unchanged = await alpha('GET', `/api/endpoints/${mappingPush}`);
      expect(unchanged.body).toMatchObject({ url: 'http://127.0.0.1:9/mapping', apiVersion: '2025-01-15', status: 'ACTIVE' });
      const forged = await alpha('POST', `/api/endpoints/${mappingPush}/suspend`, {}, { 'x-csrf-token': 'forged' });
      expect(forged).toMatchObject({ status: 403, body: { code: 'CONSOLE.CSRF_TOKEN_MISMATCH' } });
      const crossSite = await alpha('POST', `/api/endpoints/${mappingPush}/suspend`, {}, { origin: 'https://attacker.example' });
      expect(crossSite).toMatchObject({ status: 403, body: { code: 'CONSOLE.CSRF_CROSS_ORIGIN' } });
      const anonymous = await fetch(`${consoleUrl}/api/endpoints?category=MAPPING`);
      expect(anonymous.status).toBe(401);

      const openApi = (await (await fetch(`${consoleUrl}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
      expect(openApi.openapi).toBe('3.1.0');
      expect(Object.keys(openApi.paths).sort()).toEqual([
        '/api/api-versions',
        '/api/categories',
        '/api/endpoints',
        '/api/endpoints/{endpointId}',
        '/api/endpoints/{endpointId}/activate',
        '/api/endpoints/{endpointId}/api-version',
        '/api/endpoints/{endpointId}/history',
        '/api/endpoints/{endpointId}/key',
        '/api/endpoints/{endpointId}/key/roll',
        '/api/endpoints/{endpointId}/suspend',
        '/api/endpoints/{endpointId}/url',
        '/api/key-expiry-choices',
        '/api/session',
      ]);
      expect(openApi.components.schemas).toHaveProperty('Endpoint');
      expect(openApi.components.schemas).toHaveProperty('Problem');
    } finally {
      await betaContext.close();
    }
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });

  it('kept every password out of the services’ logs', () => {
    const logs = [keyManagement, registry, consoleProcess].map((p) => readFileSync(join(repoRoot, 'test-output', `${p.name}-${p.process.pid}.log`), 'utf8')).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [ALPHA.password, BETA.password, 'not-the-password', 'wrong-password-123']) expect(logs.includes(secret)).toBe(false);
  });
});
