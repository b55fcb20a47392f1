// @tailorbrands/node-exporter-prometheus 2.0.7 (the tutorial's exporter) ships no types.
declare module '@tailorbrands/node-exporter-prometheus' {
  import type { RequestHandler } from 'express';
  interface Options {
    appName?: string;
    ignoredRoutes?: string[];
    collectDefaultMetrics?: boolean;
  }
  export default function prometheusExporter(options: Options): {
    middleware: RequestHandler;
    metrics: RequestHandler;
  };
}
