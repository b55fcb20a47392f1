/**
 * A capacity report's charts as PNG files, rendered by headless Chromium, for the docs:
 *
 *   node apps/capacity-cli/src/chart-images.ts <report.html> <out-dir> [prefix]
 *
 * writes <out-dir>/<prefix>-<chart id>.png for every chart, and <prefix>-report.png (whole page).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@loadlab/chromium';

export async function chartImages(
  html: string,
  outDir: string,
  prefix = 'capacity',
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
    // A file URL: the report is self-contained, Chromium needs no network.
    await page.goto(pathToFileURL(resolve(html)).href);
    const written: string[] = [];
    for (const fig of await page.locator('figure.chart').all()) {
      const id = await fig.getAttribute('id');
      const file = join(outDir, `${prefix}-${(id ?? 'chart').replace(/^chart-/, '')}.png`);
      await fig.screenshot({ path: file });
      written.push(file);
    }
    const whole = join(outDir, `${prefix}-report.png`);
    await page.screenshot({ path: whole, fullPage: true });
    written.push(whole);
    return written;
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const [html, outDir, prefix] = process.argv.slice(2);
  if (!html || !outDir) {
    console.error(
      'usage: node apps/capacity-cli/src/chart-images.ts <report.html> <out-dir> [prefix]',
    );
    process.exit(2);
  }
  for (const f of await chartImages(html, outDir, prefix)) console.log(f);
}
