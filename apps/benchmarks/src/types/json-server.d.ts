// json-server 0.17 ships no types; this covers the part the benchmark servers use.
declare module 'json-server' {
  import type { Express, RequestHandler, Router } from 'express';
  export function create(): Express;
  export function defaults(options?: { logger?: boolean; noCors?: boolean }): RequestHandler[];
  export function router(source: object | string): Router;
  const jsonServer: { create: typeof create; defaults: typeof defaults; router: typeof router };
  export default jsonServer;
}
