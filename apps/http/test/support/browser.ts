import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Real Chromium for the board's tests: Debian's `chromium` package (or the
 * executable in PROJECT_STATUS_CHROMIUM), driven by playwright-core — no
 * browser is downloaded at install time. Without one the tests skip with a
 * notice, except under CI=true, where a missing browser is a failure.
 */

export const CHROMIUM = process.env.PROJECT_STATUS_CHROMIUM || '/usr/bin/chromium';
export const BROWSER_REQUIRED = process.env.CI === 'true' || process.env.CI === '1';

/** Why the browser tests cannot run here, or null when they can. */
export function browserUnavailableReason(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PROJECT_STATUS_CHROMIUM)`;
}

/** A fresh headless Chromium (Playwright gives each launch its own temporary profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Screenshots for reviewers: `apps/http/test-artifacts/board/` (git-ignored). */
export const SHOTS = fileURLToPath(new URL('../../test-artifacts/board/', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page (injected through the DevTools protocol, so the
 * page's CSP does not stop it) and answers the serious and critical
 * violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`)) as AxeViolation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
