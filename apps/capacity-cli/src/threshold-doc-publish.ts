/** Writes the guide and the charts it shows (docs/images/capacity-*.png) from one run's report. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { chartImages } from './chart-images.ts';
import { renderThresholdDoc, type DocInputs } from './threshold-doc.ts';

export async function publishThresholdDoc(o: {
  readonly template: string;
  readonly doc: string;
  readonly imagesDir: string;
  /** The report.html whose charts the guide shows (the run's, or the advice's). */
  readonly report: string;
  readonly inputs: DocInputs;
}): Promise<string[]> {
  // Formatted as the repo's prettier check wants it, so a regenerated guide passes it as written.
  const text = await format(renderThresholdDoc(await readFile(o.template, 'utf8'), o.inputs), {
    ...(await resolveConfig(o.doc)),
    filepath: o.doc,
  });
  const written: string[] = [];
  // The charts the guide shows; the whole-page shot is not one of them.
  for (const f of await chartImages(o.report, o.imagesDir, 'capacity')) {
    if (f.endsWith('-report.png')) await rm(f, { force: true });
    else written.push(f);
  }
  // The text last: a failed chart leaves the guide as it was.
  await writeFile(o.doc, text);
  return [...written, o.doc];
}
