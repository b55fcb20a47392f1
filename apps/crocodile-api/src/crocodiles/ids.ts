/**
 * Ids are never reused. json-server's own createId is max(id) + 1, so deleting
 * the newest record hands its id to the next one, and a client still holding
 * that id would reach a different crocodile. Ids here come from a high-water mark
 * that only rises (seeded from the data at startup, raised by client-chosen ids).
 */
export function idAllocator(existing: () => readonly { id?: unknown }[]) {
  let high: number | undefined;
  const seen = () => {
    high ??= Math.max(0, ...existing().map((c) => (typeof c.id === 'number' ? c.id : 0)));
    return high;
  };
  return {
    next: () => (high = seen() + 1),
    observe: (id: unknown) => {
      if (typeof id === 'number') high = Math.max(seen(), id);
    },
  };
}
