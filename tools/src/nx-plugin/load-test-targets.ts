/**
 * One `load-tests:<suite>` target per suite of the catalog (apps/load-tests/suites.json),
 * so a new suite is one line there, not a copied target.
 */
import type { TargetConfiguration } from '@nx/devkit';

export interface CatalogSuites {
  readonly suites: Readonly<
    Record<string, { description: string; verifyScaling?: boolean; capacitySearch?: boolean }>
  >;
}

/** Runs a suite; a suite that proves autoscaling goes through the scaling verifier, which runs it too. */
export const RUN_SUITE = 'node apps/k6-cli/src/main.ts';
export const RUN_THEN_VERIFY = 'node apps/verdict-cli/src/run-then-verify.ts';
/** The capacity search runs its suite many times (plateau ladders), then advises a threshold. */
export const CAPACITY_SEARCH = 'node apps/capacity-cli/src/capacity-main.ts';

function commandOf(suite: string, s: CatalogSuites['suites'][string]): string {
  if (s.capacitySearch) return CAPACITY_SEARCH;
  return `${s.verifyScaling ? RUN_THEN_VERIFY : RUN_SUITE} ${suite}`;
}

/** A suite name becomes a target name and a shell word, so it stays plain. */
const SUITE_NAME = /^[a-z][a-z0-9-]*$/;

export function loadTestTargets(
  catalog: CatalogSuites,
  file = 'suites.json',
): Record<string, TargetConfiguration> {
  if (typeof catalog.suites !== 'object' || catalog.suites === null)
    throw new Error(`${file}: "suites" must be an object of suite name -> { description }`);
  for (const name of Object.keys(catalog.suites))
    if (!SUITE_NAME.test(name))
      throw new Error(`${file}: suite name must match ${SUITE_NAME}, got "${name}"`);
  return Object.fromEntries(
    Object.entries(catalog.suites).map(([suite, s]) => [
      suite,
      {
        executor: 'nx:run-commands',
        dependsOn: ['build', { projects: ['tools'], target: 'k6' }],
        options: { command: commandOf(suite, s) },
        cache: false,
        metadata: {
          description: `k6 suite ${suite}: ${s.description}${s.verifyScaling ? ' (then the scaling verdict, with --prometheus)' : ''}`,
        },
      },
    ]),
  );
}
