/** What the load-tests e2e specs share beyond @loadlab/e2e-fixtures. */
export const seconds = (r: { startedAt: Date; endedAt: Date }) =>
  ((r.endedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1);
