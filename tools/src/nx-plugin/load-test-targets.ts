/**
 * One `load-tests:<suite>` target per suite of the catalog (apps/load-tests/suites.json),
 * so a new suite is one line there, not a copied target.
 */
import type { TargetConfiguration } from '@nx/devkit';
import type { CatalogSuite, SuiteCatalog } from '@loadlab/k6-runner/suite-catalog';
import { K6_READY_TARGET } from './infer-targets.ts';

/** Runs a suite; a suite that proves autoscaling goes through the scaling verifier, which runs it too. */
export const RUN_SUITE = 'node apps/k6-cli/src/main.ts';
export const RUN_THEN_VERIFY = 'node apps/verdict-cli/src/run-then-verify.ts';
/** The capacity search runs its suite many times (plateau ladders), then advises a threshold. */
export const CAPACITY_SEARCH = 'node apps/capacity-cli/src/capacity-main.ts';

function commandOf(suite: string, s: CatalogSuite): string {
  if (s.capacitySearch) return CAPACITY_SEARCH;
  return `${s.verifyScaling ? RUN_THEN_VERIFY : RUN_SUITE} ${suite}`;
}

/** Targets for a catalog parsed by parseSuiteCatalog, which keeps suite names plain words. */
export function loadTestTargets(
  catalog: Pick<SuiteCatalog, 'suites'>,
): Record<string, TargetConfiguration> {
  return Object.fromEntries(
    Object.entries(catalog.suites).map(([suite, s]) => [
      suite,
      {
        executor: 'nx:run-commands',
        dependsOn: [K6_READY_TARGET],
        options: { command: commandOf(suite, s) },
        cache: false,
        metadata: {
          description: `k6 suite ${suite}: ${s.description}${s.verifyScaling ? ' (then the scaling verdict, with --prometheus)' : ''}`,
        },
      },
    ]),
  );
}
