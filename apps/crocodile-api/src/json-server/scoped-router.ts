/**
 * json-server's router, loaded so that its `_like` filter matches in linear
 * time. json-server builds `new RegExp(value, 'i')` from the client's value deep
 * inside its plural router, with no hook. Rather than replace the global RegExp,
 * its plural.js is compiled here with a `RegExp` of its own (LinearLikeRegExp)
 * in its module scope, and its router's index.js is compiled to use that copy.
 * Every other module, and every other RegExp, is untouched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import { LinearLikeRegExp } from './linear-like.ts';

type RouterFactory = (state: object) => unknown;

/** Runs one CommonJS file with extra module-scope names; `local` overrides some of its requires. */
function loadCommonJs(
  file: string,
  scope: Record<string, unknown>,
  local: Record<string, unknown> = {},
): unknown {
  const base = createRequire(file);
  const require = (id: string) => (Object.hasOwn(local, id) ? local[id] : base(id));
  const module = { exports: {} as unknown };
  const run = compileFunction(
    readFileSync(file, 'utf8'),
    ['exports', 'require', 'module', '__filename', '__dirname', ...Object.keys(scope)],
    { filename: file },
  );
  run(module.exports, require, module, file, dirname(file), ...Object.values(scope));
  return module.exports;
}

let factory: RouterFactory | undefined;

/** json-server 0.17's `router(state)`, with the linear `_like`. */
export function jsonServerRouter(): RouterFactory {
  if (factory) return factory;
  const dir = join(dirname(createRequire(import.meta.url).resolve('json-server')), 'router');
  const plural = loadCommonJs(join(dir, 'plural.js'), { RegExp: LinearLikeRegExp });
  factory = loadCommonJs(join(dir, 'index.js'), {}, { './plural': plural }) as RouterFactory;
  return factory;
}
