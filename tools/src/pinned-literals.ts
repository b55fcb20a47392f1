/**
 * Finds a version pinned in tools/versions.env written out again in code: in a TypeScript string
 * or template literal, or outside a comment in a shell script or a JSON/YAML config. Comments may
 * cite upstream code at a version ("keda v2.20.2 pkg/scaling/..."); values a program uses must be
 * read from tools/versions.env.
 */
import ts from 'typescript';

/** The pins worth searching for: x.y.z versions (with or without the v) and commit hashes. */
export function pinPatterns(versions: Record<string, string>): { key: string; re: RegExp }[] {
  return Object.entries(versions)
    .filter(([, v]) => /^v?\d+\.\d+\.\d+$/.test(v) || /^[0-9a-f]{40}$/.test(v))
    .map(([key, v]) => {
      const bare = v.replace(/^v/, '').replaceAll('.', '\\.');
      // Not part of a longer version (12.20.2, 2.20.21, 2.20.2.1, 2.20.2-rc.1); file names count.
      return { key, re: new RegExp(`(?<!\\w|\\d\\.)v?${bare}(?!\\w|\\.\\d|-(?:rc|alpha|beta))`) };
    });
}

/** npm's own pins: a package's version in package.json is the registry's, not a tool's. */
const NPM_PINS = new Set([
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
  'overrides',
]);

function jsonStrings(value: unknown, packageJson: boolean): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => jsonStrings(v, false));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      packageJson && NPM_PINS.has(k) ? [] : [k, ...jsonStrings(v, false)],
    );
  return [];
}

/** The text a program uses: string literals of TypeScript, everything but comments elsewhere. */
export function codeText(file: string, text: string): string[] {
  if (/\.[cm]?[jt]s$/.test(file)) {
    const out: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) out.push(node.text);
      // A regular expression's escaped dots (/keda-v2\.20\.2/) still spell the version.
      if (ts.isRegularExpressionLiteral(node)) out.push(node.text.replaceAll('\\.', '.'));
      node.forEachChild(visit);
    };
    visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
    return out;
  }
  if (file.endsWith('.json')) {
    // tsconfig and friends are JSON with comments: TypeScript's own reader takes both.
    const { config } = ts.parseConfigFileTextToJson(file, text);
    return jsonStrings(config, file.endsWith('package.json'));
  }
  // Shell and YAML: '#' starts a comment at the start of a line or after a blank.
  return text.split('\n').map((l) => l.replace(/(^|\s)#.*$/, ''));
}

export interface PinnedLiteral {
  readonly file: string;
  readonly key: string;
  readonly text: string;
}

export function pinnedLiterals(
  file: string,
  text: string,
  pins: { key: string; re: RegExp }[],
): PinnedLiteral[] {
  const found: PinnedLiteral[] = [];
  for (const piece of codeText(file, text))
    for (const { key, re } of pins)
      if (re.test(piece)) found.push({ file, key, text: piece.trim().slice(0, 120) });
  return found;
}
