import { chromium, Browser, Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { BillingKit, createBillingKit } from '../../support/billing';

/** Debian's chromium (`apt-get install chromium`): no browser download needed. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../screenshots');
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
  mkdirSync(SCREENSHOTS, { recursive: true });
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

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
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
