/**
 * scalingModifiers.formula, as far as explain needs it. KEDA compiles the formula with
 * expr-lang, its variables being the named non-cpu/memory triggers (scaledobject_webhook.go:
 * 552-588); a name it does not know fails admission. `formulaNames` finds the names a formula
 * reads; `evaluateFormula` evaluates plain arithmetic (numbers, names, + - * / %, parentheses,
 * min, max, abs, float) and returns null for anything richer, so explain says "not modelled"
 * rather than guess.
 */
const KEYWORDS = new Set([
  'true',
  'false',
  'nil',
  'and',
  'or',
  'not',
  'in',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'let',
  'if',
  'else',
  '_kedaCompositeResult',
]);

const withoutStrings = (f: string) =>
  f.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');

/** The variable names a formula reads (not functions, members, keywords or let-bound names). */
export function formulaNames(formula: string): string[] {
  const f = withoutStrings(formula);
  const bound = new Set([...f.matchAll(/\blet\s+([A-Za-z_]\w*)/g)].map((m) => m[1]!));
  const names = new Set<string>();
  for (const m of f.matchAll(/(?<![\w.$])([A-Za-z_$][\w$]*)(?![\w$]|\s*\()/g)) {
    const n = m[1]!;
    if (!KEYWORDS.has(n) && !bound.has(n) && !n.startsWith('$')) names.add(n);
  }
  return [...names];
}

type Token = { kind: 'num'; v: number } | { kind: 'id'; v: string } | { kind: 'op'; v: string };

function tokens(f: string): Token[] | null {
  const out: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_]\w*)|([-+*/%(),]))/iy;
  let at = 0;
  while (at < f.length) {
    if (/^\s*$/.test(f.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(f);
    if (!m) return null;
    at = re.lastIndex;
    if (m[1]) out.push({ kind: 'num', v: Number(m[1]) });
    else if (m[2]) out.push({ kind: 'id', v: m[2] });
    else out.push({ kind: 'op', v: m[3]! });
  }
  return out;
}

const FUNCS: Record<string, (...a: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  float: (x) => x!,
};

/** The formula's value for these trigger values; null when it is not plain arithmetic. */
export function evaluateFormula(
  formula: string,
  values: Readonly<Record<string, number>>,
): number | null {
  const ts = tokens(formula);
  if (!ts) return null;
  let i = 0;
  const peek = () => ts[i];
  const isOp = (v: string) => peek()?.kind === 'op' && peek()!.v === v;
  const fail = (): never => {
    throw new Error('unsupported');
  };
  function primary(): number {
    const t = ts![i++] ?? fail();
    if (t.kind === 'num') return t.v;
    if (t.kind === 'op' && t.v === '-') return -primary();
    if (t.kind === 'op' && t.v === '(') {
      const v = sum();
      if (!isOp(')')) fail();
      i++;
      return v;
    }
    if (t.kind === 'id') {
      if (isOp('(')) {
        const fn = FUNCS[t.v] ?? fail();
        i++;
        const args = [sum()];
        while (isOp(',')) {
          i++;
          args.push(sum());
        }
        if (!isOp(')')) fail();
        i++;
        return fn(...args);
      }
      return values[t.v] ?? fail();
    }
    return fail();
  }
  function product(): number {
    let v = primary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = ts![i++]!.v;
      const r = primary();
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  }
  function sum(): number {
    let v = product();
    while (isOp('+') || isOp('-')) {
      const op = ts![i++]!.v;
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
    return v;
  }
  try {
    const v = sum();
    return i === ts.length && Number.isFinite(v) ? v : null;
  } catch {
    return null;
  }
}
