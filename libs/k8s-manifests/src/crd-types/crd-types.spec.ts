/**
 * The hand-written CRD types agree with the pinned CRDs (from the vendored bundles in platform/): every field they declare exists in the
 * CRD's openAPIV3Schema at the same path, with a matching primitive type, required wherever the
 * CRD requires it, and enum values the CRD accepts. Read with the TypeScript compiler's own
 * type checker, so the test sees exactly what typecheck sees. Types that come from
 * kubernetes-models (containers, env, probes...) are its job, and are not walked.
 */
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { PLATFORM } from '../constants.ts';
import { crdSchema, type CrdSchema as Schema } from '../platform-crds.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const program = ts.createProgram(
  [join(HERE, 'keda-scaled-object.ts'), join(HERE, 'k6-test-run.ts')],
  {
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  },
);
const checker = program.getTypeChecker();

function exportedType(file: string, name: string): ts.Type {
  const source = program.getSourceFile(join(HERE, file));
  assert.ok(source, file);
  const symbol = checker
    .getExportsOfModule(checker.getSymbolAtLocation(source)!)
    .find((s) => s.name === name);
  assert.ok(symbol, `${file} exports ${name}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** Declared in crd-types (walked), or elsewhere, i.e. kubernetes-models (trusted). */
const ours = (t: ts.Type) =>
  (t.aliasSymbol ?? t.getSymbol())?.declarations?.some((d) =>
    d.getSourceFile().fileName.startsWith(HERE),
  ) ?? false;

const primitive = (t: ts.Type): string | undefined => {
  if (t.flags & ts.TypeFlags.NumberLike) return 'number';
  if (t.flags & ts.TypeFlags.StringLike) return 'string';
  if (t.flags & ts.TypeFlags.BooleanLike) return 'boolean';
  return undefined;
};
const SCHEMA_PRIMITIVE: Record<string, string> = {
  integer: 'number',
  number: 'number',
  string: 'string',
  boolean: 'boolean',
};

/** Problems found comparing a TypeScript type with the schema at `path`. */
function compare(t: ts.Type, schema: Schema, path: string, out: string[]): void {
  const type = checker.getNonNullableType(t);
  const parts = type.isUnion() ? type.types : [type];
  const prim = [...new Set(parts.map(primitive))];
  if (prim.length === 1 && prim[0]) {
    const want = schema['x-kubernetes-int-or-string']
      ? ['number', 'string']
      : [SCHEMA_PRIMITIVE[schema.type ?? ''] ?? schema.type];
    if (!want.includes(prim[0])) out.push(`${path}: ${prim[0]} here, ${schema.type} in the CRD`);
    if (schema.enum) {
      for (const p of parts)
        if (p.isLiteral() && !schema.enum.includes(p.value))
          out.push(`${path}: ${JSON.stringify(p.value)} is not in the CRD's enum`);
    }
    return;
  }
  // A tuple ([T, ...T[]]: the CRD's minItems) is an array of its element types.
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    if (schema.type !== 'array')
      return void out.push(`${path}: an array here, ${schema.type} there`);
    const elements = new Set(checker.getTypeArguments(type as ts.TypeReference));
    for (const element of elements)
      if (schema.items) compare(element, schema.items, `${path}[]`, out);
    return;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return;
  if (schema.type !== 'object')
    return void out.push(`${path}: an object here, ${schema.type} there`);
  if (path && !ours(type)) return;
  for (const prop of checker.getPropertiesOfType(type)) {
    const at = path ? `${path}.${prop.name}` : prop.name;
    const sub = schema.properties?.[prop.name];
    if (!sub) {
      out.push(`${at}: not in the CRD`);
      continue;
    }
    const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional && schema.required?.includes(prop.name))
      out.push(`${at}: optional here, required by the CRD`);
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    if (!decl) continue;
    // Walk our own declarations only; metadata and the core types are kubernetes-models'.
    if (!decl.getSourceFile().fileName.startsWith(HERE)) continue;
    compare(checker.getTypeOfSymbolAtLocation(prop, decl), sub, at, out);
  }
}

const CASES = [
  {
    type: 'ScaledObject',
    file: 'keda-scaled-object.ts',
    component: 'keda',
    crd: 'scaledobjects.keda.sh',
    version: 'v1alpha1',
  },
  {
    type: 'TestRun',
    file: 'k6-test-run.ts',
    component: 'k6Operator',
    crd: 'testruns.k6.io',
    version: 'v1alpha1',
  },
] as const;

describe('CRD types', () => {
  for (const c of CASES) {
    it(`${c.type} declares only what ${c.crd} in ${PLATFORM[c.component].vendored} defines`, () => {
      const problems: string[] = [];
      compare(exportedType(c.file, c.type), crdSchema(c.component, c.crd, c.version), '', problems);
      assert.deepEqual(problems, []);
    });
  }

  it('finds a field the CRD does not define (the comparison can fail)', () => {
    const problems: string[] = [];
    const schema = crdSchema('keda', 'scaledobjects.keda.sh', 'v1alpha1');
    delete schema.properties!.spec!.properties!.cooldownPeriod;
    schema.properties!.spec!.required!.push('minReplicaCount');
    schema.properties!.spec!.properties!.fallback!.properties!.behavior!.enum!.pop();
    compare(exportedType('keda-scaled-object.ts', 'ScaledObject'), schema, '', problems);
    assert.deepEqual(problems.sort(), [
      'spec.cooldownPeriod: not in the CRD',
      `spec.fallback.behavior: "scalingModifiers" is not in the CRD's enum`,
      'spec.minReplicaCount: optional here, required by the CRD',
    ]);
  });
});
