/** Every piece of evidence is fetched once per audit, however many deployments share it. */
export class Memo<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * Loads the missing keys in batches of `size` with one request each; a key the batch did not return resolves to
   * `missing(key)`. A batch that fails in a way `split` says one member may cause (a 403 for one of fifty) is split in
   * halves until the failing members are isolated: the others keep a batched answer. Returns the promises of all
   * requested keys.
   */
  batch(
    keys: Iterable<K>,
    size: number,
    load: (keys: K[]) => Promise<Map<K, V>>,
    missing: (key: K) => V | Promise<V>,
    split?: (error: unknown) => boolean,
  ): Map<K, Promise<V>> {
    const wanted = [...new Set(keys)];
    const todo = wanted.filter((key) => !this.entries.has(key));
    for (let i = 0; i < todo.length; i += size) {
      for (const [key, value] of loadChunk(todo.slice(i, i + size), load, missing, split)) this.entries.set(key, value);
    }
    return new Map(wanted.map((key) => [key, this.entries.get(key) as Promise<V>]));
  }
}

function loadChunk<K, V>(
  chunk: K[],
  load: (keys: K[]) => Promise<Map<K, V>>,
  missing: (key: K) => V | Promise<V>,
  split: ((error: unknown) => boolean) | undefined,
): Map<K, Promise<V>> {
  const loaded = load(chunk);
  let halves: Map<K, Promise<V>> | null = null;
  const inHalves = () => {
    if (!halves) {
      const middle = Math.ceil(chunk.length / 2);
      halves = new Map([...loadChunk(chunk.slice(0, middle), load, missing, split), ...loadChunk(chunk.slice(middle), load, missing, split)]);
    }
    return halves;
  };
  return new Map(
    chunk.map((key) => [
      key,
      loaded.then(
        (found) => (found.has(key) ? (found.get(key) as V) : missing(key)),
        (error: unknown) => {
          if (chunk.length > 1 && split?.(error)) return inHalves().get(key)!;
          throw error;
        },
      ),
    ]),
  );
}
