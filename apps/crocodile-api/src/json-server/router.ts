/**
 * json-server's router over our in-memory state, with two changes:
 * writes are acknowledged only after a durable group commit, and errors
 * go to our JSON error handler instead of json-server's stack-trace dump.
 */
import jsonServer from 'json-server';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { sendError } from '../http/errors.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface JsonServerRouter extends Router {
  db: { getState(): unknown; get(name: string): { getById(id: string): { value(): unknown } } };
  render: (req: Parameters<Router>[0], res: Parameters<Router>[1]) => void;
}

export function createJsonServerRouter(db: Database, logger: Logger): JsonServerRouter {
  const router = jsonServer.router(db.state) as unknown as JsonServerRouter;
  // The group commit snapshots db.state; json-server must mutate that very object.
  if (router.db.getState() !== db.state)
    throw new Error('json-server copied the state; writes would not persist');

  const last = router.stack.at(-1);
  if (last?.handle.length === 4) router.stack.pop(); // json-server's `res.send(err.stack)` handler

  router.render = (req, res) => {
    const data: unknown = res.locals.data;
    if (res.statusCode === 404) {
      return sendError(res, 404, `nothing at ${req.method} ${req.originalUrl.split('?')[0]}`);
    }
    if (!MUTATING.has(req.method) || res.statusCode >= 400) {
      res.json(data);
      return;
    }
    db.commits.commit().then(
      () => res.json(data),
      (err: unknown) => {
        logger.error({ err, method: req.method, url: req.originalUrl }, 'write not persisted');
        sendError(
          res,
          503,
          'the change could not be saved to disk and was not acknowledged; retry later',
        );
      },
    );
  };
  return router;
}
