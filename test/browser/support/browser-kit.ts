import { chromium, Browser, Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import path from 'node:path';
import { BillingKit, createBillingKit } from '../../support/billing';

/** Debian's chromium (`apt-get install chromium`): no browser download needed. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The README's screenshots (committed): rewritten only with UPDATE_SCREENSHOTS=1. */
export const SCREENSHOTS = path.resolve(__dirname, '../screenshots');
/** Every state of a run (git-ignored). */
export const RUN_SCREENSHOTS = path.join(SCREENSHOTS, 'run');
const README_SCREENSHOTS = new Set(['widget', 'console']);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserKit {
  kit: BillingKit;
  browser: Browser;
  /** http://127.0.0.1:<port> of the service under test. */
  origin: string;
  close(): Promise<void>;
}

/** The service (with the fake Stripe of the billing specs) listening on a port, and a browser. */
export async function startBrowserKit(env: Record<string, string> = {}): Promise<BrowserKit> {
  if (!existsSync(path.resolve(__dirname, '../../../dist/web/embed/parley.js')))
    throw new Error('dist/web is missing: run `npm run build:web` (npm run test:browser does)');
  const kit = await createBillingKit(env);
  await kit.t.app.listen(0, '127.0.0.1');
  const port = ((kit.t.app.getHttpServer() as Server).address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  mkdirSync(RUN_SCREENSHOTS, { recursive: true });
  return {
    kit,
    browser,
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      await browser.close();
      await kit.close();
    },
  };
}

/**
 * Saves the page under screenshots/run/; the README's two are replaced only on request, so a run
 * does not rewrite committed images that differ in every run (dates, ids).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const image = await page.screenshot({
    path: path.join(RUN_SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
  if (README_SCREENSHOTS.has(name) && process.env.UPDATE_SCREENSHOTS === '1')
    writeFileSync(path.join(SCREENSHOTS, `${name}.png`), image);
}

/** axe-core's serious and critical violations on the page (shadow roots included). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which a page's CSP does not restrict.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    return (await axe.run()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return results;
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** The deepest focused element (through shadow roots), described for matching. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let element: Element | null = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return '';
    const label = element.id ? `#${element.id}` : '';
    return `${element.tagName.toLowerCase()}${label} ${element.textContent?.trim() ?? ''}`;
  });
}

/** Presses Tab until the focused element matches, as a keyboard-only user would. */
export async function tabTo(page: Page, pattern: RegExp, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (pattern.test(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${pattern}; last: ${await focused(page)}`);
}

/**
 * A publisher's article page on its own origin (localhost:<port>, the service being on
 * 127.0.0.1): the README's snippet, as `page()` renders it for each request.
 */
export async function startPublisher(
  page: () => string | Promise<string>,
): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    void Promise.resolve(page()).then((body) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, server };
}
