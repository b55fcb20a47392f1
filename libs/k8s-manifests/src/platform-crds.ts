/**
 * The CRDs of the pinned platform, read from the vendored release bundles in platform/ (what
 * `kube.sh platform --vendored` applies): the one copy of each CRD that schema validation, the
 * CRD types' check and the local cluster use.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { PLATFORM } from './constants.ts';

/** The part of a CRD's openAPIV3Schema that loadlab reads. */
export interface CrdSchema {
  type?: string;
  properties?: Record<string, CrdSchema>;
  required?: string[];
  items?: CrdSchema;
  enum?: unknown[];
  'x-kubernetes-int-or-string'?: boolean;
}

interface Crd {
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: { versions: { name: string; schema: { openAPIV3Schema: CrdSchema } }[] };
}

export type PlatformComponent = keyof typeof PLATFORM;

const bundlePath = (component: PlatformComponent) =>
  new URL(`../${PLATFORM[component].vendored}`, import.meta.url);

/** Every CustomResourceDefinition in the component's vendored bundle. */
export function platformCrds(component: PlatformComponent): Crd[] {
  return parseAllDocuments(readFileSync(bundlePath(component), 'utf8'))
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((o): o is Crd => o?.kind === 'CustomResourceDefinition');
}

/** The openAPIV3Schema of one CRD version (crd: its name, e.g. scaledobjects.keda.sh), a fresh copy. */
export function crdSchema(component: PlatformComponent, crd: string, version: string): CrdSchema {
  const found = platformCrds(component).find((c) => c.metadata.name === crd);
  const schema = found?.spec.versions.find((v) => v.name === version)?.schema.openAPIV3Schema;
  if (!schema)
    throw new Error(`${PLATFORM[component].vendored} has no CRD ${crd} with version ${version}`);
  return schema;
}
