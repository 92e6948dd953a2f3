/**
 * Remembers a pure function's answers by input text. Imports repeat the same few dates, counts
 * and codes thousands of times, and answering from a map spares the regular expressions and the
 * garbage. Answers must not be mutated by callers. Starts afresh past `limit` entries, since a
 * long-running app keeps meeting new inputs.
 */
export function memoise<T>(fn: (text: string) => T, limit = 50_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const answer = fn(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, answer);
    return answer;
  };
}
