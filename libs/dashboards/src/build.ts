/** nx run dashboards:build — every dashboard as Grafana JSON in dist/libs/dashboards. */
import { fileURLToPath } from 'node:url';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARDS } from './index.ts';

export const OUT_DIR = fileURLToPath(new URL('../../../dist/libs/dashboards/', import.meta.url));

/**
 * The SDK lays panels out but leaves their ids to Grafana, which numbers them on load;
 * numbering them here, in order, keeps panel links (`viewPanel=N`) stable across loads.
 */
export function numberPanels(d: dashboard.Dashboard): dashboard.Dashboard {
  return { ...d, panels: d.panels?.map((p, i) => ({ ...p, id: i + 1 })) };
}

export function renderAll(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DASHBOARDS).map(([name, make]) => [
      `${name}.json`,
      `${JSON.stringify(numberPanels(make().build()), null, 2)}\n`,
    ]),
  );
}

if (import.meta.main) {
  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  for (const [file, json] of Object.entries(renderAll()))
    await writeFile(join(OUT_DIR, file), json);
  console.log(`wrote ${Object.keys(DASHBOARDS).length} dashboards to ${OUT_DIR}`);
}
