// Node only: resvg's options (which fonts) and a pool of worker threads that rasterise SVGs to
// PNG off the main thread. Imports neither vega nor resvg here, so the CLI can start the pool
// while it trains, before the report's modules load.
import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

// Sans-serif fonts worth preferring, by file name → family, when resvg has to pick one.
const PREFERRED_FONTS: readonly [file: string, family: string][] = [
  ['dejavusans.ttf', 'DejaVu Sans'],
  ['liberationsans-regular.ttf', 'Liberation Sans'],
  ['notosans-regular.ttf', 'Noto Sans'],
  ['notosans-regular.otf', 'Noto Sans'],
  ['arial.ttf', 'Arial'],
  ['helvetica.ttc', 'Helvetica'],
  ['helveticaneue.ttc', 'Helvetica Neue'],
  ['segoeui.ttf', 'Segoe UI'],
  ['freesans.ttf', 'FreeSans'],
  ['roboto-regular.ttf', 'Roboto'],
  ['ubuntu-r.ttf', 'Ubuntu'],
];

function fontDirectories(): string[] {
  const dirs = ['/usr/share/fonts', '/usr/local/share/fonts', '/System/Library/Fonts', '/Library/Fonts'];
  try {
    dirs.push(join(homedir(), '.fonts'), join(homedir(), '.local/share/fonts'), join(homedir(), 'Library/Fonts'));
  } catch {
    // no home directory: system fonts only
  }
  if (process.env.WINDIR) dirs.push(join(process.env.WINDIR, 'Fonts'));
  return dirs.filter((dir) => existsSync(dir));
}

/** The installed fonts: their file names (lower case) and the paths of DejaVu Sans's four faces. */
interface InstalledFonts {
  names: Set<string>;
  dejaVuSans: string[];
}

let installed: InstalledFonts | undefined;

function installedFonts(): InstalledFonts {
  if (installed) return installed;
  const names = new Set<string>();
  const dejaVuSans: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && depth < 4) {
        walk(join(dir, entry.name), depth + 1);
        continue;
      }
      const name = entry.name.toLowerCase();
      names.add(name);
      if (/^dejavusans(-bold|-oblique|-boldoblique)?\.ttf$/.test(name)) dejaVuSans.push(join(dir, entry.name));
    }
  };
  for (const dir of fontDirectories()) walk(dir, 0);
  installed = { names, dejaVuSans };
  return installed;
}

/**
 * The family of the best installed sans-serif font from PREFERRED_FONTS, or null when none of
 * them is installed (resvg then falls back to the first system font it finds). Looked up once.
 */
export function systemSansFamily(): string | null {
  const { names } = installedFonts();
  return PREFERRED_FONTS.find(([file]) => names.has(file))?.[1] ?? null;
}

/**
 * The font files resvg needs, when they are known: DejaVu Sans's faces, when the figures' font
 * stack (theme.ts FONT: Helvetica Neue, Helvetica, Arial, DejaVu Sans, …) lands on DejaVu Sans,
 * i.e. none of the three before it is installed. DejaVu has every glyph the figures use, so
 * resvg draws the same pixels as with every system font loaded, without parsing them all for
 * each figure. Otherwise undefined: load the system's fonts.
 */
function sansFontFiles(): string[] | undefined {
  const { names, dejaVuSans } = installedFonts();
  if (systemSansFamily() !== 'DejaVu Sans' || !names.has('dejavusans-bold.ttf')) return undefined;
  for (const name of names) if (/^(helvetica|arial)/.test(name)) return undefined;
  return dejaVuSans;
}

/** resvg's options for a figure at `scale`×: onto white, with the fonts above. */
export function resvgOptions(scale: number): ResvgRenderOptions {
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const family = systemSansFamily();
  const files = sansFontFiles();
  return {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      ...(files ? { loadSystemFonts: false, fontFiles: files } : { loadSystemFonts: true }),
      ...(family ? { defaultFontFamily: family, sansSerifFamily: family } : {}),
    },
    // Vega's SVG has no images or links; nothing is fetched.
    logLevel: 'off',
  };
}

// A worker of the PNG pool: a CommonJS script (eval), given resvg's resolved path, so it runs the
// same from source, from the CLI bundle and from dist/. One figure at a time: SVG in, PNG out.
// resvg draws onto white, so every pixel is opaque; the PNG is its RGBA rows unfiltered, deflated
// at level 1: twice as fast as resvg's own encoder, and a few percent smaller on these figures.
const PNG_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32, deflateSync } = require('node:zlib');
const { Resvg } = require(workerData.resvg);
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function encodePng(width, height, rgba) {
  const stride = width * 4;
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}
parentPort.on('message', ({ id, svg, options }) => {
  let png;
  try {
    const image = new Resvg(svg, options).render();
    const encoded = typeof crc32 === 'function' ? encodePng(image.width, image.height, image.pixels) : image.asPng();
    png = new Uint8Array(encoded.length);
    png.set(encoded);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  parentPort.postMessage({ id, png }, [png.buffer]);
});
`;

/** Rasterises SVGs off the main thread (svgToPng in worker threads), so vega can go on drawing. */
export interface PngPool {
  /** svgToPng(svg, scale), in the first idle worker. */
  render(svg: string, scale?: number): Promise<Uint8Array>;
  /** Stops the workers; renders still queued are rejected. */
  close(): Promise<void>;
}

interface PngJob {
  id: number;
  svg: string;
  options: ResvgRenderOptions;
  resolve: (png: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * `threads` worker threads (default: one per core, at most 4), started now: each loads resvg while
 * the caller does other work. An idle pool keeps no process alive. When a worker cannot start or
 * dies, its figure fails with the error and later ones go to the others, or to svgToPngAsync.
 */
export function pngPool(threads = Math.max(1, Math.min(4, availableParallelism()))): PngPool {
  const resvg = createRequire(import.meta.url).resolve('@resvg/resvg-js');
  const queue: PngJob[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, PngJob>();
  let alive = 0;
  let closed = false;
  let nextId = 0;

  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      busy.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, svg: job.svg, options: job.options });
    }
    // Every worker gone: what is left renders on libuv's pool.
    if (alive === 0)
      for (const job of queue.splice(0))
        import('./render.js').then(({ svgToPngAsync }) => svgToPngAsync(job.svg, job.options)).then(job.resolve, job.reject);
  };

  for (let i = 0; i < threads; i++) {
    let worker: Worker;
    try {
      worker = new Worker(PNG_WORKER, { eval: true, workerData: { resvg } });
    } catch {
      continue;
    }
    alive++;
    worker.unref();
    idle.push(worker);
    worker.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
      const job = busy.get(worker);
      if (!job || job.id !== message.id) return;
      busy.delete(worker);
      worker.unref();
      idle.push(worker);
      if (message.png) job.resolve(message.png);
      else job.reject(new Error(message.error ?? 'resvg failed'));
      pump();
    });
    const gone = (error: Error) => {
      if (!idle.includes(worker) && !busy.has(worker)) return;
      alive--;
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      const job = busy.get(worker);
      busy.delete(worker);
      job?.reject(error);
      if (!closed) pump();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the PNG worker exited (code ${code})`)));
  }

  return {
    render(svg, scale = 2) {
      if (closed) return Promise.reject(new Error('the PNG pool is closed'));
      const options = resvgOptions(scale);
      return new Promise<Uint8Array>((resolve, reject) => {
        queue.push({ id: nextId++, svg, options, resolve, reject });
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the PNG pool is closed'));
      const workers = [...idle, ...busy.keys()];
      idle.length = 0;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
