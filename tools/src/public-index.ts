/**
 * Which names a library's index exports that no other project imports. An index is the library's
 * public surface: what its users import, nothing more; the rest stays internal, so it can change
 * without anyone outside noticing. Read from the source with TypeScript's parser (no type check):
 * `export * from './x.ts'` is followed into x.ts, and an importer that takes the whole module
 * (`import * as`, `export * from`, a dynamic import) counts as using every name.
 *
 *   node tools/src/public-index.ts     lists each library's unused exports
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export interface Library {
  /** The package name, e.g. @loadlab/verdict. */
  readonly pkg: string;
  /** Its root, relative to the workspace, e.g. libs/verdict. */
  readonly root: string;
  /** Its "." entry, absolute. */
  readonly index: string;
}

const parse = (file: string) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a module exports, following relative `export * from`. */
export function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  for (const s of parse(file).statements) {
    if (ts.isExportDeclaration(s)) {
      const from =
        s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : '';
      if (!s.exportClause && from.startsWith('.')) {
        for (const n of exportedNames(resolve(dirname(file), from), seen)) names.add(n);
      } else if (s.exportClause && ts.isNamedExports(s.exportClause)) {
        for (const e of s.exportClause.elements) names.add(e.name.text);
      }
    } else if (isExported(s)) {
      if (ts.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations)
          if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if ('name' in s && s.name && ts.isIdentifier(s.name as ts.Node)) {
        names.add((s.name as ts.Identifier).text);
      }
    }
  }
  return names;
}

/** What one source file imports from a package's "." entry; `'*'` when it takes everything. */
export function importedNames(file: string, text: string, pkg: string): Set<string> | '*' {
  const names = new Set<string>();
  if (!text.includes(pkg)) return names;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  let all = false;
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === pkg
    ) {
      if (ts.isImportDeclaration(node)) {
        const bindings = node.importClause?.namedBindings;
        if (!bindings || ts.isNamespaceImport(bindings) || node.importClause?.name) all = true;
        else for (const e of bindings.elements) names.add((e.propertyName ?? e.name).text);
      } else if (!node.exportClause || !ts.isNamedExports(node.exportClause)) all = true;
      else for (const e of node.exportClause.elements) names.add((e.propertyName ?? e.name).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0]!) &&
      node.arguments[0].text === pkg
    ) {
      all = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return all ? '*' : names;
}

/** The workspace's libraries with a "." entry. */
export function libraries(root = WORKSPACE_ROOT): Library[] {
  return gitFiles(root, 'libs/*/package.json').flatMap((file) => {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
      name: string;
      exports?: Record<string, string>;
    };
    const entry = pkg.exports?.['.'];
    const libRoot = dirname(file);
    return entry ? [{ pkg: pkg.name, root: libRoot, index: join(root, libRoot, entry) }] : [];
  });
}

function gitFiles(root: string, ...patterns: string[]): string[] {
  return runSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...patterns], {
    cwd: root,
  })
    .stdout.split('\n')
    .filter((f) => f && existsSync(join(root, f)));
}

/** Each library's exported names that no file outside it imports, sorted. */
export function unusedExports(root = WORKSPACE_ROOT): Map<string, string[]> {
  const sources = gitFiles(root, '*.ts').map((file) => ({
    file,
    text: readFileSync(join(root, file), 'utf8'),
  }));
  const unused = new Map<string, string[]>();
  for (const lib of libraries(root)) {
    const used = new Set<string>();
    let all = false;
    for (const { file, text } of sources) {
      if (file.startsWith(`${lib.root}/`)) continue;
      const names = importedNames(file, text, lib.pkg);
      if (names === '*') all = true;
      else for (const n of names) used.add(n);
    }
    if (all) continue;
    unused.set(lib.pkg, [...exportedNames(lib.index)].filter((n) => !used.has(n)).sort());
  }
  return unused;
}

if (import.meta.main) {
  for (const [pkg, names] of unusedExports())
    if (names.length) console.log(`${pkg}: ${names.length} unused: ${names.join(', ')}`);
}
