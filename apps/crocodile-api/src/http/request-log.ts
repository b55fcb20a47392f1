import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One JSON line per request. Deliberately smaller than pino-http (no child
 * logger or serializers per request) so logging stays cheap under load.
 */
export function requestLog(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) return (_req, _res, next) => next();
  return (req, res, next) => {
    const start = performance.now();
    res.once('close', () => {
      logger.info(
        {
          method: req.method,
          url: req.originalUrl,
          status: res.writableFinished ? res.statusCode : 499,
          ms: Math.round((performance.now() - start) * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
