import { describe, expect, it } from "vitest";
import { cachedStorefrontAnswer } from "./storefront-cache.server";
import { cachedCrossSellConfig, invalidateCrossSellConfig } from "./settings.server";

describe("cachedCrossSellConfig", () => {
  it("loads once per shop, and again after a save (which also drops the shop's storefront answers)", async () => {
    let loads = 0;
    const load = async () => ++loads;
    const shop = `cache-test-${Math.random()}`;
    expect(await cachedCrossSellConfig(shop, load)).toBe(1);
    expect(await cachedCrossSellConfig(shop, load)).toBe(1);
    expect(await cachedCrossSellConfig(`${shop}-other`, load)).toBe(2);
    let answers = 0;
    const answer = async () => ++answers;
    await cachedStorefrontAnswer(shop, "recommendations|1", answer);
    invalidateCrossSellConfig(shop);
    expect(await cachedCrossSellConfig(shop, load)).toBe(3);
    expect(await cachedStorefrontAnswer(shop, "recommendations|1", answer)).toBe(2);
  });
});
