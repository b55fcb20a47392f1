/**
 * One chart of a loadlab report as a PNG, for the README: headless Chromium (Debian's) renders
 * report.html and captures the chart's element.
 *   node tools/src/screenshot-chart.ts <report.html> <chart id, e.g. chart-replicas> <out.png>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '@loadlab/chromium';

const [report, id, out] = process.argv.slice(2);
if (!report || !id || !out) {
  console.error('usage: node tools/src/screenshot-chart.ts <report.html> <chart id> <out.png>');
  process.exit(2);
}
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(pathToFileURL(resolve(report)).href);
  const chart = page.locator(`#${id}`);
  await chart.screenshot({ path: out });
  console.log(`${out}: #${id} of ${report}`);
} finally {
  await browser.close();
}
