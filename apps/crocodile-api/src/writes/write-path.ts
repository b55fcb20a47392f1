/**
 * The one route match every write goes through. json-server matches paths
 * loosely (`/crocodiles//`, `/x/1/crocodiles%2F`, any case), which let writes
 * reach it past validation; here a write path has exactly one form.
 */
export type WritePath =
  | { kind: 'collection'; resource: string }
  | { kind: 'item'; resource: string; id: string }
  | { kind: 'nested'; parent: string; parentId: string; resource: string }
  | { kind: 'error'; status: 400 | 404; message: string };

export function parseWritePath(url: string): WritePath {
  const q = url.indexOf('?');
  const raw = q === -1 ? url : url.slice(0, q);
  // One trailing slash is tolerated, as Express does; anything else must match exactly.
  const path = raw.length > 1 && raw.endsWith('/') ? raw.slice(0, -1) : raw;
  const encoded = path.split('/').slice(1);
  if (encoded.some((s) => s === '')) {
    return { kind: 'error', status: 404, message: `no write route at ${raw}: empty path segment` };
  }
  const segments: string[] = [];
  for (const s of encoded) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return {
        kind: 'error',
        status: 400,
        message: `path segment "${s}" is not valid percent-encoding`,
      };
    }
    if (decoded.includes('/') || decoded === '') {
      return { kind: 'error', status: 404, message: `no write route at ${raw}` };
    }
    segments.push(decoded);
  }
  const [a, b, c] = segments;
  if (segments.length === 1) return { kind: 'collection', resource: a! };
  if (segments.length === 2) return { kind: 'item', resource: a!, id: b! };
  if (segments.length === 3) return { kind: 'nested', parent: a!, parentId: b!, resource: c! };
  return { kind: 'error', status: 404, message: `no write route at ${raw}` };
}
