/**
 * json-server's router over our in-memory state, for reads only: writes never
 * reach it (writes/write-routes.ts answers them all). Its id lookups go through
 * our index instead of lodash-id's linear scan, and errors go to our JSON
 * error handler instead of json-server's stack-trace dump.
 */
import type { RequestHandler, Router } from 'express';
import type { Database } from '../db/database.ts';
import type { Rec } from '../db/collection.ts';
import { sendError } from '../http/errors.ts';
import {
  listPieces,
  objectPieces,
  sendJsonPieces,
  STREAM_FROM_ITEMS,
} from '../http/json-stream.ts';
import { jsonServerRouter } from './scoped-router.ts';
import { scanUnknownKeys } from './unknown-keys.ts';
import { checkWork, installBudgetChecks, withBudget } from './work-budget.ts';

export interface JsonServerRouter extends Router {
  db: {
    getState(): unknown;
    _: Parameters<typeof installBudgetChecks>[0];
  };
  render: (req: Parameters<Router>[0], res: Parameters<Router>[1]) => void;
}

export function createJsonServerRouter(db: Database): Router {
  const router = jsonServerRouter()(db.state) as JsonServerRouter;
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
      checkWork(); // once per listed record with _expand
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
    const data: unknown = res.locals.data;
    if (Array.isArray(data) && data.length >= STREAM_FROM_ITEMS) {
      sendJsonPieces(res, listPieces(data)).catch((err: unknown) => res.destroy(err as Error));
      return;
    }
    res.json(data);
  };
  installBudgetChecks(router.db._);
  const read: RequestHandler = (req, res, next) =>
    withBudget(() => {
      if (req.method === 'GET' || req.method === 'HEAD') scanUnknownKeys(req, db.collections);
      router(req, res, next);
    });
  return read as unknown as Router;
}

/**
 * GET /db, the export: every resource, streamed (json-server's own /db builds
 * one string, and answers JSONP for `?callback=`; this never does).
 */
export function dbExport(db: Database): RequestHandler {
  return (_req, res, next) => {
    // Lists are copied (pointers only) so that writes during the export do not shift it.
    const snapshot = Object.fromEntries(
      Object.entries(db.state).map(([k, v]) => [k, Array.isArray(v) ? v.slice() : v]),
    );
    sendJsonPieces(res, objectPieces(snapshot)).catch(next);
  };
}
