/**
 * json-server's router over our in-memory state, for reads only: writes never
 * reach it (writes/write-routes.ts answers them all). Its id lookups go through
 * our index instead of lodash-id's linear scan, and errors go to our JSON
 * error handler instead of json-server's stack-trace dump.
 */
import jsonServer from 'json-server';
import type { Router } from 'express';
import type { Database } from '../db/database.ts';
import type { Rec } from '../db/collection.ts';
import { sendError } from '../http/errors.ts';
import { withLinearLike } from './linear-like.ts';

export interface JsonServerRouter extends Router {
  db: {
    getState(): unknown;
    _: { mixin(fns: Record<string, (...args: never[]) => unknown>): void };
  };
  render: (req: Parameters<Router>[0], res: Parameters<Router>[1]) => void;
}

export function createJsonServerRouter(db: Database): Router {
  const router = jsonServer.router(db.state) as unknown as JsonServerRouter;
  // Our writes change db.state in place; json-server must read that very object.
  if (router.db.getState() !== db.state)
    throw new Error('json-server copied the state; it would not see writes');

  const last = router.stack.at(-1);
  if (last?.handle.length === 4) router.stack.pop(); // json-server's `res.send(err.stack)` handler

  // lodash-id's getById scans the whole array (and throws on an undefined id,
  // e.g. `?_expand=crocodile` on a record without crocodileId).
  const byItems = new Map([...db.collections.values()].map((c) => [c.items as unknown, c]));
  router.db._.mixin({
    getById: (collection: Rec[], id: unknown) => {
      if (id === undefined || id === null) return undefined;
      const indexed = byItems.get(collection);
      if (indexed) return indexed.get(id);
      return collection.find?.((r) => r.id !== undefined && String(r.id) === String(id));
    },
  });

  router.render = (req, res) => {
    if (res.statusCode === 404) {
      return sendError(res, 404, `nothing at ${req.method} ${req.originalUrl.split('?')[0]}`);
    }
    res.json(res.locals.data);
  };
  return withLinearLike(router) as unknown as Router;
}
