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
   * `missing(key)`. Returns the promises of all requested keys.
   */
  batch(keys: Iterable<K>, size: number, load: (keys: K[]) => Promise<Map<K, V>>, missing: (key: K) => V | Promise<V>): Map<K, Promise<V>> {
    const wanted = [...new Set(keys)];
    const todo = wanted.filter((key) => !this.entries.has(key));
    for (let i = 0; i < todo.length; i += size) {
      const chunk = todo.slice(i, i + size);
      const loaded = load(chunk);
      for (const key of chunk) {
        this.entries.set(
          key,
          loaded.then((found) => (found.has(key) ? (found.get(key) as V) : missing(key))),
        );
      }
    }
    return new Map(wanted.map((key) => [key, this.entries.get(key) as Promise<V>]));
  }
}
