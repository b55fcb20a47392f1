import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict } from '../model/verdict.ts';
import { htmlReport } from './html.ts';
import { junitReport } from './junit.ts';

export interface ReportFiles {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

/** verdict.json, verdict.junit.xml and report.html in outDir. */
export async function writeReports(v: Verdict, outDir: string): Promise<ReportFiles> {
  await mkdir(outDir, { recursive: true });
  const files = {
    json: join(outDir, 'verdict.json'),
    junit: join(outDir, 'verdict.junit.xml'),
    html: join(outDir, 'report.html'),
  };
  await writeFile(files.json, `${JSON.stringify(v, null, 2)}\n`);
  await writeFile(files.junit, junitReport(v));
  await writeFile(files.html, htmlReport(v));
  return files;
}
