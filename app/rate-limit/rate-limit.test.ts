import { describe, expect, it } from "vitest";
import { MemoryWindows, secondsToNextMinute, shopperKey } from "./rate-limit";

describe("shopperKey", () => {
  it("is the signed customer when logged in, whatever the forwarded address", () => {
    expect(shopperKey("a.myshopify.com", "42", "1.2.3.4")).toBe("shopper:a.myshopify.com:c42");
  });
  it("is the address Shopify appended (rightmost), not one the client put to its left", () => {
    expect(shopperKey("a.myshopify.com", null, "6.6.6.6, 1.2.3.4")).toBe("shopper:a.myshopify.com:ip1.2.3.4");
    expect(shopperKey("a.myshopify.com", null, "2001:db8::1")).toBe("shopper:a.myshopify.com:ip2001:db8::1");
  });
  it("skips the app's own load balancers' addresses", () => {
    expect(shopperKey("a.myshopify.com", null, "1.2.3.4, 10.0.0.1", 1)).toBe("shopper:a.myshopify.com:ip1.2.3.4");
  });
  it("is null without a customer or a plausible address", () => {
    expect(shopperKey("a.myshopify.com", null, null)).toBeNull();
    expect(shopperKey("a.myshopify.com", "", "")).toBeNull();
    expect(shopperKey("a.myshopify.com", "x' OR 1=1", "not an address")).toBeNull();
    expect(shopperKey("a.myshopify.com", null, "1.2.3.4", 1)).toBeNull();
  });
});

describe("MemoryWindows", () => {
  it("allows `limit` per key per minute, then refuses until the next minute", () => {
    const windows = new MemoryWindows();
    const t = new Date("2026-11-23T06:00:10Z");
    expect([1, 2, 3, 4].map(() => windows.take("k", 3, t))).toEqual([true, true, true, false]);
    expect(windows.take("other", 3, t)).toBe(true);
    expect(windows.take("k", 3, new Date("2026-11-23T06:01:00Z"))).toBe(true);
  });
  it("stops counting new keys past its size bound instead of growing", () => {
    const windows = new MemoryWindows(2);
    const t = new Date("2026-11-23T06:00:10Z");
    windows.take("a", 1, t);
    windows.take("b", 1, t);
    expect(windows.take("c", 1, t)).toBe(true);
    expect(windows.take("c", 1, t)).toBe(true);
    expect(windows.take("a", 1, t)).toBe(false);
  });
});

describe("secondsToNextMinute", () => {
  it("is what is left of the minute, 1 to 60", () => {
    expect(secondsToNextMinute(new Date("2026-11-23T06:00:10.200Z"))).toBe(50);
    expect(secondsToNextMinute(new Date("2026-11-23T06:00:59.999Z"))).toBe(1);
    expect(secondsToNextMinute(new Date("2026-11-23T06:00:00Z"))).toBe(60);
  });
});
