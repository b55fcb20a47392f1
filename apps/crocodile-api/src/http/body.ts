import express, { type RequestHandler } from 'express';
import { LIMITS, nestingDepth } from '../writes/limits.ts';
import { sendError } from './errors.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** Parses JSON bodies up to the limit; writes with a body in another format get 415. */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, res, next) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    if (WRITES.has(req.method) && hasBody && !req.is('application/json')) {
      return sendError(
        res,
        415,
        `send the body as JSON (Content-Type: application/json), got "${req.headers['content-type'] ?? 'none'}"`,
      );
    }
    next();
  };
  // Checked before anything walks the body recursively (JSON.stringify, json-server).
  const boundDepth: RequestHandler = (req, res, next) => {
    const depth = nestingDepth(req.body, LIMITS.maxDepth);
    if (depth > LIMITS.maxDepth) {
      return sendError(
        res,
        400,
        `the body nests objects or arrays more than ${LIMITS.maxDepth} levels deep`,
      );
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, strict: false }), boundDepth];
}

/**
 * json-server writes assume an object body (its nested POST route sets a field
 * on it and throws otherwise): anything else is a 422 before it gets there.
 */
export function requireObjectBody(): RequestHandler {
  return (req, res, next) => {
    const b: unknown = req.body;
    if (WRITES.has(req.method) && (typeof b !== 'object' || b === null || Array.isArray(b))) {
      return sendError(res, 422, 'the request body must be a JSON object', {
        errors: [{ field: '(body)', message: 'must be a JSON object' }],
      });
    }
    next();
  };
}

/** READ_ONLY=true: the data can be read but never changed. */
export function readOnlyGuard(): RequestHandler {
  return (req, res, next) => {
    if (WRITES.has(req.method) || req.method === 'DELETE') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      return sendError(res, 405, 'this server is read-only (READ_ONLY=true)');
    }
    next();
  };
}
