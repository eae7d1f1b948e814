import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("TtlCache", () => {
  it("answers from the cache until the entry expires", async () => {
    const time = clock();
    const cache = new TtlCache<number>({ maxEntries: 10, ttlMs: 100, now: time.now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad("a", load)).toBe(1);
    time.advance(99);
    expect(await cache.getOrLoad("a", load)).toBe(1);
    time.advance(1);
    expect(await cache.getOrLoad("a", load)).toBe(2);
  });

  it("shares one load between concurrent misses and does not cache failures", async () => {
    const cache = new TtlCache<string>({ maxEntries: 10, ttlMs: 1_000 });
    let loads = 0;
    let release!: (value: string) => void;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const both = Promise.all([cache.getOrLoad("k", load), cache.getOrLoad("k", load)]);
    release("v");
    expect(await both).toEqual(["v", "v"]);
    expect(loads).toBe(1);

    await expect(cache.getOrLoad("bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.getOrLoad("bad", async () => "recovered")).toBe("recovered");
  });

  it("evicts the least recently written entry beyond maxEntries", () => {
    const cache = new TtlCache<number>({ maxEntries: 2, ttlMs: 1_000 });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 3); // rewritten: now the newest
    cache.set("c", 4);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(3);
    expect(cache.get("c")).toBe(4);
    expect(cache.size).toBe(2);
  });

  it("deletes the entries a predicate selects", () => {
    const cache = new TtlCache<number>({ maxEntries: 10, ttlMs: 1_000 });
    cache.set("shop-a|1", 1);
    cache.set("shop-a|2", 2);
    cache.set("shop-b|1", 3);
    cache.deleteWhere((key) => key.startsWith("shop-a|"));
    expect([cache.get("shop-a|1"), cache.get("shop-a|2"), cache.get("shop-b|1")]).toEqual([undefined, undefined, 3]);
  });
});
