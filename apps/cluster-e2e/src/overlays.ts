/**
 * Our rendered manifests, as applied to the local control plane. Two kustomizations on top of
 * the committed ones, and only what a laptop process cannot reach changes:
 *  - right: the minikube overlay as is, with the ScaledObject's serverAddress pointed at the local
 *    Prometheus (KEDA runs on the host here, where cluster DNS names do not resolve);
 *  - wrong: a copy of crocodile-api's objects, renamed with nameSuffix (kustomize's nameReference
 *    keeps scaleTargetRef on the renamed Deployment) and given a query that returns nothing.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { asList, renderOverlay } from '@loadlab/e2e-fixtures';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { SCALING_POLICY } from '@loadlab/scaling';

const MANIFESTS = join(WORKSPACE_ROOT, 'libs/k8s-manifests');
export const WRONG_SUFFIX = '-wrong-query';
export const RIGHT_TARGET = SCALING_POLICY.target;
export const WRONG_TARGET = `${SCALING_POLICY.target}${WRONG_SUFFIX}`;
/** No series has this name, so KEDA reads nothing and must never scale. */
export const WRONG_QUERY = 'sum(rate(loadlab_no_such_metric_total[2m]))';

const triggerPatch = (prometheusUrl: string, query?: string) => ({
  target: { group: 'keda.sh', kind: 'ScaledObject' },
  patch: stringify([
    { op: 'replace', path: '/spec/triggers/0/metadata/serverAddress', value: prometheusUrl },
    ...(query ? [{ op: 'replace', path: '/spec/triggers/0/metadata/query', value: query }] : []),
  ]),
});

const NAME_LABEL = 'app.kubernetes.io~1name';
function relabel(name: string) {
  const replace = (kind: string, ...paths: string[]) => ({
    target: { kind },
    patch: stringify(
      paths.map((path) => ({ op: 'replace', path: `${path}/${NAME_LABEL}`, value: name })),
    ),
  });
  return [
    replace('Deployment', '/spec/selector/matchLabels', '/spec/template/metadata/labels'),
    replace('Service', '/spec/selector'),
    replace('PodDisruptionBudget', '/spec/selector/matchLabels'),
  ];
}

export interface RenderedOverlays {
  /** A v1 List of the rendered objects, ready for kubectl apply -f -. */
  readonly right: string;
  readonly wrong: string;
}

export async function renderOverlays(prometheusUrl: string): Promise<RenderedOverlays> {
  // Inside libs/k8s-manifests, so the relative references below stay within kustomize's rules.
  const dir = await mkdtemp(join(MANIFESTS, '.e2e-local-'));
  try {
    const write = async (name: string, k: object) => {
      await mkdir(join(dir, name));
      await writeFile(
        join(dir, name, 'kustomization.yaml'),
        stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...k }),
      );
    };
    await write('right', {
      resources: ['../../overlays/minikube'],
      patches: [triggerPatch(prometheusUrl)],
    });
    await write('wrong', {
      resources: ['../../base/crocodile-api.yaml'],
      configurations: ['../../base/kustomizeconfig.yaml'],
      nameSuffix: WRONG_SUFFIX,
      // Its own app label, so no pod matches both HPAs (the HPA controller refuses ambiguous selectors).
      patches: [triggerPatch(prometheusUrl, WRONG_QUERY), ...relabel(WRONG_TARGET)],
    });
    // Their resources sit outside the temp dir, which kustomize refuses by default.
    const render = (name: string) =>
      asList(renderOverlay(join(dir, name), ['--load-restrictor=LoadRestrictionsNone']));
    return { right: render('right'), wrong: render('wrong') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
