// mulberry32: a small deterministic PRNG, the same sequence on every platform. Shared by the generators of
// the bench tree (scripts/bench/genRepo.mjs) and the labelled corpora (test/fixtures/*/generate.mjs), whose
// committed output depends on it staying exactly this.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
