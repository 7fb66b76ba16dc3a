/**
 * Deterministic random strings for synthetic secrets: every run tests the same values, none of them real.
 */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `from(chars)(n)`: n characters drawn from `chars` with the given generator. */
export function stringsFrom(random: () => number): (chars: string) => (n: number) => string {
  return (chars) => (n) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
}
