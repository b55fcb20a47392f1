/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
import { chromium, type Browser } from 'playwright-core';
import { requireBinary } from '@loadlab/process-supervisor';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireBinary(
      'chromium',
      'apt-get install -y chromium (./loadlab setup does it)',
    ),
    headless: true,
    // Root in CI needs --no-sandbox; the rest keeps Chromium off the (closed) network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
