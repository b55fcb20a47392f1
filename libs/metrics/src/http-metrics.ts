/**
 * Express middleware that records RED metrics with prom-client into an injected
 * Registry (no global state, so tests can build many apps in one process).
 */
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import {
  DEFAULT_BUCKETS,
  OTHER_METHOD,
  TUTORIAL_NAMING,
  UNMATCHED_ROUTE,
  type MetricNaming,
} from './naming.ts';
import { expressRouteTemplate, type RouteResolver } from './route-resolvers.ts';

export interface HttpMetricsOptions {
  readonly registry: Registry;
  /** Value of the app label on every series, e.g. `crocodile-api`. */
  readonly appName: string;
  readonly naming?: MetricNaming;
  /** Histogram buckets in seconds; the defaults cover 1 ms to 10 s. */
  readonly buckets?: readonly number[];
  /** Exact paths that are not measured. */
  readonly ignoredRoutes?: readonly string[];
  /** Returns the route template for a request, or undefined when none matched. */
  readonly resolveRoute?: RouteResolver;
  /** Also collect prom-client's process and Node.js runtime metrics (CPU, memory, event-loop lag). */
  readonly processMetrics?: boolean;
}

export interface HttpMetrics {
  readonly middleware: RequestHandler;
  /** GET /metrics: the registry in its own content type. */
  readonly metricsHandler: RequestHandler;
  readonly registry: Registry;
}

export const DEFAULT_IGNORED_ROUTES: readonly string[] = [
  '/metrics',
  '/favicon.ico',
  '/livez',
  '/readyz',
  '/healthz',
];

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** nginx's code for "client closed the connection before the response was sent". */
const CLIENT_CLOSED = '499';

export function createHttpMetrics(options: HttpMetricsOptions): HttpMetrics {
  const {
    registry,
    appName,
    naming = TUTORIAL_NAMING,
    buckets = DEFAULT_BUCKETS,
    ignoredRoutes = DEFAULT_IGNORED_ROUTES,
    resolveRoute = expressRouteTemplate,
  } = options;
  const l = naming.labels;
  const labelNames = [l.app, l.method, l.route, l.status] as const;

  const requests = new Counter({
    name: naming.requestsTotal,
    help: 'HTTP requests served, by route template and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: naming.requestDuration,
    help: 'HTTP request duration in seconds, from arrival to the last byte sent.',
    labelNames,
    buckets: [...buckets],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: naming.requestsInFlight,
    help: 'HTTP requests currently being served.',
    labelNames: [l.app] as const,
    registers: [registry],
  }).labels(appName);

  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry, labels: { [l.app]: appName } });
  }

  // prom-client hashes the label set on every call; caching the children keeps
  // the hot path to one Map lookup. The key space is bounded like the labels.
  const children = new Map<string, { count: Counter.Internal; time: Histogram.Internal<string> }>();
  const child = (method: string, route: string, status: string) => {
    const key = `${method} ${status} ${route}`;
    let c = children.get(key);
    if (!c) {
      c = {
        count: requests.labels(appName, method, route, status),
        time: duration.labels(appName, method, route, status),
      };
      children.set(key, c);
    }
    return c;
  };
  const ignored = new Set(ignoredRoutes);

  const middleware: RequestHandler = (req, res, next) => {
    if (ignored.has(req.path)) return next();
    const start = performance.now();
    inFlight.inc();
    res.once('close', () => {
      inFlight.dec();
      const method = KNOWN_METHODS.has(req.method) ? req.method : OTHER_METHOD;
      const route = safeResolve(resolveRoute, req, res) ?? UNMATCHED_ROUTE;
      const status = res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED;
      const c = child(method, route, status);
      c.count.inc();
      c.time.observe((performance.now() - start) / 1000);
    });
    next();
  };

  const metricsHandler: RequestHandler = async (_req, res, next) => {
    try {
      const body = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      res.end(body);
    } catch (err) {
      next(err);
    }
  };

  return { middleware, metricsHandler, registry };
}

// A resolver bug must never take a request down with it.
function safeResolve(resolve: RouteResolver, req: Request, res: Response): string | undefined {
  try {
    return resolve(req, res);
  } catch {
    return undefined;
  }
}
