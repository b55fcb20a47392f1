/**
 * The physical limit: plain node:http answering GET /crocodiles and
 * GET /crocodiles/:id with the very bytes json-server sends (pretty-printed
 * with 2 spaces), prepared once. No framework, no routing beyond a Map lookup.
 *   DB_FILE=...
 */
import { readFileSync } from 'node:fs';
import { serve } from './serve.ts';

const dbFile = process.env.DB_FILE;
if (!dbFile) throw new Error('DB_FILE must name the json-server db file');
const { crocodiles } = JSON.parse(readFileSync(dbFile, 'utf8')) as {
  crocodiles: { id: number | string }[];
};

const bodies = new Map<string, Buffer>([
  ['/crocodiles', Buffer.from(JSON.stringify(crocodiles, null, 2))],
  ...crocodiles.map(
    (c) => [`/crocodiles/${c.id}`, Buffer.from(JSON.stringify(c, null, 2))] as const,
  ),
]);
const NOT_FOUND = Buffer.from('{}');

serve((req, res) => {
  const body = req.method === 'GET' ? bodies.get(req.url ?? '') : undefined;
  res.writeHead(body ? 200 : 404, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': (body ?? NOT_FOUND).length,
  });
  res.end(body ?? NOT_FOUND);
});
