// The page's Export menu: the history as `actlab compare` writes history.csv and history.json, the
// weights as the state dict Mlp.loadStateDict and a spec's `init` read, the settings as a training
// spec `actlab train SPEC.json` runs to the page's numbers bit for bit, and every figure as SVG and
// PNG. Each file is a Blob, downloaded through an <a download> and its object URL revoked after.
import {
  type ActivationName,
  type Dataset,
  describeActivations,
  type History,
  type HistoryRow,
  historyCsv,
  historyRows,
  jsonText,
  type RunResult,
  resolveHiddenActivations,
  type StateDict,
} from '../../src/index.js';
import type { Chart } from './charts.js';
import { type StateDictAnswer, type ToWorker, TRAINER_SEED } from './protocol.js';
import { hiddenActivationsOf, initOf, layersOf, optimizerOf, optionsOf, type Settings } from './state.js';

/** One activation's run as the menu needs it: its worker (for the weights) and its history so far. */
export interface ExportRun {
  activation: ActivationName;
  worker: Worker;
  /** Whether the worker has built the run (it can answer `stateDict`). */
  ready: boolean;
  history: History;
}

/** What the menu reads of the page, when it is used: the page owns all of it. */
export interface ExportSource {
  settings(): Settings;
  /** The data the runs train on (the page's makeDataset of the settings). */
  data(): Dataset;
  runs(): readonly ExportRun[];
  /** The id of the current runs' messages (main.ts's generation). */
  runId(): number;
  /** Whether the settings cannot train (a field's problem, an option or a split the library refuses). */
  blocked(): boolean;
  /** The figures of the current mode by name (`history`, `boundary-relu`), in the page's order. */
  figures(): [string, Chart][];
  /** The page's query string, for the spec's `about`. */
  query(): string;
}

/** How long the worker may take to answer a `stateDict` request, ms. */
const ANSWER_MS = 10_000;
/** How long an object URL lives after its download was started, ms (Firefox needs the URL a moment after the click). */
const REVOKE_MS = 1_000;

/**
 * A run's label in the history, as the CLI's: the activation with the options that differ from its
 * defaults (`leaky_relu(negativeSlope=0.2)`), or with one per hidden layer `[relu, tanh, relu]`.
 */
export function runLabel(s: Settings, activation: ActivationName): string {
  const widths = layersOf(s).slice(1, -1);
  const { activation: given, activationOptions } = activationFields(s, activation);
  return describeActivations(resolveHiddenActivations(given, activationOptions, widths.length, undefined, widths));
}

/** A run's hidden activations as a spec (and the Mlp) takes them: one for every layer with its options, or one entry per layer. */
function activationFields(
  s: Settings,
  activation: ActivationName,
): {
  activation: ActivationName | NonNullable<ReturnType<typeof hiddenActivationsOf>>;
  activationOptions?: Record<string, number | string>;
} {
  const list = hiddenActivationsOf(s);
  return list ? { activation: list } : { activation, activationOptions: optionsOf(s, activation) };
}

/** The history's long-format rows (historyRows, as `actlab compare` writes them), one run per activation, seed the init seed. */
export function exportRows(s: Settings, runs: readonly Pick<ExportRun, 'activation' | 'history'>[]): HistoryRow[] {
  // historyRows reads a RunResult's activation, seed and history only.
  const results = runs.map((r) => ({ activation: runLabel(s, r.activation), seed: s.seed, history: r.history }));
  return historyRows(results as unknown as RunResult[]);
}

/** history.json as `actlab compare` writes it. */
export function historyJsonText(rows: HistoryRow[]): string {
  return jsonText(rows) + '\n';
}

/** history.csv as `actlab compare` writes it, for a network of these settings. */
export function historyCsvText(s: Settings, rows: HistoryRow[]): string {
  return historyCsv(rows, layersOf(s).length - 1);
}

/**
 * Whether a spec's fields cannot say how the page initialises: a spec's `seed` seeds both the
 * init and the Trainer (which the page seeds with TRAINER_SEED), so an init seed of another value
 * — or a PyTorch seed past 2^53, which a spec's JSON number cannot hold — needs the initial
 * parameters in the spec's state dict `init` instead.
 */
export function specNeedsInitial(s: Settings): boolean {
  if (s.torchSeed !== '') return BigInt(s.torchSeed) > BigInt(Number.MAX_SAFE_INTEGER);
  return s.seed !== TRAINER_SEED;
}

/**
 * The training spec (src/spec/spec.ts, what `actlab train SPEC.json` reads) of one activation's run
 * of these settings: the data's rows, the network, the optimizer, batch size, epochs and split,
 * `seed` the Trainer's (TRAINER_SEED), and the init as `torchSeed` and `init`'s initialisers — or,
 * where those cannot say it (specNeedsInitial), as the run's initial state dict `initial`.
 */
