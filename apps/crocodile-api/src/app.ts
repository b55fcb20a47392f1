/**
 * createApp builds the Express app and never listens: main.ts does that, and
 * tests drive it on an ephemeral port.
 */
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createHttpMetrics, firstRoute, expressRouteTemplate } from '@loadlab/metrics';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { jsonBody, readOnlyGuard, requireObjectBody } from './http/body.ts';
import { randomDelay } from './http/delay.ts';
import { createErrorHandler } from './http/errors.ts';
import { closeConnectionsWhenDraining, healthRoutes, type Lifecycle } from './http/lifecycle.ts';
import { requestLog } from './http/request-log.ts';
import { jsonServerCompat } from './json-server/query-compat.ts';
import { writeRoutes } from './writes/write-routes.ts';
import { jsonServerRoutes } from './json-server/route-resolver.ts';
import { createJsonServerRouter, dbExport } from './json-server/router.ts';

export const APP_NAME = 'crocodile-api';

export interface AppDeps {
  readonly db: Database;
  readonly logger: Logger;
  /** Where request lines go; pino's destination in production. */
  readonly logDestination?: { write(line: string): unknown };
  readonly registry: Registry;
  readonly lifecycle: Lifecycle;
  readonly random?: () => number;
}

export function createApp(config: Config, deps: AppDeps): Express {
  const { db, logger, registry, lifecycle } = deps;
  const app = express();
  app.disable('x-powered-by');

  const metrics = createHttpMetrics({
    registry,
    appName: APP_NAME,
    processMetrics: true,
    resolveRoute: firstRoute(jsonServerRoutes(Object.keys(db.state)), expressRouteTemplate),
  });
  // First, so that durations include the delay, as a client sees them.
  app.use(metrics.middleware);
  app.use(requestLog(logger, deps.logDestination ?? process.stdout, APP_NAME));
  app.use(closeConnectionsWhenDraining(lifecycle));
  app.use(helmet());
  if (config.corsOrigins.length) {
    // Credentials only for listed origins: with `*` a browser would refuse them anyway,
    // and reflecting any origin with credentials (json-server's default) is unsafe.
    const any = config.corsOrigins.includes('*');
    app.use(cors({ origin: any ? '*' : [...config.corsOrigins], credentials: !any }));
  }

  app.use(healthRoutes(lifecycle, db, config.readOnly));
  app.get('/metrics', metrics.metricsHandler);

  app.use('/crocodiles', randomDelay(config.minDelayMs, config.maxDelayMs, deps.random));
  if (config.readOnly) app.use(readOnlyGuard());
  app.use(jsonBody(config.bodyLimitBytes));
  app.use(jsonServerCompat(() => Object.keys(db.state), db.collections));
  app.use(requireObjectBody());
  app.use(
    writeRoutes({
      db,
      logger,
      maxRecords: config.maxRecords,
      readOnly: config.readOnly,
      maxRecordBytes: config.bodyLimitBytes,
    }),
  );
  app.get('/db', dbExport(db));
  app.use(createJsonServerRouter(db));
  app.use(createErrorHandler(logger));
  return app;
}
