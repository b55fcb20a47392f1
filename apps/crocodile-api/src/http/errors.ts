/** Every error leaves as JSON `{ error, message, ... }`; stack traces stay in the log. */
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { WorkCapError } from '../json-server/work-budget.ts';

export function sendError(
  res: Response,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ error: STATUS_CODES[status] ?? 'Error', message, ...extra });
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
  expose?: boolean;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: BodyParserError, req, res, next) => {
    if (res.headersSent) return next(err);
    switch (err.type) {
      case 'entity.parse.failed':
        return sendError(res, 400, `malformed JSON body: ${err.message}`);
      case 'entity.too.large':
        return sendError(res, 413, `request body is larger than BODY_LIMIT (${err.limit} bytes)`);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(res, 415, err.message);
    }
    if (err instanceof WorkCapError) return sendError(res, 400, err.message);
    // Express's own 4xx (e.g. "Failed to decode param '%ZZ'") are the client's fault too.
    if (
      err.status &&
      err.status >= 400 &&
      err.status < 500 &&
      (err.expose || err instanceof URIError)
    ) {
      return sendError(res, err.status, err.message);
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendError(res, 500, 'internal error; see the server log');
  };
}
