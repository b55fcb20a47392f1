/**
 * One `load-tests:<suite>` target per suite of the catalog (apps/load-tests/suites.json),
 * so a new suite is one line there, not a copied target.
 */
import type { TargetConfiguration } from '@nx/devkit';

export interface CatalogSuites {
  readonly suites: Readonly<Record<string, { description: string; verifyScaling?: boolean }>>;
}

/** Runs a suite; a suite that proves autoscaling goes through the scaling verifier, which runs it too. */
export const RUN_SUITE = 'node apps/k6-cli/src/main.ts';
export const RUN_THEN_VERIFY = 'node libs/verdict/src/scaling/run-then-verify.ts';

export function loadTestTargets(catalog: CatalogSuites): Record<string, TargetConfiguration> {
  return Object.fromEntries(
    Object.entries(catalog.suites).map(([suite, s]) => [
      suite,
      {
        executor: 'nx:run-commands',
        dependsOn: ['build', { projects: ['tools'], target: 'k6' }],
        options: { command: `${s.verifyScaling ? RUN_THEN_VERIFY : RUN_SUITE} ${suite}` },
        cache: false,
        metadata: {
          description: `k6 suite ${suite}: ${s.description}${s.verifyScaling ? ' (then the scaling verdict, with --prometheus)' : ''}`,
        },
      },
    ]),
  );
}
