// Helpers for the browser tests: build the playground, serve it, find a headless Chromium and
// drive it through playwright-core. Nothing here may hang a test run: every wait is bounded and
// every browser and server can be closed whether or not it ever started.
import { execFile, execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { withTimeout } from './timeout.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PLAYGROUND_DIR = join(ROOT, 'build/playground');
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Default timeout of every page action, wait and navigation in a launched browser, ms. */
export const PAGE_TIMEOUT_MS = 30_000;
/** Generous for a loaded machine: a launch normally takes ~0.4 s, the first unpack ~2 s. */
const LAUNCH_TIMEOUT_MS = 60_000;
const UNPACK_TIMEOUT_MS = 120_000;
const VERSION_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 10_000;
const BUILD_TIMEOUT_MS = 180_000;

/** `node scripts/playground.mjs build` (a no-op when nothing changed). */
export function buildPlayground(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/playground.mjs'), 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: BUILD_TIMEOUT_MS,
  });
}

// ---------- the static server ----------

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface Site {
  server: Server;
  url: string;
  /** Stops the server and drops its open connections; safe to call more than once. */
  close(): Promise<void>;
}

/** Serves `dir` on 127.0.0.1 at an ephemeral port. */
export async function serve(dir: string): Promise<Site> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    await closeServer(server);
    throw new Error(`the test server has no TCP address (got ${JSON.stringify(address)})`);
  }
  return { server, url: `http://127.0.0.1:${address.port}/`, close: () => closeServer(server) };
}

/** Closes a server, also one that never listened; keep-alive connections would otherwise hold it open. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

// ---------- finding a browser ----------

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, for messages: "@sparticuz/chromium (/tmp/chromium)". */
  description: string;
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const SYSTEM_PATHS = SYSTEM_NAMES.map((name) => `/usr/bin/${name}`);
/** A headless Chromium shipped inside an npm devDependency, so that `npm ci` is the only install step. */
const NPM_BROWSER = '@sparticuz/chromium';

/** An error whose whole report is its message: uvu then prints that one line and no stack. */
class BrowserNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserNotFound';
    this.stack = message;
  }
}

let found: Promise<FoundBrowser> | undefined;

/**
 * The browser the tests drive, looked up once per process: $CHROMIUM_PATH when set (it must
 * exist); else a system Chromium or Chrome; else the one inside @sparticuz/chromium (unpacked
 * to the temp dir on first use). Rejects with one line naming everything looked for.
 */
export function findBrowser(): Promise<FoundBrowser> {
  found ??= locateBrowser();
  return found;
}

