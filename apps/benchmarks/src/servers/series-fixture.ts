/**
 * A service with more routes than crocodile-api, instrumented with
 * @loadlab/metrics exactly as crocodile-api is (route templates, process
 * metrics), so that about 1,000 series come from real traffic: each
 * (method, route, status) seen adds a counter and a 21-line histogram.
 * `ANY /r<i>/:id?status=<code>` answers with that status.
 *   ROUTES=<n>
 */
import express from 'express';
import { Registry } from 'prom-client';
import { createHttpMetrics } from '@loadlab/metrics';
import { serve } from './serve.ts';

const routes = Number(process.env.ROUTES ?? '20');
if (!Number.isInteger(routes) || routes < 1 || routes > 1000) {
  throw new Error(`ROUTES must be an integer 1-1000, got "${process.env.ROUTES}"`);
}

const app = express();
const metrics = createHttpMetrics({
  registry: new Registry(),
  appName: 'series-fixture',
  processMetrics: true,
});
app.use(metrics.middleware);
app.get('/metrics', metrics.metricsHandler);
for (let i = 0; i < routes; i++) {
  app.all(`/r${i}/:id`, (req, res) => {
    const status = Number(req.query.status ?? 200);
    res.status(status >= 200 && status < 600 ? status : 400).end();
  });
}
serve(app);
