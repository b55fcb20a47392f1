import type { RequestHandler } from 'express';

/** The tutorial's artificial latency: a uniform random delay in [min, max] ms. */
export function randomDelay(minMs: number, maxMs: number, random = Math.random): RequestHandler {
  if (maxMs === 0) return (_req, _res, next) => next();
  return (_req, _res, next) => {
    setTimeout(next, minMs + Math.floor(random() * (maxMs - minMs + 1)));
  };
}
