/**
 * run-then-verify's command line: its own options (where to verify, and the testid it must know)
 * taken out, in either `--name=value` or `--name value` form, and everything else passed on to
 * k6-cli as it was typed, which checks it.
 */
import { parseArgs } from 'node:util';
import { oneOfOption, parseOptionValues } from '@loadlab/input';
import { SCALING_POLICIES } from '@loadlab/scaling';
import { z } from 'zod';

const VERIFY_OPTIONS = ['prometheus', 'namespace', 'deployment', 'scaledobject', 'scaling-policy'];

const VerifyOptions = z.object({
  prometheus: z.string().optional(),
  namespace: z.string().default('default'),
  deployment: z.string().optional(),
  scaledobject: z.string().optional(),
  'scaling-policy': oneOfOption(
    'scaling-policy',
    Object.keys(SCALING_POLICIES) as (keyof typeof SCALING_POLICIES)[],
  ).default('default'),
  testid: z.string().optional(),
});

export interface VerifyArgs {
  readonly verify: z.output<typeof VerifyOptions>;
  /** k6-cli's arguments, in the order given; the testid stays among them. */
  readonly k6Args: string[];
}

/** Splits the arguments; a refused value of ours throws, naming the option. */
export function splitVerifyArgs(argv: readonly string[]): VerifyArgs {
  const ours = [...VERIFY_OPTIONS, 'testid'];
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(ours.map((o) => [o, { type: 'string' as const }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const k6Args: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') k6Args.push(t.value);
    else if (t.kind === 'option-terminator') k6Args.push('--');
    else if (t.name === 'testid') k6Args.push(`--testid=${t.value ?? ''}`);
    else if (!VERIFY_OPTIONS.includes(t.name))
      k6Args.push(t.inlineValue ? `${t.rawName}=${t.value}` : t.rawName);
  }
  return { verify: parseOptionValues(VerifyOptions, values), k6Args };
}
