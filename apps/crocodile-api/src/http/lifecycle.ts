/**
 * Liveness and readiness are separate: /livez says the process works, /readyz
 * says "send me traffic". Readiness turns 503 first when draining, so Kubernetes
 * stops routing here before the listener closes.
 */
import type { RequestHandler, Router } from 'express';
import express from 'express';

export type Phase = 'starting' | 'ready' | 'draining';

export class Lifecycle {
  phase: Phase = 'starting';
  get draining(): boolean {
    return this.phase === 'draining';
  }
}

/** Readiness also says whether writes can be made durable (false after a failed flush). */
export function healthRoutes(
  lifecycle: Lifecycle,
  db: { readonly durable: boolean },
  readOnly = false,
): Router {
  const router = express.Router();
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const durable = readOnly || db.durable;
    const ready = lifecycle.phase === 'ready' && durable;
    res.status(ready ? 200 : 503).json({
      status: lifecycle.phase,
      durable,
      ...(durable ? {} : { message: 'writes cannot reach the disk; see the server log' }),
    });
  });
  return router;
}

/** While draining, ask keep-alive clients to reconnect (to another pod). */
export function closeConnectionsWhenDraining(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.draining) res.setHeader('Connection', 'close');
    next();
  };
}
