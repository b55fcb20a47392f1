/**
 * Every write (POST, PUT, PATCH, DELETE) ends here, never in json-server:
 * one path match, validation, an id lock, then a durable journal write, and
 * only then the change in memory and the answer. A 5xx means nothing changed.
 */
import pluralize from 'pluralize';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Collection, Rec } from '../db/collection.ts';
import { validateCrocodile, validateRecord, type FieldError } from '../crocodiles/crocodile.ts';
import { sendError } from '../http/errors.ts';
import { IdLocks } from './id-locks.ts';
import { LIMITS } from './limits.ts';
import { parseWritePath } from './write-path.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const COLLECTION_ALLOW = 'GET, HEAD, POST, OPTIONS';
const ITEM_ALLOW = 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS';
const READ_ALLOW = 'GET, HEAD, OPTIONS';

type Validator = (
  body: unknown,
  mode: 'create' | 'replace' | 'patch',
  urlId?: string,
) => FieldError[];
const VALIDATORS: Record<string, Validator> = { crocodiles: validateCrocodile };

export interface WriteOptions {
  readonly db: Database;
  readonly logger: Logger;
  readonly maxRecords: number;
  readonly readOnly: boolean;
  /** BODY_LIMIT: a stored record may not grow past what one request could send. */
  readonly maxRecordBytes: number;
}

/** What is wrong with the record as it would be stored (a PATCH merges into it), if anything. */
function storedRecordErrors(record: Rec, maxRecordBytes: number): FieldError[] {
  const keys = Object.keys(record).length;
  if (keys > LIMITS.maxKeys) {
    return [
      {
        field: '(body)',
        message: `the record would have ${keys} fields; at most ${LIMITS.maxKeys}`,
      },
    ];
  }
  const bytes = Buffer.byteLength(JSON.stringify(record));
  if (bytes > maxRecordBytes) {
    return [
      {
        field: '(body)',
        message: `the record would take ${bytes} bytes as JSON; at most ${maxRecordBytes} (BODY_LIMIT)`,
      },
    ];
  }
  return [];
}

export function writeRoutes({
  db,
  logger,
  maxRecords,
  readOnly,
  maxRecordBytes,
}: WriteOptions): RequestHandler {
  const locks = new IdLocks();
  /** Creates under way per resource: counted against MAX_RECORDS before they are stored. */
  const creating = new Map<string, number>();

  const persist = async (req: Request, res: Response, op: Parameters<Database['write']>[0]) => {
    try {
      await db.write(op);
      return true;
    } catch (err) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'write not persisted');
      sendError(
        res,
        503,
        'the change could not be saved to disk and was not made; nothing changed, retry later',
      );
      return false;
    }
  };

  const invalid = (res: Response, errors: FieldError[]) =>
    sendError(res, 422, 'invalid record', { errors });

  const create = async (req: Request, res: Response, c: Collection, body: Rec) => {
    const validate = VALIDATORS[c.name] ?? validateRecord;
    const errors = validate(body, 'create');
    if (errors.length) return invalid(res, errors);
    let id = body.id;
    if (id === undefined) {
      if (c.lastId >= Number.MAX_SAFE_INTEGER)
        return sendError(res, 507, `no automatic ids left in ${c.name}`);
      id = ++c.lastId; // reserved now, so concurrent creates never share it
    } else {
      c.observeId(id);
    }
    const key = String(id);
    await locks.run(`${c.name}/${key}`, async () => {
      if (c.get(key)) return sendError(res, 409, `${c.name} already has a record with id ${key}`);
      const inFlight = creating.get(c.name) ?? 0;
      if (c.size + inFlight >= maxRecords) {
        return sendError(
          res,
          507,
          `${c.name} holds ${c.size} records${inFlight ? ` (and ${inFlight} being created)` : ''}, the limit (MAX_RECORDS); delete some first`,
        );
      }
      const record = { id, ...body } as Rec;
      const tooBig = storedRecordErrors(record, maxRecordBytes);
      if (tooBig.length) return invalid(res, tooBig);
      // Reserved before the write, released after it, so concurrent creates cannot pass the limit together.
      creating.set(c.name, inFlight + 1);
      let stored: boolean;
      try {
        stored = await persist(req, res, { r: c.name, set: record });
      } finally {
        creating.set(c.name, (creating.get(c.name) ?? 1) - 1);
      }
      if (!stored) return;
      res.location(`/${encodeURIComponent(c.name)}/${encodeURIComponent(key)}`);
      // So that browser code (with CORS allowed) can read Location.
      res.setHeader('Access-Control-Expose-Headers', 'Location');
      res.status(201).json(record);
    });
  };

  const update = async (req: Request, res: Response, c: Collection, id: string) => {
    const mode = req.method === 'PUT' ? 'replace' : 'patch';
    if (req.method !== 'DELETE') {
      const errors = (VALIDATORS[c.name] ?? validateRecord)(req.body, mode, id);
      if (errors.length) return invalid(res, errors);
    }
    await locks.run(`${c.name}/${id}`, async () => {
      const current = c.get(id);
      if (!current) return sendError(res, 404, `${c.name} has no record with id ${id}`);
      if (req.method === 'DELETE') {
        if (!(await persist(req, res, { r: c.name, del: String(current.id) }))) return;
        return res.status(200).json({});
      }
      const next: Rec =
        mode === 'replace'
          ? { ...(req.body as Rec), id: current.id }
          : { ...current, ...(req.body as Rec), id: current.id };
      const tooBig = storedRecordErrors(next, maxRecordBytes);
      if (tooBig.length) return invalid(res, tooBig);
      if (!(await persist(req, res, { r: c.name, set: next }))) return;
      res.status(200).json(next);
    });
  };

  const allow = (kind: 'collection' | 'item' | 'nested') =>
    readOnly
      ? READ_ALLOW
      : kind === 'item'
        ? ITEM_ALLOW
        : kind === 'nested'
          ? READ_ALLOW.replace('OPTIONS', 'POST, OPTIONS')
          : COLLECTION_ALLOW;

  return (req, res, next) => {
    if (!WRITES.has(req.method) && req.method !== 'OPTIONS') return next();
    const path = parseWritePath(req.url);
    if (path.kind === 'error') {
      return req.method === 'OPTIONS' ? next() : sendError(res, path.status, path.message);
    }
    const c = db.collections.get(path.resource);
    const parentOk = path.kind !== 'nested' || db.collections.has(path.parent);
    if (!c || !parentOk) {
      if (req.method === 'OPTIONS') return next();
      const singular = path.resource in db.state && !c;
      return sendError(
        res,
        singular ? 405 : 404,
        singular
          ? `${path.resource} is not a list; writes to it are not supported`
          : `no resource at ${req.path}; writable resources: ${[...db.collections.keys()].join(', ')}`,
      );
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Allow', allow(path.kind));
      return res.status(204).end();
    }
    const allowed = allow(path.kind).split(', ');
    if (!allowed.includes(req.method)) {
      res.setHeader('Allow', allow(path.kind));
      return sendError(
        res,
        405,
        `${req.method} is not allowed on ${req.path}; allowed: ${allow(path.kind)}`,
      );
    }
    const run = async () => {
      if (path.kind === 'item') return update(req, res, c, path.id);
      const body = { ...(req.body as Rec) };
      // json-server's nested create: POST /crocodiles/1/keepers sets keeper.crocodileId = "1".
      if (path.kind === 'nested') body[`${pluralize.singular(path.parent)}Id`] = path.parentId;
      return create(req, res, c, body);
    };
    run().catch(next);
  };
}
