/**
 * One json-server 0.17.4 app over a db file, with one metrics middleware or
 * none: the tutorial's app (tailorbrands exporter, json-server's default
 * request log on or off) and the middleware-overhead variants. Everything else
 * is identical, so a difference in throughput is the middleware's.
 *   METRICS=none|loadlab|prom-bundle|tailorbrands  REQUEST_LOG=on|off  DB_FILE=...
 */
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import promBundle from 'express-prom-bundle';
import jsonServer from 'json-server';
import { Registry } from 'prom-client';
import prometheusExporter from '@tailorbrands/node-exporter-prometheus';
import { createHttpMetrics, type RouteResolver } from '@loadlab/metrics';
import { serve } from './serve.ts';

const METRICS_VARIANTS = ['none', 'loadlab', 'prom-bundle', 'tailorbrands'] as const;
type MetricsVariant = (typeof METRICS_VARIANTS)[number];

const APP_NAME = 'crocodile-api';

/**
 * json-server mounts a router per resource, so Express alone reports `/:id`;
 * name the resource as crocodile-api does (`/crocodiles/:id`), unmatched otherwise.
 */
const jsonServerRoute: RouteResolver = (req) => {
  const [resource, id, more] = req.originalUrl.split('?')[0]!.split('/').filter(Boolean);
  if (resource === undefined || more !== undefined || !resources.has(resource)) return undefined;
  return id === undefined ? `/${resource}` : `/${resource}/:id`;
};

/** The middleware and its /metrics handler, configured as each library's docs suggest. */
function metricsFor(variant: MetricsVariant): [RequestHandler, RequestHandler] | undefined {
  switch (variant) {
    case 'none':
      return undefined;
    case 'loadlab': {
      const m = createHttpMetrics({
        registry: new Registry(),
        appName: APP_NAME,
        processMetrics: true,
        resolveRoute: jsonServerRoute,
      });
      return [m.middleware, m.metricsHandler];
    }
    case 'prom-bundle': {
      const bundle = promBundle({
        includeMethod: true,
        includePath: true,
        promClient: { collectDefaultMetrics: {} },
      });
      return [bundle, bundle.metricsMiddleware];
    }
    case 'tailorbrands': {
      // The tutorial's configuration, word for word.
      const exporter = prometheusExporter({
        appName: APP_NAME,
        collectDefaultMetrics: true,
        ignoredRoutes: ['/metrics', '/favicon.ico', '/__rules'],
      });
      return [exporter.middleware, exporter.metrics];
    }
  }
}

const dbFile = process.env.DB_FILE;
if (!dbFile) throw new Error('DB_FILE must name the json-server db file');
const resources = new Set(Object.keys(JSON.parse(readFileSync(dbFile, 'utf8')) as object));

const variant = (process.env.METRICS ?? 'none') as MetricsVariant;
if (!METRICS_VARIANTS.includes(variant)) {
  throw new Error(`METRICS must be one of ${METRICS_VARIANTS.join(', ')}, got "${variant}"`);
}
// The tutorial's order: metrics first, then json-server's defaults, then the router.
const app = jsonServer.create();
const metrics = metricsFor(variant);
if (metrics) {
  app.use(metrics[0]);
  app.get('/metrics', metrics[1]);
}
app.use(jsonServer.defaults({ logger: process.env.REQUEST_LOG === 'on' }));
app.use(jsonServer.router(dbFile));
serve(app);
