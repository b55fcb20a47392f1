/**
 * Scans the files git tracks for credentials. The tutorial leaked a registry
 * password in a `docker login -p` line; this fails CI on that and its cousins.
 *   node tools/src/secret-scan.ts [repo dir]    exit 1 and list findings, or exit 0
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

/** A value that is clearly not a literal secret: a variable, a placeholder, or a reference. */
const NOT_A_LITERAL =
  /^(\$|<|\{\{|process\.env|env\.|\*+$|x+$|changeme|example|placeholder|redacted)/i;

const RULES: { name: string; pattern: RegExp; valueGroup?: number }[] = [
  {
    name: 'password/secret/token assigned a literal',
    pattern:
      /\b(?:password|passwd|secret|token|api[_-]?key|client[_-]?secret)\b["']?\s*[:=]\s*["']([^"'\s]{8,})["']/i,
    valueGroup: 1,
  },
  {
    name: 'docker login with a password on the command line',
    pattern: /docker\s+login\b[^\n]*\s(?:-p|--password)[=\s]+(\S+)/i,
    valueGroup: 1,
  },
  {
    name: 'registry password flag with a literal',
    pattern: /--docker-password=([^\s"']+)/i,
    valueGroup: 1,
  },
  { name: 'private key', pattern: /-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/ },
  { name: 'AWS access key id', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
];

/** Lockfiles hold hashes, not secrets; the scanner's own rules would match themselves. */
const SKIP = [
  /(^|\/)package-lock\.json$/,
  /(^|\/)go\.sum$/,
  /^tools\/src\/secret-scan(\.spec)?\.ts$/,
  /\.(png|jpg|ico)$/,
];

export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    for (const rule of RULES) {
      const m = rule.pattern.exec(line);
      if (!m) continue;
      const value = rule.valueGroup ? m[rule.valueGroup]!.replace(/^["']|["']$/g, '') : '';
      if (rule.valueGroup && NOT_A_LITERAL.test(value)) continue;
      findings.push({ file, line: i + 1, rule: rule.name });
    }
  }
  return findings;
}

export function scanRepo(dir: string): Finding[] {
  const files = runSync('git', ['ls-files', '-z'], { cwd: dir }).stdout.split('\0').filter(Boolean);
  return files
    .filter((f) => !SKIP.some((s) => s.test(f)))
    .flatMap((f) => {
      let text: string;
      try {
        text = readFileSync(join(dir, f), 'utf8');
      } catch {
        return [];
      }
      return text.includes('\0') ? [] : scanText(f, text);
    });
}

if (import.meta.main) {
  const dir = process.argv[2] ?? process.cwd();
  const findings = scanRepo(dir);
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.rule}`);
  console.log(
    findings.length
      ? `secret scan: ${findings.length} finding(s); move credentials to env or a generated Secret`
      : 'secret scan: no credentials in tracked files',
  );
  process.exit(findings.length ? 1 : 0);
}