export function trainingSpec(s: Settings, activation: ActivationName, data: Dataset, initial?: StateDict, query = ''): unknown {
  const needsInitial = specNeedsInitial(s);
  if (needsInitial && !initial) throw new Error('the run has no initial parameters yet');
  const init = initOf(s);
  const n = data.nFeatures;
  const X = Array.from({ length: data.nSamples }, (_, i) => Array.from(data.X.subarray(i * n, (i + 1) * n)));
  return {
    name: `actlab playground: ${runLabel(s, activation)}`,
    about:
      `Exported by the actlab playground${query ? ` from ?${query}` : ''}. ` +
      '`actlab train` this file to get the history and final weights the page trains, bit for bit.',
    config: {
      layers: layersOf(s),
      ...activationFields(s, activation),
      output: 'sigmoid',
      loss: 'bce',
      optimizer: optimizerOf(s),
      epochs: s.epochs,
      batchSize: s.batchSize,
      shuffle: false,
      seed: TRAINER_SEED,
      ...(!needsInitial && s.torchSeed !== '' ? { torchSeed: Number(s.torchSeed) } : {}),
      ...(!needsInitial && init ? { init } : {}),
      ...(s.validationSplit > 0 ? { validationSplit: s.validationSplit } : {}),
    },
    data: { name: data.name, X, y: Array.from(data.y) },
    ...(needsInitial ? { init: initial } : {}),
  };
}

/** Asks a run's worker for its parameters (the `stateDict` message), answered on a port of its own; bounded by ANSWER_MS. */
export function askStateDict(worker: Worker, id: number): Promise<StateDictAnswer> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('the training worker did not answer'));
    }, ANSWER_MS);
    channel.port1.onmessage = (event: MessageEvent<StateDictAnswer>) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(event.data);
    };
    const message: ToWorker = { type: 'stateDict', id, port: channel.port2 };
    worker.postMessage(message, [channel.port2]);
  });
}

/** Starts the download of `blob` as `name`, and revokes its object URL once the download has begun. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_MS);
  }
}

/** A `data:` URL's bytes as a Blob of its type. */
function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const type = /^data:([^;,]+)/.exec(url.slice(0, comma))?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(url.slice(comma + 1)), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

interface Item {
  button: HTMLButtonElement;
  /** Why it cannot be used now, or null. */
  unavailable: () => string | null;
  /** The file; `note` is said after its name (the epoch the weights are from). */
  run: () => Promise<{ name: string; blob: Blob; note?: string }>;
}

export interface ExportMenu {
  /** Rebuilds the items for the current mode and activations, and enables those that can be used now. Cheap: call it on every change. */
  update(): void;
}

