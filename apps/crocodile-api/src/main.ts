/** Entry point: validated config, then listen, then drain on SIGTERM/SIGINT. */
import { Registry } from 'prom-client';
import { createApp, APP_NAME } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseError, openDatabase } from './db/database.ts';
import { Lifecycle } from './http/lifecycle.ts';
import { createLogging } from './logger.ts';
import { ListenError, startServer } from './server.ts';
import seed from './seed/db.json' with { type: 'json' };

async function main(): Promise<void> {
  const config = loadConfig();
  const logging = createLogging(config.logLevel, APP_NAME);
  const { logger, destination } = logging;
  const db = await openDatabase({
    file: config.dbFile,
    seed,
    readOnly: config.readOnly,
    onDurable: (durable, err) => {
      if (durable) logger.info('writes reach the disk again: readiness is 200');
      else logger.error({ err }, 'writes cannot reach the disk: readiness is 503 until they can');
    },
  });
  const lifecycle = new Lifecycle();
  const app = createApp(config, {
    db,
    logger,
    logDestination: destination,
    registry: new Registry(),
    lifecycle,
  });
  const running = await startServer(app, config, { lifecycle, logger, db });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void running.shutdown(signal).then((clean) => {
        logging.flush(() => process.exit(clean ? 0 : 1));
      });
    });
  }
}

main().catch((err: unknown) => {
  const known =
    err instanceof ConfigError || err instanceof DatabaseError || err instanceof ListenError;
  process.stderr.write(`crocodile-api: ${known ? (err as Error).message : (err as Error).stack}\n`);
  process.exit(known ? 78 : 1); // 78: EX_CONFIG, the process cannot run as configured
});
