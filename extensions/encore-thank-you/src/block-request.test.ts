import { describe, expect, it } from "vitest";
import { formatPrice, requestThankYouBlock, type BlockApi, type ThankYouBlock } from "./block-request";

const block = (changes: Partial<ThankYouBlock> = {}): ThankYouBlock => ({
  orderName: "#1001",
  code: { code: "THANKS-ABCDEFGH", percent: 10, expiresAt: "2026-12-23T10:00:00.000Z", applyUrl: "/discount/THANKS-ABCDEFGH" },
  codePending: false,
  recommendations: [],
  loyalty: null,
  ...changes,
});

function api(orderId: string | null): BlockApi & { tokens: number } {
  const state = {
    tokens: 0,
    sessionToken: { get: async () => `token-${++state.tokens}` },
    orderConfirmation: { value: orderId ? { order: { id: orderId }, number: "ABC123" } : undefined },
  };
  return state;
}

function recordingFetch(answers: { status: number; body: unknown }[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe("requestThankYouBlock", () => {
  it("posts the order id to Encore with the session token", async () => {
    const { calls, fetchImpl } = recordingFetch([{ status: 200, body: block() }]);
    const answer = await requestThankYouBlock(api("gid://shopify/Order/42"), { appUrl: "https://encore.example/", fetch: fetchImpl });
    expect(answer).toEqual(block());
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://encore.example/api/checkout/thank-you");
    expect(calls[0].init.method).toBe("POST");
    expect(new Headers(calls[0].init.headers).get("Authorization")).toBe("Bearer token-1");
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ orderId: "gid://shopify/Order/42" });
  });

  it("asks once more, with a fresh token, while the code is still being made", async () => {
    const { calls, fetchImpl } = recordingFetch([
      { status: 200, body: block({ code: null, codePending: true }) },
      { status: 200, body: block() },
    ]);
    const waits: number[] = [];
    const answer = await requestThankYouBlock(api("gid://shopify/Order/42"), { appUrl: "https://encore.example", fetch: fetchImpl, sleep: async (ms) => void waits.push(ms) });
    expect(answer?.code?.code).toBe("THANKS-ABCDEFGH");
    expect(waits).toEqual([1500]);
    expect(calls.map((c) => new Headers(c.init.headers).get("Authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("shows nothing without an order or when Encore refuses", async () => {
    const { calls, fetchImpl } = recordingFetch([{ status: 401, body: { message: "no" } }]);
    expect(await requestThankYouBlock(api(null), { appUrl: "https://encore.example", fetch: fetchImpl })).toBeNull();
    expect(calls).toHaveLength(0);
    expect(await requestThankYouBlock(api("gid://shopify/Order/1"), { appUrl: "https://encore.example", fetch: fetchImpl })).toBeNull();
  });
});

describe("formatPrice", () => {
  it("formats minor units in the currency", () => {
    expect(formatPrice(1250, "USD")).toBe("$12.50");
    expect(formatPrice(1000, "JPY")).toBe("¥1,000");
  });
});
