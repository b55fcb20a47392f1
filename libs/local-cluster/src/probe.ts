/** One bounded HTTP(S) GET for health checks: loopback only, optional client certificate. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';

export interface ProbeOptions {
  /** CA file to verify the server with. */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Skip server verification: for components that serve a self-signed cert they generated. */
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
}

export interface ProbeResult {
  readonly status: number;
  readonly body: string;
}

export function probe(url: string, o: ProbeOptions = {}): Promise<ProbeResult> {
  const https = url.startsWith('https:');
  const read = (f?: string) => (f ? readFileSync(f) : undefined);
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        timeout: o.timeoutMs ?? 2_000,
        ...(https
          ? {
              ca: read(o.caFile),
              cert: read(o.certFile),
              key: read(o.keyFile),
              rejectUnauthorized: !o.insecure,
            }
          : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** True when GET url answers 200 (and, if given, the body matches). */
export async function probeOk(url: string, o: ProbeOptions = {}, body?: RegExp): Promise<boolean> {
  const r = await probe(url, o);
  return r.status === 200 && (!body || body.test(r.body));
}
