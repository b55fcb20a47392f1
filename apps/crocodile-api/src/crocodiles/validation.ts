import express, { type Router } from 'express';
import { sendError } from '../http/errors.ts';
import type { JsonServerRouter } from '../json-server/router.ts';
import { idAllocator } from './ids.ts';
import { validateCrocodile } from './crocodile.ts';

const RESOURCE = 'crocodiles';

/** 422 for bad fields (listing each), 409 for a duplicate id; runs before json-server. */
export function crocodileValidation(store: JsonServerRouter['db']): Router {
  const router = express.Router();
  const exists = (id: unknown) => store.get(RESOURCE).getById(String(id)).value() !== undefined;
  const ids = idAllocator(
    () => (store.getState() as Record<string, { id?: unknown }[]>)[RESOURCE] ?? [],
  );

  // Also the nested form (POST /:parent/:id/crocodiles), which json-server would insert as is.
  router.post([`/${RESOURCE}`, `/:parent/:parentId/${RESOURCE}`], (req, res, next) => {
    const errors = validateCrocodile(req.body, 'create');
    if (errors.length) return sendError(res, 422, 'invalid crocodile', { errors });
    if (req.body.id !== undefined && exists(req.body.id)) {
      return sendError(res, 409, `a crocodile with id ${req.body.id} already exists`);
    }
    if (req.body.id === undefined) req.body.id = ids.next();
    else ids.observe(req.body.id);
    next();
  });
  router.put(`/${RESOURCE}/:id`, (req, res, next) => {
    const errors = validateCrocodile(req.body, 'replace', req.params.id);
    if (errors.length) return sendError(res, 422, 'invalid crocodile', { errors });
    next();
  });
  router.patch(`/${RESOURCE}/:id`, (req, res, next) => {
    const errors = validateCrocodile(req.body, 'patch', req.params.id);
    if (errors.length) return sendError(res, 422, 'invalid crocodile', { errors });
    next();
  });
  return router;
}
