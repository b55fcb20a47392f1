/** Reads a V8 .cpuprofile (node --cpu-prof) into the top functions by self time. */
import { readFile } from 'node:fs/promises';
import type { TopFunction } from './model/verdict.ts';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export function topFunctions(profile: CpuProfile, limit = 10): TopFunction[] {
  const selfUs = new Map<number, number>();
  const { samples = [], timeDeltas = [] } = profile;
  // Each sample's time is the delta to the next one.
  for (let i = 0; i < samples.length; i++) {
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (timeDeltas[i + 1] ?? 0));
  }
  // Shares are of busy time: idle samples say nothing about where the work goes.
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const total = [...selfUs].filter(([id]) => !idle.has(id)).reduce((a, [, us]) => a + us, 0) || 1;
  const byFunction = new Map<string, TopFunction>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us || idle.has(node.id)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const location = url
      ? `${url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '')}:${lineNumber + 1}`
      : '';
    const key = `${name} ${location}`;
    const prev = byFunction.get(key);
    const selfMs = (prev?.selfMs ?? 0) + us / 1000;
    byFunction.set(key, { name, location, selfMs, selfShare: selfMs / (total / 1000) });
  }
  return [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, limit);
}

export async function readTopFunctions(file: string, limit = 10): Promise<TopFunction[]> {
  return topFunctions(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, limit);
}
