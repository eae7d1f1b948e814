import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopMetrics } from "../../app/insights/metrics.server";
import { recomputeInsights } from "../../app/insights/scores.server";
import { SEGMENTS, segmentSlug, segmentTag, type Segment } from "../../app/insights/rfm";
import { adminFetch, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, type Stack } from "../support/stack";

// The insights pages through real HTTP on the seeded sandbox shop (~7,000 orders imported by the
// history import): the dashboard's data, a segment's page and search, the CSV export (never another
// shop's rows) and the tag sync reaching the sandbox's customers.
const OTHER = "someone-else.myshopify.com";
let stack: Stack;

const dataUrl = (path: string, routeId: string) => `${stack.app.url}${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
const get = (url: string) => adminFetch(url, { bearer: sessionToken(stack) });

async function biggestSegment(): Promise<{ segment: Segment; members: number }> {
  const groups = await stack.db.customerScore.groupBy({ by: ["segment"], where: { shop: stack.shop }, _count: { _all: true } });
  const top = groups.sort((a, b) => b._count._all - a._count._all)[0];
  return { segment: top.segment as Segment, members: top._count._all };
}

beforeAll(async () => {
  stack = await startStack();
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: imports the history
  await eventually(async () => (await stack.db.historyImport.findUnique({ where: { shop: stack.shop } }))?.stage === "done", "the history import", 180_000);
  // The import's end queues the full recompute.
  await eventually(() => stack.db.customerScoreBoundaries.findUnique({ where: { shop: stack.shop } }), "the first RFM recompute", 60_000);
}, 260_000);
afterAll(async () => {
  await stack?.stop();
});

describe("the dashboard", () => {
  it("serves KPIs, charts' data and segment counts that match the database, from stored figures", async () => {
    const orders = await stack.db.order.count({ where: { shop: stack.shop } });
    const timings: number[] = [];
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const response = await get(dataUrl("/app?days=365", "routes/app._index"));
      expect(response.status).toBe(200);
      body = (await response.json()) as Record<string, unknown>;
      timings.push(performance.now() - started);
    }
    const snapshot = body.snapshot as { current: { orders: number; repeatPurchaseRate: number | null }; cohorts: unknown[]; retention: unknown[] };
    expect(snapshot.current.orders).toBeGreaterThan(0);
    expect(snapshot.current.repeatPurchaseRate).not.toBeNull();
    expect(snapshot.cohorts.length).toBeGreaterThan(0);
    expect(snapshot.retention.length).toBeGreaterThan(0);
    const groups = await stack.db.customerScore.groupBy({ by: ["segment"], where: { shop: stack.shop }, _count: { _all: true } });
    const counts = (body.counts as { segments: Record<string, number> }).segments;
    for (const segment of SEGMENTS) expect(counts[segment]).toBe(groups.find((g) => g.segment === segment)?._count._all ?? 0);

    // The figures the stored snapshot replaces, computed on the fly, for the report.
    const onTheFly = performance.now();
    await shopMetrics(stack.db, stack.shop, { from: new Date(Date.now() - 365 * 86_400_000), to: new Date() });
    const onTheFlyMs = performance.now() - onTheFly;
    const recompute = performance.now();
    const recomputed = await recomputeInsights(stack.db, stack.shop);
    const recomputeMs = performance.now() - recompute;
    timings.sort((a, b) => a - b);
    console.log(
      `insights timings (${orders} orders, ${recomputed.customers} customers): dashboard data request median ${timings[2].toFixed(0)} ms ` +
        `(min ${timings[0].toFixed(0)}, max ${timings[4].toFixed(0)}); on-the-fly shopMetrics ${onTheFlyMs.toFixed(0)} ms; full recompute ${recomputeMs.toFixed(0)} ms`,
    );
  });

  it("without stored figures shows what is coming and queues the recompute that brings them", async () => {
    await stack.db.insightsSnapshot.deleteMany({ where: { shop: stack.shop } });
    const response = await adminFetch(embeddedAppUrl(stack)); // the default range: 30 days
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Encore is computing your figures");
    expect(html).toContain("What will appear");
    await eventually(() => stack.db.insightsSnapshot.findUnique({ where: { shop_days: { shop: stack.shop, days: 30 } } }), "the recompute the page queued", 60_000);
    const body = (await (await get(dataUrl("/app", "routes/app._index"))).json()) as { snapshot: { days: number } | null; stale: boolean };
    expect(body.snapshot?.days).toBe(30);
    expect(body.stale).toBe(false);
  });

  it("explains a bad range with a 400", async () => {
    const response = await get(dataUrl("/app?days=7", "routes/app._index"));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("30, 90 or 365");
  });
});

describe("segment pages", () => {
  beforeAll(async () => {
    // Another shop with a customer in every segment, sharing an email with nobody here.
    for (const segment of SEGMENTS) {
      const id = `other-${segmentSlug(segment)}`;
      const now = new Date();
      await stack.db.customerScore.create({
        data: { shop: OTHER, customerId: id, r: 3, f: 3, m: 3, segment, activity: "active", orderCount: 1, netCents: 100, firstOrderAt: now, lastOrderAt: now, computedAt: now },
      });
      await stack.db.customer.create({ data: { shop: OTHER, id, firstName: "Other", lastName: "Shop", email: `${id}@other-shop.example` } });
    }
  });

  it("list a segment's customers, paginated, and find one by email or name", async () => {
    const { segment, members } = await biggestSegment();
    const route = "routes/app.segments.$segment";
    const response = await get(dataUrl(`/app/segments/${segmentSlug(segment)}`, route));
    expect(response.status).toBe(200);
    const page = (await response.json()) as { total: number; pageCount: number; members: { customerId: string; email: string | null; firstName: string | null }[] };
    expect(page.total).toBe(members);
    expect(page.members.length).toBe(Math.min(25, members));
    expect(page.members.some((m) => m.customerId.startsWith("other-"))).toBe(false);

    const someone = page.members.find((m) => m.email)!;
    const byEmail = (await (await get(dataUrl(`/app/segments/${segmentSlug(segment)}?search=${encodeURIComponent(someone.email!.toUpperCase())}`, route))).json()) as typeof page;
    expect(byEmail.members.map((m) => m.customerId)).toContain(someone.customerId);
    expect(byEmail.total).toBeLessThan(members);
    const otherShop = (await (await get(dataUrl(`/app/segments/${segmentSlug(segment)}?search=other-shop.example`, route))).json()) as typeof page;
    expect(otherShop.total).toBe(0);

    expect((await get(dataUrl("/app/segments/nobody", route))).status).toBe(404);
    expect((await get(dataUrl(`/app/segments/${segmentSlug(segment)}?page=0`, route))).status).toBe(400);
  });

  it("export the segment as CSV with a header row, escaping, and never another shop's customers", async () => {
    const { segment, members } = await biggestSegment();
    const response = await get(`${stack.app.url}/app/segments/${segmentSlug(segment)}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="encore-${segmentSlug(segment)}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("customer_id,first_name,last_name,email,segment,")).toBe(true);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines.length).toBe(members + 1);
    expect(text).not.toContain("other-shop.example");
    const ids = new Set(lines.slice(1).map((line) => line.split(",")[0]));
    const stored = await stack.db.customerScore.findMany({ where: { shop: stack.shop, segment }, select: { customerId: true } });
    expect(ids).toEqual(new Set(stored.map((row) => row.customerId)));
  });

  it("sync membership to a customer tag in Shopify, and untag a customer who left", async () => {
    const segment: Segment = "Champions";
    const slug = segmentSlug(segment);
    const tag = segmentTag(segment);
    const store = stack.sandbox.context.store;
    const post = () =>
      adminFetch(dataUrl(`/app/segments/${slug}`, "routes/app.segments.$segment"), {
        method: "POST",
        bearer: sessionToken(stack),
        body: new URLSearchParams({ intent: "sync-tag" }),
      });
    expect((await post()).status).toBe(200);
    const first = await eventually(async () => {
      const sync = await stack.db.segmentTagSync.findUnique({ where: { shop_segment: { shop: stack.shop, segment } } });
      return sync?.status === "done" ? sync : null;
    }, "the tag sync", 60_000);
    const champions = await stack.db.customerScore.findMany({ where: { shop: stack.shop, segment }, select: { customerId: true } });
    expect(first.added + first.failed).toBe(champions.length);
    const tagged = champions.filter((c) => store.customer(Number(c.customerId))?.tags.includes(tag));
    expect(tagged.length).toBe(first.added);
    expect(first.added).toBeGreaterThan(0);

    // One champion drops out of the segment (as a recompute would do): the next sync untags them.
    const leaver = tagged[0].customerId;
    await stack.db.customerScore.update({ where: { shop_customerId: { shop: stack.shop, customerId: leaver } }, data: { segment: "Loyal" } });
    expect((await post()).status).toBe(200);
    const second = await eventually(async () => {
      const sync = await stack.db.segmentTagSync.findUnique({ where: { shop_segment: { shop: stack.shop, segment } } });
      return sync?.status === "done" && sync.queuedAt > first.queuedAt ? sync : null;
    }, "the second tag sync", 60_000);
    expect(second).toMatchObject({ added: 0, removed: 1 });
    expect(store.customer(Number(leaver))?.tags).not.toContain(tag);
    expect(store.customer(Number(tagged[1]?.customerId ?? tagged[0].customerId))?.tags.includes(tag)).toBe(tagged.length > 1);

    const bad = await adminFetch(dataUrl(`/app/segments/${slug}`, "routes/app.segments.$segment"), {
      method: "POST",
      bearer: sessionToken(stack),
      body: new URLSearchParams({ intent: "delete-everyone" }),
    });
    expect(bad.status).toBe(400);
  });
});
