/** kubectl kustomize, parsed: the objects an overlay would apply. */
import { parseAllDocuments } from 'yaml';
import { runSync } from '@loadlab/process-supervisor';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [k: string]: any;
};

export function kustomize(dir: string): K8sObject[] {
  const out = runSync('kubectl', ['kustomize', dir]).stdout;
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject)
    .filter(Boolean);
}

export const find = (objs: K8sObject[], kind: string, name: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name);