async function locateBrowser(): Promise<FoundBrowser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new BrowserNotFound(
        `CHROMIUM_PATH is set to ${fromEnv}, which does not exist (unset it to use a system Chromium or ${NPM_BROWSER})`,
      );
    if (!isExecutableFile(fromEnv)) throw new BrowserNotFound(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file`);
    return { executablePath: fromEnv, description: `CHROMIUM_PATH (${fromEnv})` };
  }
  const system = systemBrowser();
  if (system) return { executablePath: system, description: `the system (${system})` };
  const npm = await npmBrowser();
  if (typeof npm !== 'string') return npm;
  throw new BrowserNotFound(
    `no browser for the browser tests: CHROMIUM_PATH is not set, none of ${SYSTEM_PATHS.join(', ')} exists ` +
      `(nor ${SYSTEM_NAMES.join(', ')} on PATH), and ${NPM_BROWSER} gave none: ${npm}`,
  );
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of the usual system paths, then the same names on PATH, that is an executable file. */
function systemBrowser(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const onPath = dirs.flatMap((dir) => SYSTEM_NAMES.map((name) => join(dir, name)));
  return [...SYSTEM_PATHS, ...onPath].find(isExecutableFile);
}

interface NpmChromium {
  executablePath(): Promise<string>;
}

/** The npm package's browser, or why there is none. */
async function npmBrowser(): Promise<FoundBrowser | string> {
  let pkg: NpmChromium;
  try {
    pkg = ((await import(NPM_BROWSER)) as { default: NpmChromium }).default;
  } catch (error) {
    return `it could not be loaded (${firstLine(error)}; npm ci installs it)`;
  }
  try {
    const executablePath = await unpackWorking(pkg);
    return { executablePath, description: `${NPM_BROWSER} (${executablePath})` };
  } catch (error) {
    return firstLine(error);
  }
}

/**
 * The package's binary, unpacked and shown to run. executablePath() reuses whatever file is
 * already at its unpack path (the temp dir's `chromium`): a run killed mid-unpack leaves a
 * truncated binary there, an older version of the package its own Chromium. A binary that does
 * not print the version this package ships is removed and unpacked again, once.
 */
async function unpackWorking(pkg: NpmChromium): Promise<string> {
  const unpack = () => withTimeout(pkg.executablePath(), UNPACK_TIMEOUT_MS, `unpacking ${NPM_BROWSER}`);
  const major = shippedMajor();
  const first = await unpack();
  if ((await binaryProblem(first, major)) === undefined) return first;
  rmSync(first, { force: true });
  const second = await unpack();
  const problem = await binaryProblem(second, major);
  if (problem !== undefined) throw new Error(`${second} does not run: ${problem}`);
  return second;
}

/** The Chromium major version the installed package ships: its own major (143.0.4 ships Chromium 143). */
function shippedMajor(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve(NPM_BROWSER);
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', '..', 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return manifest.name === NPM_BROWSER ? manifest.version?.split('.')[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the binary at `path` is unusable, or undefined when `--version` prints the expected major
 * version (any version when `major` is unknown). Waits out another process still writing the file.
 */
async function binaryProblem(path: string, major: string | undefined): Promise<string | undefined> {
  const deadline = Date.now() + UNPACK_TIMEOUT_MS;
  for (;;) {
    let out: string;
    try {
      out = await runFile(path, ['--version'], VERSION_TIMEOUT_MS);
    } catch (error) {
      const busy = (error as NodeJS.ErrnoException).code === 'ETXTBSY';
      if (!busy || Date.now() > deadline) return `--version failed (${firstLine(error)})`;
      await delay(500);
      continue;
    }
    const version = /(\d+)\.\d+[.\d]*/.exec(out);
    if (!version) return `--version printed ${JSON.stringify(out.trim())}`;
    if (major !== undefined && version[1] !== major) return `it is Chromium ${version[0]}, not the ${major} that ${NPM_BROWSER} ships`;
    return undefined;
  }
}

function runFile(file: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout, killSignal: 'SIGKILL' }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

// ---------- launching and closing ----------

/**
 * What this machine needs: no sandbox (tests run as root), no GPU, and a browser that talks to
 * nobody but the test server (the network beyond the loopback and the npm registry is closed).
 * @sparticuz/chromium's own `args` are not used: they are for serverless hosts (single-process,
 * web security off) and would make the page run differently from a user's browser.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export interface Browser {
  context: BrowserContext;
  /** Closes the browser within a bounded time (killing it if need be) and removes its profile; safe to call more than once. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile in a temp dir. Throws (never skips) when there is none. */
export async function launch(): Promise<Browser> {
  const browser = await findBrowser();
  const profile = mkdtempSync(join(tmpdir(), 'actlab-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 800 },
      timeout: LAUNCH_TIMEOUT_MS,
    });
  } catch (error) {
    // After a launch timeout playwright waits 30 s for the browser to quit before killing it.
    killBrowserOf(profile);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    throw new Error(`the browser from ${browser.description} did not start: ${launchProblem(error)}`, { cause: error });
  }
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  announce(browser, context);
  let closing: Promise<void> | undefined;
  return {
    context,
    close() {
      closing ??= closeBrowser(context, profile);
      return closing;
    },
  };
}

/**
 * A failed launch in one line. Playwright's first line is often only "browser has been closed";
 * the browser's own first complaint on stderr and its exit status, from the call log, say why.
 */
function launchProblem(error: unknown): string {
  const log = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  const said = /\[pid=\d+\]\[err\] (.+)/.exec(log)?.[1]?.trim();
  const exit = /<process did exit: exitCode=(\S+), signal=(\S+)>/.exec(log);
  const details = [said && `it said "${said}"`, exit && `exit code ${exit[1]}, signal ${exit[2]}`].filter(Boolean);
  return details.length > 0 ? `${firstLine(error)} (${details.join('; ')})` : firstLine(error);
}

let announced = false;

/** Says once per process which browser the tests run in, with the version the browser reports. */
function announce(browser: FoundBrowser, context: BrowserContext): void {
  if (announced) return;
  announced = true;
  const product = /chrome(?!ium)/i.test(basename(browser.executablePath)) ? 'Google Chrome' : 'Chromium';
  const version = context.browser()?.version() ?? '(version unknown)';
  console.log(`\n  browser: ${product} ${version} from ${browser.description}`);
}

async function closeBrowser(context: BrowserContext, profile: string): Promise<void> {
  const closed = await settlesWithin(context.close(), CLOSE_TIMEOUT_MS);
  if (!closed) killBrowserOf(profile);
  rmSync(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
}

/**
 * Kills the browser whose --user-data-dir is `profile` (a fresh temp dir, so only ours), with
 * its process group: playwright starts the browser as a group leader, its renderers in the group.
 */
function killBrowserOf(profile: string): void {
  const flag = `--user-data-dir=${profile}`;
  for (const pid of processesWithArg(flag)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** Ids of the processes with `arg` on their command line (Linux's /proc; none elsewhere). */
function processesWithArg(arg: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(arg);
    } catch {
      return false;
    }
  });
}

// ---------- pages ----------

/** Collects console errors and uncaught page errors, as readable lines. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('crash', () => errors.push('the page crashed'));
  return errors;
}

/** What a page left behind: `window[key]`, its console errors, and the .wasm files it fetched. */
export interface PageRun {
  value: unknown;
  errors: string[];
  wasmRequests: string[];
}

/**
 * Serves `dir`, opens its index.html in a fresh browser and waits until the page sets
 * `window[key]`; server and browser are made inside the try and closed in the finally, so a
 * failure anywhere (no browser, a launch timeout) still lets the test process end.
 */
export async function runPage(dir: string, key: string): Promise<PageRun> {
  let site: Site | undefined;
  let browser: Browser | undefined;
  try {
    site = await serve(dir);
    browser = await launch();
    const tab = await browser.context.newPage();
    const errors = collectErrors(tab);
    const wasmRequests: string[] = [];
    tab.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('.wasm')) wasmRequests.push(request.url());
    });
    await tab.goto(`${site.url}index.html`, { timeout: PAGE_TIMEOUT_MS });
    await tab.waitForFunction((name) => (window as unknown as Record<string, unknown>)[name] !== undefined, key, {
      timeout: PAGE_TIMEOUT_MS,
    });
    const value = await tab.evaluate((name) => (window as unknown as Record<string, unknown>)[name], key);
    return { value, errors, wasmRequests };
  } finally {
    await browser?.close();
    await site?.close();
  }
}

export function resultsDir(): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}

// ---------- small utilities ----------

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves to whether `promise` settled (either way) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
