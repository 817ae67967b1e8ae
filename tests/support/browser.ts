import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestStation, type TestStation, type TestStationOptions } from './test-station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const KIOSK_DIST = path.join(ROOT, 'kiosk', 'dist');
export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'e2e', 'screenshots');
/** The system's Chromium (Debian: `apt-get install -y chromium`); browsers are never downloaded. */
const CHROMIUM = process.env.PITWALL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface PageOptions {
  /** Desk 1366×850 by default; the bay board is 1920×1080. */
  viewport?: { width: number; height: number };
  /** The browser's language (what the desk shows before anyone picks one). */
  locale?: string;
}

export interface BrowserStation {
  station: TestStation;
  browser: Browser;
  /** Uncaught errors of every page, as "<url>: <message>"; a test may assert there are none. */
  pageErrors: string[];
  /** A new browser profile (its own cookies and localStorage, like a second computer) on the station. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Saves tests/e2e/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Screenshots of every page still open, as <name>-<n>.png. */
  screenshotAll(name: string): Promise<void>;
  close(): Promise<void>;
}

/** "Kiosk pairing > a manager adds…" → "kiosk-pairing-a-manager-adds…": a stable file name. */
export function screenshotName(testName: string): string {
  return testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** A test station (its own database) serving the built web apps, and a headless Chromium driving it. */
export async function startBrowserStation(options: TestStationOptions = {}): Promise<BrowserStation> {
  if (!existsSync(path.join(KIOSK_DIST, 'index.html'))) {
    throw new Error(
      `The web apps are not built (${KIOSK_DIST}); run \`npm run build\` first (npm run test:e2e does).`,
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; on Debian: apt-get install -y chromium`);
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const station = await startTestStation({
    ...options,
    env: { PITWALL_KIOSK_DIR: KIOSK_DIST, ...options.env },
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    await station.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const pageErrors: string[] = [];

  const screenshot = async (page: Page, name: string) => {
    const file = path.join(SCREENSHOT_DIR, `${screenshotName(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  return {
    station,
    browser,
    pageErrors,
    async newPage(pageOptions: PageOptions = {}) {
      const context = await browser.newContext({
        baseURL: station.baseUrl,
        viewport: pageOptions.viewport ?? { width: 1366, height: 850 },
        locale: pageOptions.locale ?? 'en-US',
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      pages.push(page);
      return page;
    },
    screenshot,
    async screenshotAll(name: string) {
      for (const [index, page] of pages.entries()) {
        if (!page.isClosed()) await screenshot(page, `${name}-${index + 1}`).catch(() => undefined);
      }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await station.close();
    },
  };
}

/**
 * For a test file: the station and browser start before its tests and close after them; a failed
 * test leaves screenshots of every open page as <test-name>-failed-<n>.png. Call at the top level.
 */
export function useBrowserStation(options: TestStationOptions = {}): () => BrowserStation {
  let running: BrowserStation | undefined;
  beforeAll(async () => {
    running = await startBrowserStation(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach((context) => {
    context.onTestFailed(async () => {
      await running?.screenshotAll(`${screenshotName(context.task.name)}-failed`);
    });
  });
  return () => {
    if (!running) throw new Error('The browser station is not running (use it inside a test)');
    return running;
  };
}
