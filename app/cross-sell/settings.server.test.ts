import { describe, expect, it } from "vitest";
import { cachedCrossSellConfig, invalidateCrossSellConfig } from "./settings.server";

describe("cachedCrossSellConfig", () => {
  it("loads once per shop for a few seconds, and again after a save or when stale", async () => {
    let loads = 0;
    const load = async () => ++loads;
    const shop = `cache-test-${Math.random()}`;
    expect(await cachedCrossSellConfig(shop, load, 1_000)).toBe(1);
    expect(await cachedCrossSellConfig(shop, load, 2_000)).toBe(1);
    expect(await cachedCrossSellConfig(`${shop}-other`, load, 2_000)).toBe(2);
    invalidateCrossSellConfig(shop);
    expect(await cachedCrossSellConfig(shop, load, 2_500)).toBe(3);
    expect(await cachedCrossSellConfig(shop, load, 20_000)).toBe(4);
  });

  it("does not keep a failed load", async () => {
    const shop = `cache-fail-${Math.random()}`;
    await expect(cachedCrossSellConfig(shop, () => Promise.reject(new Error("down")), 1_000)).rejects.toThrow("down");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cachedCrossSellConfig(shop, async () => "ok", 1_001)).toBe("ok");
  });
});