/** Builds the Export menu into `container` (a <details> with one button per file). */
export function setupExport(container: HTMLElement, source: ExportSource): ExportMenu {
  const details = document.createElement('details');
  details.className = 'export-menu';
  const summary = document.createElement('summary');
  summary.textContent = 'Export';
  const body = document.createElement('div');
  body.className = 'export-items';
  const status = document.createElement('p');
  status.className = 'export-status';
  status.setAttribute('role', 'status');
  details.append(summary, body, status);
  container.replaceChildren(details);

  let items: Item[] = [];
  let shape = '';

  const group = (label: string, entries: Item[], about = ''): HTMLElement => {
    const row = document.createElement('div');
    row.className = 'export-row';
    row.title = about;
    row.setAttribute('role', 'group');
    const heading = document.createElement('span');
    heading.className = 'export-label';
    heading.id = `export-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    heading.textContent = label;
    row.setAttribute('aria-labelledby', heading.id);
    row.append(heading, ...entries.map((e) => e.button));
    return row;
  };

  const item = (text: string, name: string, unavailable: Item['unavailable'], run: Item['run']): Item => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.dataset.file = name;
    const it: Item = { button, unavailable, run };
    button.addEventListener('click', () => void save(it));
    return it;
  };

  const say = (text: string, problem = false) => {
    status.textContent = text;
    status.classList.toggle('problem', problem);
  };

  async function save(it: Item): Promise<void> {
    const why = it.unavailable();
    if (why) return say(why, true);
    it.button.setAttribute('aria-busy', 'true');
    try {
      const { name, blob, note } = await it.run();
      download(name, blob);
      say(`Saved ${name}${note ? ` (${note})` : ''}.`);
    } catch (error) {
      say(`Could not export ${it.button.dataset.file}: ${error instanceof Error ? error.message : String(error)}`, true);
    } finally {
      it.button.removeAttribute('aria-busy');
    }
  }

  const noEpochs = () => {
    const runs = source.runs();
    return runs.length === 0 || runs.some((r) => r.history.bce.length === 0) ? 'Train at least one epoch to export the history.' : null;
  };
  const notBuilt = (run: () => ExportRun | undefined) => () =>
    run()?.ready ? null : source.blocked() ? 'Fix the settings first: no network is built.' : 'The network is still being built.';

  const text = (name: string, type: string, content: string) => ({ name, blob: new Blob([content], { type }) });

  /** The current run of `activation` (the runs are replaced on every reset). */
  const runOf = (activation: ActivationName) => () => source.runs().find((r) => r.activation === activation);

  async function stateOf(activation: ActivationName): Promise<NonNullable<StateDictAnswer>> {
    const run = runOf(activation)();
    const answer = run ? await askStateDict(run.worker, source.runId()) : null;
    if (!answer) throw new Error('the run was replaced; try again');
    return answer;
  }

  function build(): void {
    const s = source.settings();
    const runs = source.runs();
    const single = s.mode === 'single';
    const names = runs.map((r) => r.activation);
    const suffix = (activation: ActivationName) => (single ? '' : `-${activation}`);
    const history = [
      item('CSV', 'actlab-history.csv', noEpochs, async () => {
        const settings = source.settings();
        return text('actlab-history.csv', 'text/csv', historyCsvText(settings, exportRows(settings, source.runs())));
      }),
      item('JSON', 'actlab-history.json', noEpochs, async () =>
        text('actlab-history.json', 'application/json', historyJsonText(exportRows(source.settings(), source.runs()))),
      ),
    ];
    const weights = names.map((activation) => {
      const name = `actlab-weights${suffix(activation)}.json`;
      return item(single ? 'JSON' : activation, name, notBuilt(runOf(activation)), async () => {
        const { current, epochs } = await stateOf(activation);
        return { ...text(name, 'application/json', jsonText(current) + '\n'), note: `after ${epochs} epoch${epochs === 1 ? '' : 's'}` };
      });
    });
    const specs = names.map((activation) => {
      const name = `actlab-spec${suffix(activation)}.json`;
      // Only a spec that carries the initial state dict needs the built network.
      const unavailable = () =>
        source.blocked()
          ? 'Fix the settings first: they cannot train.'
          : specNeedsInitial(source.settings())
            ? notBuilt(runOf(activation))()
            : null;
      return item(single ? 'JSON' : activation, name, unavailable, async () => {
        const settings = source.settings();
        const initial = specNeedsInitial(settings) ? (await stateOf(activation)).initial : undefined;
        const spec = trainingSpec(settings, activation, source.data(), initial, source.query());
        return text(name, 'application/json', jsonText(spec) + '\n');
      });
    });
    // Labels that name no page button ("Train", "Step"): a button is found by the words of its name.
    const rows = [
      group(
        'History',
        history,
        "Every epoch's BCE, accuracy and mean |grad| per layer, as actlab compare writes history.csv and history.json",
      ),
      group('Weights', weights, "The network's parameters now: a state dict, as Mlp.loadStateDict and a spec's init read it"),
      group('Spec', specs, 'The settings as a training spec: actlab train on it gives the history and weights of this page, bit for bit'),
    ];
    items = [...history, ...weights, ...specs];
    for (const [figure, chart] of source.figures()) {
      const drawn = () => (chart.container.childElementCount > 0 ? null : `The ${figure} figure is not drawn yet.`);
      const image = (type: 'svg' | 'png') => {
        const name = `actlab-${figure}.${type}`;
        return item(type.toUpperCase(), name, drawn, async () => {
          const content = await chart.image(type);
          if (content === undefined) throw new Error('it is not drawn yet');
          return type === 'svg' ? text(name, 'image/svg+xml', content) : { name, blob: dataUrlBlob(content) };
        });
      };
      const pair = [image('svg'), image('png')];
      items.push(...pair);
      rows.push(group(`Figure: ${figure}`, pair));
    }
    // Every button's name says what it saves: "History CSV (actlab-history.csv)".
    for (const row of rows) {
      const label = row.querySelector('.export-label')!.textContent;
      for (const button of Array.from(row.querySelectorAll('button')))
        button.setAttribute('aria-label', `${label} ${button.textContent} (${button.dataset.file})`);
    }
    // A rebuild (another mode, other activations, a new figure) keeps the keyboard on the same file's button.
    const focused = body.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.file : undefined;
    body.replaceChildren(...rows);
    if (focused) items.find((it) => it.button.dataset.file === focused)?.button.focus();
  }

  const menu: ExportMenu = {
    update() {
      const s = source.settings();
      const next = JSON.stringify([s.mode, source.runs().map((r) => r.activation), source.figures().map(([name]) => name)]);
      if (next !== shape) {
        shape = next;
        build();
      }
      // aria-disabled, not disabled: the button stays focusable, and pressing it says why it cannot save now.
      for (const it of items) it.button.setAttribute('aria-disabled', String(it.unavailable() !== null));
    },
  };
  // Figures are drawn after the state that makes them changes: look again whenever the menu opens.
  details.addEventListener('toggle', () => menu.update());
  return menu;
}
