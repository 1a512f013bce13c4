// One playground session per test file: the build, the static server and the Chromium are made on
// first use inside a test (so a missing Chromium fails that test with its message: uvu swallows
// errors thrown by `before` hooks) and closed by close(), which a suite's `after` hook calls.
import type { Page } from 'playwright-core';
import type { ActlabWindowState, MarkItem } from '../../site/src/protocol.js';
import { type Browser, buildPlayground, collectErrors, launch, PLAYGROUND_DIR, type Site, serve } from './browser.js';

/** Every page action, wait and navigation of the playground tests, ms. */
export const PAGE_WAIT_MS = 30_000;

export interface PlaygroundSession {
  /** A new page at the playground with this query ('?mode=single&…'); errors collects its console errors and page faults. */
  open(query: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  /** Closes the browser and the server, whichever of them started. */
  close(): Promise<void>;
}

export function playgroundSession(): PlaygroundSession {
  let browser: Promise<Browser> | undefined;
  let site: Promise<Site> | undefined;
  return {
    async open(query, viewport) {
      browser ??= launch();
      site ??= Promise.resolve().then(() => {
        buildPlayground();
        return serve(PLAYGROUND_DIR);
      });
      const [{ context }, { url }] = await Promise.all([browser, site]);
      const page = await context.newPage();
      page.setDefaultTimeout(PAGE_WAIT_MS);
      if (viewport) await page.setViewportSize(viewport);
      const errors = collectErrors(page);
      await page.goto(`${url}${query}`, { timeout: PAGE_WAIT_MS });
      return { page, errors };
    },
    async close() {
      const b = await browser?.catch(() => undefined);
      await b?.close();
      const s = await site?.catch(() => undefined);
      await s?.close();
    },
  };
}

/** window.__actlab, as the page exposes it (declared in site/src/protocol.ts). */
export const actlabState = (page: Page): Promise<ActlabWindowState> => page.evaluate(() => window.__actlab);

/** Waits (bounded) until every run of the page is done. */
export const waitDone = (page: Page) =>
  page.waitForFunction(() => window.__actlab?.state === 'done', null, { timeout: PAGE_WAIT_MS, polling: 50 });

/** The items of a mark (by name or role) in one of the page's charts, where they are drawn (window.__actlabMarks). */
export const marksOf = (page: Page, chart: string, mark: string): Promise<MarkItem[]> =>
  page.evaluate(([c, m]) => window.__actlabMarks(c!, m!), [chart, mark]);
