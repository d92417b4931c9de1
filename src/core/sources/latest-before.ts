/**
 * The latest success before a moment, per pipeline or stage: what pairs each deployment with its previous one. The
 * successes of each key are kept in start order and searched by halves, because an audit of 20,000 deployments asks
 * once per deployment, and a scan of every deployment each time would be 400 million steps.
 */

/** The latest item of `key` that started before `before` and not before `oldest`; null when there is none. */
export type LatestBefore<K, T> = (key: K, before: number, oldest: number) => T | null;

export function latestBeforeIndex<K, T>(
  items: Iterable<T>,
  keyOf: (item: T) => K,
  /** The item's start (ms), or NaN when it did not start: such items are left out. */
  startOf: (item: T) => number,
  /** Among items that started at the same moment, the greater one is the latest. */
  tie: (a: T, b: T) => number,
): LatestBefore<K, T> {
  const byKey = new Map<K, Array<{ start: number; item: T }>>();
  for (const item of items) {
    const start = startOf(item);
    if (Number.isNaN(start)) continue;
    const list = byKey.get(keyOf(item)) ?? [];
    list.push({ start, item });
    byKey.set(keyOf(item), list);
  }
  for (const list of byKey.values()) list.sort((a, b) => a.start - b.start || tie(a.item, b.item));
  return (key, before, oldest) => {
    const list = byKey.get(key);
    if (!list) return null;
    // The first entry that started at or after `before`; the one ahead of it is the latest that started earlier.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle].start < before) low = middle + 1;
      else high = middle;
    }
    const found = list[low - 1];
    return found && found.start >= oldest ? found.item : null;
  };
}
