/**
 * A seeded pseudo-random number generator (mulberry32). The demo shop must come out byte-identical
 * for the same seed, so the seed code never touches Math.random. Only +, *, and integer bit
 * operations are used here, which give the same results on every platform.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A new generator seeded from this one, so one part of the shop can draw without shifting another. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Roughly bell-shaped around `center` (sum of two uniforms): stays within center ± spread. */
  around(center: number, spread: number): number {
    return center + (this.next() + this.next() - 1) * spread;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Random.pick on an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    if (items.length === 0 || total <= 0) throw new Error("Random.weighted needs a positive total weight");
    let roll = this.next() * total;
    for (const item of items) {
      roll -= weightOf(item);
      if (roll < 0) return item;
    }
    return items[items.length - 1];
  }
}
