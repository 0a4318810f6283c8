import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Every page the browser tests visit is checked the same way: axe-core
 * (injected from npm) finds no serious or critical accessibility violation,
 * the page fits a 390 px phone without sideways scrolling, and a screenshot
 * at desktop (1280) and phone (390) width goes to SCREENSHOT_DIR for a person
 * to look at (README: "Console screenshots").
 */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, not as a <script>, so the console's CSP (script-src 'self') stays as served.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations;
}

/** Runs the checks and writes `<role>-<name>-desktop.png` and `-phone.png`. */
export async function checkPage(page: Page, role: string, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`), [],
    `${role} ${name}: axe-core finds no serious or critical violation`);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${role}-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  try {
    const { overflow, culprits } = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(-3).map((el) => `${el.tagName.toLowerCase()}${el.id === '' ? '' : `#${el.id}`}.${el.className}`);
      return { overflow: document.documentElement.scrollWidth - width, culprits: wide };
    });
    assert.ok(overflow <= 1, `${role} ${name}: the page fits 390 px without sideways scrolling (${overflow} px too wide: ${culprits.join(', ')})`);
    const phoneSerious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(phoneSerious.map((v) => `${v.id}: ${v.help}`), [], `${role} ${name} at 390 px: no serious axe violation`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${role}-${name}-phone.png`), fullPage: true });
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}
