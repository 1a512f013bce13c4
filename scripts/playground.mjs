// The browser playground: bundles site/ into build/playground/ and serves it.
//   node scripts/playground.mjs build [--force]        bundle (skipped when no input changed since the last build)
//   node scripts/playground.mjs serve [--port N]       build, then serve build/playground/ on 127.0.0.1
// The page (site/src/main.ts) and the training worker (site/src/worker.ts) are separate ESM
// entries; vega, vega-lite and the wasm kernels (inlined in src/generated/wasm.ts) are bundled
// in, so the folder works offline from any static server. See docs/playground.md.
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const OUT_DIR = join(root, 'build/playground');
const STAMP = join(OUT_DIR, '.inputs.json');
const DEFAULT_PORT = 5173;

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Modification times of the inputs the last build read (from esbuild's metafile), or null. */
function lastInputs() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** True when every input of the last build still exists with the same mtime, and every output is there. */
function upToDate() {
  const stamp = lastInputs();
  if (!stamp || stamp.script !== statSync(fileURLToPath(import.meta.url)).mtimeMs) return false;
  for (const file of stamp.outputs) if (!existsSync(join(OUT_DIR, file))) return false;
  for (const [file, mtime] of Object.entries(stamp.inputs)) {
    const path = join(root, file);
    if (!existsSync(path) || statSync(path).mtimeMs !== mtime) return false;
  }
  return true;
}

/**
 * Bundles the page and the worker into build/playground/ (with index.html and style.css).
 * Returns { built, ms, outputs: { file: bytes } }; `built` is false when nothing changed.
 */
export async function buildPlayground({ force = false, quiet = false } = {}) {
  const started = performance.now();
  if (!existsSync(join(root, 'src/generated/wasm.ts'))) {
    // A fresh clone: the kernels have never been compiled (npm run playground does this first).
    const { buildWasm } = await import('./build.mjs');
    await buildWasm();
  }
  if (!force && upToDate()) {
    return { built: false, ms: performance.now() - started, outputs: outputSizes() };
  }
  const { build } = await import('esbuild');
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    entryPoints: { main: join(root, 'site/src/main.ts'), worker: join(root, 'site/src/worker.ts') },
    outdir: OUT_DIR,
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome94', 'firefox114', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'silent' : 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  for (const file of ['index.html', 'style.css']) {
    writeFileSync(join(OUT_DIR, file), readFileSync(join(root, 'site', file)));
  }
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'site/index.html', 'site/style.css']) {
    const path = join(root, file);
    if (existsSync(path)) inputs[file] = statSync(path).mtimeMs;
  }
  const outputs = readdirSync(OUT_DIR).filter((f) => !f.startsWith('.'));
  writeFileSync(STAMP, JSON.stringify({ script: statSync(fileURLToPath(import.meta.url)).mtimeMs, outputs, inputs }));
  return { built: true, ms: performance.now() - started, outputs: outputSizes() };
}

function outputSizes() {
  if (!existsSync(OUT_DIR)) return {};
  return Object.fromEntries(
    readdirSync(OUT_DIR)
      .filter((f) => !f.startsWith('.'))
      .map((f) => [f, statSync(join(OUT_DIR, f)).size]),
  );
}

/**
 * A static file handler for `dir`: GET/HEAD only, no directory listings, no paths outside `dir`.
 * `beforeIndex` runs before index.html is served (the dev server rebuilds there).
 */
export function staticHandler(dir, { beforeIndex } = {}) {
  return async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(dir, path));
      if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (path === '/index.html' && beforeIndex) await beforeIndex();
      if (!existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-length': statSync(file).size,
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${error instanceof Error ? error.message : error}\n`);
    }
  };
}

/** Listens on 127.0.0.1:port, or on a free port when that one is taken. Resolves to the server. */
export function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        process.stderr.write(`port ${port} is taken; using a free one\n`);
        server.listen(0, '127.0.0.1');
      } else {
        reject(error);
      }
    };
    server.on('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve(server);
    });
    server.listen(port, '127.0.0.1');
  });
}

function parsePort(args) {
  const at = args.indexOf('--port');
  const inline = args.find((a) => a.startsWith('--port='));
  const text = inline ? inline.slice(7) : at >= 0 ? args[at + 1] : process.env.PORT;
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer in [0, 65535], got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return port;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

function report({ built, ms, outputs }) {
  const js = Object.entries(outputs).filter(([f]) => f.endsWith('.js'));
  const sizes = js.map(([f, bytes]) => `${f} ${kb(bytes)}`).join(', ');
  console.log(built ? `built build/playground/ in ${Math.round(ms)} ms (${sizes})` : `build/playground/ is up to date (${sizes})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command = 'serve', ...args] = process.argv.slice(2);
  const force = args.includes('--force');
  if (command === 'build') {
    report(await buildPlayground({ force }));
  } else if (command === 'serve') {
    const port = parsePort(args);
    report(await buildPlayground({ force }));
    // Reloading the page rebuilds first when a source changed (a no-op otherwise).
    let pending = null;
    const rebuild = () =>
      (pending ??= buildPlayground()
        .then((result) => {
          if (result.built) report(result);
        })
        .catch((error) => console.error(error instanceof Error ? error.message : error))
        .finally(() => {
          pending = null;
        }));
    const server = await listen(createServer(staticHandler(OUT_DIR, { beforeIndex: rebuild })), port);
    console.log(`actlab playground: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
  } else {
    process.stderr.write('usage: node scripts/playground.mjs build|serve [--port N] [--force]\n');
    process.exit(2);
  }
}
