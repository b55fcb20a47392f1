/**
 * The TCP ports a process is listening on, read from Linux's /proc: how a launcher learns the
 * port a server really bound after being told to bind port 0, whatever the server logs.
 * Elsewhere (no /proc) the answer is empty and callers fall back on what the server prints.
 */
import { readFile, readdir, readlink } from 'node:fs/promises';

const LISTEN = '0A';

export async function listeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]!);
  }
  const ports = new Set<number>();
  if (inodes.size === 0) return [];
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === LISTEN && inodes.has(f[9]!)) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports];
}
