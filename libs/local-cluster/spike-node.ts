// Throwaway spike driver (not committed): etcd + apiserver + real node, a pod with nodeName.
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createPki } from './src/certs.ts';
import { startApiserver, startEtcd } from './src/control-plane.ts';
import { writeKubeconfig } from './src/kubeconfig.ts';
import { kubectlFor } from './src/kubectl.ts';
import { startRealNode } from './src/real-node.ts';

const bin = '/tmp/realnode/bin';
const workDir = await mkdtemp('/tmp/lc-');
const logDir = join(workDir, 'logs');
await (await import('node:fs/promises')).mkdir(logDir, { recursive: true });
const stops: (() => Promise<void>)[] = [];
const t = Date.now();
const el = () => ((Date.now() - t) / 1000).toFixed(1);
try {
  const pki = await createPki(join(workDir, 'pki'));
  const etcd = await startEtcd({ bin: `${bin}/etcd`, dataDir: join(workDir, 'etcd'), logDir });
  stops.push(() => etcd.component.stop());
  const api = await startApiserver({ bin: `${bin}/kube-apiserver`, etcdUrl: etcd.url, pki, logDir });
  stops.push(() => api.component.stop());
  const kubeconfig = await writeKubeconfig(join(workDir, 'admin.kubeconfig'), {
    server: api.server, caFile: pki.ca.cert, certFile: pki.admin.cert, keyFile: pki.admin.key,
  });
  const kubectl = kubectlFor(kubeconfig);
  console.log(`control plane ${el()} s; ${workDir}`);
  const node = await startRealNode({
    kubeletBin: `${bin}/kubelet`, kubeProxyBin: `${bin}/kube-proxy`, pauseBin: `${bin}/pause`,
    kubeconfig, kubectl, dir: join(workDir, 'node'), logDir,
    images: ['localhost/crocodile-api:a0376dbf574f-dirty'], log: (m) => console.log(`${el()} ${m}`),
  });
  for (const c of node.components) stops.push(() => c.stop());
  console.log(`node Ready ${el()} s`);
  console.log(await kubectl(['get', 'nodes', '-o', 'wide']));
  await kubectl(['create', 'serviceaccount', 'default']).catch((e) => console.log(e.message));
  const { execFileSync } = await import('node:child_process');
  const { parseAllDocuments } = await import('yaml');
  const list = { items: parseAllDocuments(execFileSync('kubectl', ['kustomize', '/work/wt/21/libs/k8s-manifests/overlays/minikube'], { encoding: 'utf8', maxBuffer: 1 << 26 })).map((d) => d.toJS()) };
  const dep = list.items.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'crocodile-api');
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'croc-spike', namespace: 'default', labels: dep.spec.template.metadata.labels }, spec: { ...dep.spec.template.spec, nodeName: 'loadlab-node-0' } };
  pod.spec.containers[0].image = 'localhost/crocodile-api:a0376dbf574f-dirty';
  const t1 = Date.now();
  await kubectl(['apply', '-f', '-'], JSON.stringify(pod));
  for (let i = 0; i < 25; i++) {
    const r = (await kubectl(['get', 'pod', 'croc-spike', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.podIP}'])).trim();
    if (r.startsWith('True')) { console.log(`pod Ready in ${(Date.now() - t1) / 1000} s: ${r}`); const ip = r.split(' ')[1]; console.log((await fetch(`http://${ip}:4000/crocodiles/1`)).status, await (await fetch(`http://${ip}:4000/crocodiles/1`)).text()); break; }
    await new Promise((res) => setTimeout(res, 1000));
  }
  console.log(await kubectl(['get', 'pod', '-o', 'wide']));
  console.log((await kubectl(['get', 'events'])).split('\n').slice(-15).join('\n'));
} catch (e) {
  console.log('FAILED', (e as Error).message);
} finally {
  if (!process.env.KEEP) for (const s of stops.reverse()) await s().catch((e) => console.log('stop', e));
  console.log('stopped', el());
}
