/**
 * Yielding to the event loop in long loops, so that a browser page paints and answers input between slices of work
 * (the engine runs on the hub's page); in Node it costs next to nothing.
 */

/** Lets the event loop run before going on. */
export const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A pause at most once every `budgetMs` of work: a loop of any length stays a series of short tasks. */
export function breather(budgetMs = 25): () => Promise<void> {
  let since = Date.now();
  return async () => {
    if (Date.now() - since < budgetMs) return;
    await pause();
    since = Date.now();
  };
}
