import { describe, expect, it } from "vitest";
import { clickUrl, feedbackUrl, isAllowedTarget, netPromoterScore, trackLinks, verifyClick, verifyFeedback } from "./message-links";

const secret = "test-secret";
const shop = "demo.myshopify.com";
const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe("click links", () => {
  it("verifies its own signature and nothing else", () => {
    const url = clickUrl("https://app.example", "msg1", "https://demo.myshopify.com/products/a?x=1&y=2", secret);
    expect(url.startsWith("https://app.example/email/click?")).toBe(true);
    expect(verifyClick(params(url), secret)).toEqual({ messageId: "msg1", target: "https://demo.myshopify.com/products/a?x=1&y=2" });
    expect(verifyClick({ ...params(url), u: "https://evil.example/" }, secret)).toBeNull();
    expect(verifyClick({ ...params(url), m: "msg2" }, secret)).toBeNull();
    expect(verifyClick(params(url), "other-secret")).toBeNull();
    expect(verifyClick({ ...params(url), s: "" }, secret)).toBeNull();
  });

  it("allows only http(s) targets on the shop's domain", () => {
    expect(isAllowedTarget("https://demo.myshopify.com/discount/X", shop)).toBe(true);
    expect(isAllowedTarget("http://demo.myshopify.com/", shop)).toBe(true);
    expect(isAllowedTarget("https://demo.myshopify.com.evil.example/", shop)).toBe(false);
    expect(isAllowedTarget("https://evil.example/?demo.myshopify.com", shop)).toBe(false);
    expect(isAllowedTarget("javascript:alert(1)//demo.myshopify.com", shop)).toBe(false);
    expect(isAllowedTarget("https://user@demo.myshopify.com/", shop)).toBe(false);
    expect(isAllowedTarget("not a url", shop)).toBe(false);
  });

  it("rewrites storefront links only, keeping entities right", () => {
    const html = '<a href="https://demo.myshopify.com/cart/1:2?a=1&amp;b=2">Cart</a> <a href="https://app.example/email/unsubscribe?token=t">Unsubscribe</a>';
    const out = trackLinks(html, { appUrl: "https://app.example", messageId: "m1", shop, secret });
    const href = /href="([^"]*)"/.exec(out)![1].replace(/&amp;/g, "&");
    expect(verifyClick(params(href), secret)?.target).toBe("https://demo.myshopify.com/cart/1:2?a=1&b=2");
    expect(out).toContain('<a href="https://app.example/email/unsubscribe?token=t">Unsubscribe</a>');
  });
});

describe("feedback links", () => {
  it("signs the score: changing it breaks the link", () => {
    const url = feedbackUrl("https://app.example", "msg1", 9, secret);
    expect(verifyFeedback(params(url), secret)).toEqual({ messageId: "msg1", score: 9 });
    expect(verifyFeedback({ ...params(url), score: "10" }, secret)).toBeNull();
    expect(verifyFeedback({ ...params(url), score: "09" }, secret)).toBeNull();
  });
});

describe("netPromoterScore", () => {
  it("is promoters minus detractors as a percentage of answers", () => {
    expect(netPromoterScore([])).toEqual({ answers: 0, promoters: 0, detractors: 0, nps: null });
    expect(netPromoterScore([10, 9, 8, 7, 6, 1])).toEqual({ answers: 6, promoters: 2, detractors: 2, nps: 0 });
    expect(netPromoterScore([10, 10, 9, 3])).toMatchObject({ nps: 50 });
    expect(netPromoterScore([1, 2, 7])).toMatchObject({ nps: -67 });
    expect(netPromoterScore([7, 8])).toMatchObject({ nps: 0 });
  });
});
