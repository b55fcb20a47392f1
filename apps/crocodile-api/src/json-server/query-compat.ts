/**
 * Makes json-server 0.17 (written for Express 4) safe to mount in Express 5.
 */
import type { RequestHandler } from 'express';
import { sendError } from '../http/errors.ts';

const MAX_LIKE_PATTERN = 100;

export const jsonServerCompat: RequestHandler = (req, res, next) => {
  // Express 5's req.query is a getter that re-parses the URL on every access.
  // json-server deletes _sort, _page, q... from it before filtering; on a getter
  // those deletes are lost, the keys are then used as filters and lists come back [].
  const query: Record<string, unknown> = Object.assign(Object.create(null), req.query);
  // json-server would otherwise sleep for any client-chosen time (a free DoS).
  delete query._delay;

  // _like values become RegExps: reject invalid or oversized ones with 400, not a 500.
  for (const [key, value] of Object.entries(query)) {
    if (!key.endsWith('_like')) continue;
    for (const pattern of ([] as unknown[]).concat(value)) {
      if (typeof pattern !== 'string' || pattern.length > MAX_LIKE_PATTERN) {
        return sendError(
          res,
          400,
          `${key} must be a regular expression of at most ${MAX_LIKE_PATTERN} characters`,
        );
      }
      try {
        new RegExp(pattern, 'i');
      } catch (err) {
        return sendError(
          res,
          400,
          `${key} is not a valid regular expression: ${(err as Error).message}`,
        );
      }
    }
  }
  Object.defineProperty(req, 'query', {
    value: query,
    writable: true,
    configurable: true,
    enumerable: true,
  });

  // Our express.json() has read the body already; json-server's body-parser 1.x
  // skips a request only when this flag is set.
  (req as { _body?: boolean })._body = true;
  // json-server honours method overrides; that would let a POST skip our validation as a PUT.
  delete req.headers['x-http-method-override'];
  next();
};
