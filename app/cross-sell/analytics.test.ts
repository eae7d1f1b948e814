import { describe, expect, it } from "vitest";
import {
  attributeOrder,
  compareHoldout,
  fnv1a32,
  parseEventBatch,
  periodDays,
  rates,
  rollUpBatch,
  visitorGroup,
  MAX_EVENT_BODY_BYTES,
  type AttributableOrder,
} from "./analytics";

describe("parseEventBatch (contract 3)", () => {
  const good = { visitor: "abcdefgh12", group: "shown", events: [{ type: "impression", block: "fbt", anchor: "100", product: "110", source: "bought-together" }] };

  it("accepts a valid batch, also as the text/plain body sendBeacon sends", () => {
    const parsed = parseEventBatch(JSON.stringify(good));
    expect(parsed).toEqual({ ok: true, batch: good });
    expect(parseEventBatch(JSON.stringify({ ...good, events: [{ type: "click", block: "cart", source: "rule:ck12" }] })).ok).toBe(true);
  });

  it.each([
    ["not JSON", "{nope", /not valid JSON/],
    ["a short visitor", JSON.stringify({ ...good, visitor: "abc" }), /visitor must be 8-64/],
    ["a visitor with odd characters", JSON.stringify({ ...good, visitor: "abcdefgh<script>" }), /visitor must be/],
    ["an unknown group", JSON.stringify({ ...good, group: "control" }), /group must be "shown" or "holdout"/],
    ["no events", JSON.stringify({ ...good, events: [] }), /1 to 50 events/],
    ["51 events", JSON.stringify({ ...good, events: Array(51).fill(good.events[0]) }), /1 to 50 events/],
    ["an unknown type", JSON.stringify({ ...good, events: [{ type: "purchase", block: "fbt" }] }), /events\.0\.type: type must be/],
    ["a non-numeric product", JSON.stringify({ ...good, events: [{ type: "click", block: "fbt", product: "gid://x" }] }), /numeric/],
    ["a too large body", " ".repeat(MAX_EVENT_BODY_BYTES + 1), /larger than/],
  ])("refuses %s with a message", (_case, body, message) => {
    const parsed = parseEventBatch(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe("holdout bucket", () => {
  it("is FNV-1a 32-bit (reference values)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("puts about holdoutPercent of visitors in the holdout, deterministically", () => {
    const visitors = Array.from({ length: 20_000 }, (_, i) => `visitor-${i.toString(36).padStart(6, "0")}`);
    const held = visitors.filter((v) => visitorGroup(v, 10) === "holdout").length / visitors.length;
    expect(held).toBeGreaterThan(0.09);
    expect(held).toBeLessThan(0.11);
    expect(visitors.every((v) => visitorGroup(v, 0) === "shown")).toBe(true);
    expect(visitorGroup("abcdefgh12", 5)).toBe(visitorGroup("abcdefgh12", 5));
    // The boundary: hash % 100 < percent.
    const v = visitors[0];
    expect(visitorGroup(v, fnv1a32(v) % 100)).toBe("shown");
    expect(visitorGroup(v, (fnv1a32(v) % 100) + 1)).toBe("holdout");
  });
});

describe("rollUpBatch", () => {
  it("counts events per (block, anchor, product, source, type) with empty strings for what is absent", () => {
    const counters = rollUpBatch({
      visitor: "abcdefgh12",
      group: "holdout",
      events: [
        { type: "impression", block: "fbt", anchor: "1", product: "2", source: "bought-together" },
        { type: "impression", block: "fbt", anchor: "1", product: "2", source: "bought-together" },
        { type: "impression", block: "fbt", anchor: "1", product: "3" },
        { type: "click", block: "cart" },
      ],
    });
    expect(counters).toEqual([
      { block: "fbt", anchorId: "1", productId: "2", source: "bought-together", type: "impression", visitorGroup: "holdout", count: 2 },
      { block: "fbt", anchorId: "1", productId: "3", source: "", type: "impression", visitorGroup: "holdout", count: 1 },
      { block: "cart", anchorId: "", productId: "", source: "", type: "click", visitorGroup: "holdout", count: 1 },
    ]);
  });
});

describe("attributeOrder", () => {
  const order = (patch: Partial<AttributableOrder> = {}): AttributableOrder => ({
    processedAt: new Date("2026-11-20T23:30:00Z"),
    cancelledAt: null,
    currencyCode: "USD",
    totalCents: 9000,
    attributes: { _encore_group: "shown" },
    lines: [
      { id: "L1", productId: "100", quantity: 1, unitPriceCents: 4000, discountCents: 0, properties: {} },
      { id: "L2", productId: "110", quantity: 2, unitPriceCents: 2000, discountCents: 500, properties: { _encore_source: "fbt", _encore_anchor: "100", _encore_reason: "bought-together" } },
      { id: "L3", productId: "120", quantity: 1, unitPriceCents: 1500, discountCents: 0, properties: { _encore_source: "cart", _encore_anchor: "100" } },
    ],
    refunds: [],
    ...patch,
  });

  it("attributes Encore lines at their total after line discounts, with the order's group", () => {
    expect(attributeOrder(order())).toEqual({
      day: "2026-11-20",
      visitorGroup: "shown",
      currencyCode: "USD",
      orderNetCents: 9000,
      attributedCents: 3500 + 1500,
      lines: [
        { lineId: "L2", block: "fbt", anchorId: "100", productId: "110", source: "bought-together", quantity: 2, revenueCents: 3500 },
        { lineId: "L3", block: "cart", anchorId: "100", productId: "120", source: "", quantity: 1, revenueCents: 1500 },
      ],
    });
  });

  it("nets refunds per line and for the whole order", () => {
    const refunded = attributeOrder(
      order({
        refunds: [
          { amountCents: 1750, lines: [{ lineId: "L2", quantity: 1, subtotalCents: 1750 }] },
          { amountCents: 4000, lines: [{ lineId: "L1", quantity: 1, subtotalCents: 4000 }] },
        ],
      }),
    )!;
    expect(refunded.attributedCents).toBe(1750 + 1500);
    expect(refunded.lines[0]).toMatchObject({ lineId: "L2", quantity: 1, revenueCents: 1750 });
    expect(refunded.orderNetCents).toBe(9000 - 5750);
  });

  it("gives nothing for a cancelled order or one without Encore lines and group", () => {
    expect(attributeOrder(order({ cancelledAt: new Date() }))).toBeNull();
    expect(attributeOrder(order({ attributes: {}, lines: [order().lines[0]] }))).toBeNull();
    // A holdout order without Encore lines still counts for the comparison.
    expect(attributeOrder(order({ attributes: { _encore_group: "holdout" }, lines: [order().lines[0]] }))).toMatchObject({
      visitorGroup: "holdout",
      attributedCents: 0,
      orderNetCents: 9000,
    });
    expect(attributeOrder(order({ attributes: { _encore_group: "other" } }))!.visitorGroup).toBeNull();
  });
});

describe("compareHoldout", () => {
  it("computes incremental revenue as the per-visitor difference times shown visitors", () => {
    const result = compareHoldout({ visitors: 1000, orders: 50, revenueCents: 500_000 }, { visitors: 250, orders: 10, revenueCents: 100_000 });
    expect(result.shown.revenuePerVisitorCents).toBe(500);
    expect(result.holdout.revenuePerVisitorCents).toBe(400);
    expect(result.incrementalRevenueCents).toBe(100 * 1000);
    expect(result.conclusive).toBe(true);
  });

  it("says when the holdout is too small, and gives no figure without visitors in both groups", () => {
    expect(compareHoldout({ visitors: 1000, orders: 50, revenueCents: 1 }, { visitors: 20, orders: 1, revenueCents: 0 }).conclusive).toBe(false);
    expect(compareHoldout({ visitors: 10, orders: 1, revenueCents: 100 }, { visitors: 0, orders: 0, revenueCents: 0 }).incrementalRevenueCents).toBeNull();
  });
});

describe("rates and periods", () => {
  it("divides by impressions, null without any", () => {
    expect(rates({ impressions: 200, clicks: 10, addToCarts: 4 })).toEqual({ ctr: 0.05, addToCartRate: 0.02 });
    expect(rates({ impressions: 0, clicks: 0, addToCarts: 0 })).toEqual({ ctr: null, addToCartRate: null });
  });

  it("lists the UTC days of a period ending today", () => {
    expect(periodDays(3, new Date("2026-03-01T01:00:00Z"))).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(periodDays(90, new Date())).toHaveLength(90);
  });
});
