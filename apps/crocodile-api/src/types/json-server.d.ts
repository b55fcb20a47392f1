// json-server 0.17 ships no types; this covers the part we use.
declare module 'json-server' {
  import type { Router } from 'express';
  export function router(source: object | string, options?: { foreignKeySuffix?: string }): Router;
  const jsonServer: { router: typeof router };
  export default jsonServer;
}
