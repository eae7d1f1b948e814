// Reliability scenario 7 (docs/reliability.md): two shops on one database. Shop A is installed
// through the sandbox; shop B's data (a customer, loyalty points, a reward and a redemption, a
// cross-sell rule, a flow, a data export) is written straight into the same database, as another
// installed shop's would be. Then, for every admin route and every proxy route read from
// app/routes, requests authenticated for shop A name B's ids (in the path, in forms, in bodies,
// as the logged-in customer). No answer may carry B's data, and none of B's rows may change.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { extensionBody, extensionRoutes, extensionToken } from "../support/extension-requests";
import { routeFiles } from "../support/routes";
import { adminFetch, BROWSER_USER_AGENT, embeddedAppUrl, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, TEST_API_SECRET, type Stack } from "../support/stack";

const B = "tenant-b.myshopify.com";
const B_CUSTOMER = "990001";
const B_EMAIL = "tenant-b-secret@example.com";
const B_POINTS = 987_654;
const B_ORDER = "880001";
const B_REFERENCE = "b-secret-reference";
const SECRETS = [B_EMAIL, "B SECRET REWARD", "Tenantbee", String(B_POINTS), B, "#BSECRET1001"];

let stack: Stack;
let sql: pg.Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ databaseKind: "postgres", appEnv: { RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: "100000", RATE_LIMIT_SHOPPER_READS_PER_MINUTE: "100000" } });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200);
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "shop A's session");
  sql = new pg.Client({ connectionString: stack.database.url });
  await sql.connect();

  // Shop B, as its own install and activity would have left it.
  const db = stack.db;
  await db.shop.create({ data: { domain: B, name: "Tenantbee Store", email: "owner@tenant-b.example", currencyCode: "EUR" } });
  await db.customer.create({ data: { shop: B, id: B_CUSTOMER, email: B_EMAIL, firstName: "Tenantbee", lastName: "Secret" } });
  await db.loyaltyProgram.create({ data: { shop: B, enabled: true, pointsPerUnit: 1, pendingDays: 0 } });
  await db.loyaltyBalance.create({ data: { shop: B, customerId: B_CUSTOMER, available: B_POINTS } });
  ids.reward = (await db.loyaltyReward.create({ data: { shop: B, name: "B SECRET REWARD", pointsCost: 100, kind: "fixed_amount", value: 500 } })).id;
  ids.redemption = (
    await db.loyaltyRedemption.create({ data: { shop: B, customerId: B_CUSTOMER, rewardId: ids.reward, rewardName: "B SECRET REWARD", points: 100, requestId: randomUUID(), status: "issued", code: "BSECRET-CODE" } })
  ).id;
  ids.rule = (await db.crossSellRule.create({ data: { shop: B, kind: "pin", productId: "1", targetIds: JSON.stringify(["2"]) } })).id;
  const now = new Date();
  await db.order.create({ data: { shop: B, id: B_ORDER, name: "#BSECRET1001", customerId: B_CUSTOMER, email: B_EMAIL, currencyCode: "EUR", subtotalCents: 98_765, totalCents: 98_765, financialStatus: "PAID", processedAt: now, shopifyUpdatedAt: now } });
  ids.offer = randomUUID();
  await db.postPurchaseOffer.create({ data: { shop: B, id: ids.offer, referenceId: B_REFERENCE, productId: "1", variantId: "1", quantity: 1, unitPriceCents: 1000, discountPercent: 15, priceCents: 850, currencyCode: "EUR", shownAt: now } });
  ids.export = (await db.customerDataExport.create({ data: { shop: B, customerId: B_CUSTOMER, requestedAt: new Date(), payload: JSON.stringify({ email: B_EMAIL }) } })).id;
}, 180_000);
afterAll(async () => {
  await sql?.end();
  await stack?.stop();
});

/** Every row of shop B in every table with a shop column (read from the catalogue), as text. */
async function shopBRows(): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('shop', 'domain') AND table_name NOT LIKE 'sidequest%'`,
  );
  const snapshot: Record<string, string[]> = {};
  for (const { table_name, column_name } of tables) {
    const { rows } = await sql.query(`SELECT * FROM "${table_name}" WHERE "${column_name}" = $1`, [B]);
    snapshot[table_name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return snapshot;
}

/** B's data in an answer (its ids are not checked: an action may echo the id it was sent). */
const leaks = (body: string) => SECRETS.filter((secret) => body.includes(secret));

describe("tenant isolation through the routes", () => {
  it("control: shop A's session is served its own data (so the check below can tell)", async () => {
    await stack.db.loyaltyReward.create({ data: { shop: stack.shop, name: "A VISIBLE REWARD", pointsCost: 100, kind: "fixed_amount", value: 500 } });
    const response = await adminFetch(`${stack.app.url}/app/loyalty/rewards?_data=${encodeURIComponent("routes/app.loyalty_.rewards")}`, { bearer: sessionToken(stack) });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("A VISIBLE REWARD");
    expect(body).not.toContain("B SECRET REWARD");
  });

  it("shop A's requests naming shop B's ids read nothing of B and change nothing of B", async () => {
    const before = await shopBRows();
    expect(before.LoyaltyReward).toHaveLength(1);
    const problems: string[] = [];
    const statuses: Record<number, number> = {};
    const record = async (what: string, response: Response) => {
      const body = await response.text();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status >= 500) problems.push(`${what} -> ${response.status}`);
      const leaked = leaks(body);
      if (leaked.length > 0) problems.push(`${what} -> ${response.status} showed B's ${leaked[0]}`);
    };

    // Admin routes: B's ids in the path and in every form field that names an id.
    const params = (segment: string) => (segment === "$customerId" ? B_CUSTOMER : segment === "$exportId" ? ids.export : segment === "$segment" ? "champions" : "1");
    const admin = routeFiles(new Set(), params).filter((route) => route.name.startsWith("app"));
    expect(admin.length).toBeGreaterThan(10);
    for (const route of admin) {
      const url = `${stack.app.url}${route.path}?_data=${encodeURIComponent(route.id)}`;
      await record(`GET ${route.path}`, await adminFetch(url, { bearer: sessionToken(stack) }));
      await record(`GET ${route.path} (document)`, await adminFetch(`${stack.app.url}${route.path}`, { bearer: sessionToken(stack) }));
      if (!/export (const|async function) action\b/.test(route.source)) continue;
      const intents = [...new Set([...route.source.matchAll(/(?:intent\s*===?\s*|case\s+|z\.literal\()"([\w-]+)"/g)].map((m) => m[1]))];
      const fields = [...new Set([...route.source.matchAll(/(?:name="|get\(")(\w+)"|^\s+(\w+): z\./gm)].map((m) => m[1] ?? m[2]))];
      for (const intent of intents.length > 0 ? intents : [""]) {
        for (const target of [ids.reward, ids.rule, ids.redemption, B_CUSTOMER]) {
          const form = new URLSearchParams({ intent, id: target, customerId: B_CUSTOMER, rewardId: ids.reward, ruleId: ids.rule, redemptionId: ids.redemption, submissionId: randomUUID() });
          for (const field of fields) if (!form.has(field)) form.set(field, /id$/i.test(field) ? target : "1");
          await record(`POST ${route.path} intent=${intent} id=${target}`, await adminFetch(url, { method: "POST", bearer: sessionToken(stack), body: form }));
        }
      }
    }

    // Proxy routes: signed for shop A, B's customer as the logged-in customer, B's ids in the body.
    const proxy = routeFiles(new Set(), () => "anything").filter((route) => route.name.startsWith("proxy."));
    for (const route of proxy) {
      for (const method of ["GET", "POST"]) {
        const query = signedProxyQuery(new URLSearchParams({ product_id: "1", product_ids: "1" }), { shop: stack.shop, customerId: Number(B_CUSTOMER), pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
        const body = JSON.stringify({ rewardId: ids.reward, redemptionId: ids.redemption, requestId: randomUUID() });
        await record(
          `${method} ${route.path} as B's customer`,
          await fetch(`${stack.app.url}${route.path}?${query.toString()}`, { method, headers: { "Content-Type": "application/json" }, body: method === "POST" ? body : undefined }),
        );
      }
    }

    // Checkout extension endpoints: genuine tokens for shop A (B's customer as the buyer, B's
    // purchase as the post-purchase token's subject) naming B's order, products and offer.
    const extensions = extensionRoutes();
    expect(extensions.length).toBeGreaterThanOrEqual(3);
    for (const route of extensions) {
      const token = extensionToken(route.kind, { shop: stack.shop, customerId: Number(B_CUSTOMER), referenceId: B_REFERENCE });
      for (const orderId of [B_ORDER, `gid://shopify/Order/${B_ORDER}`]) {
        const what = `POST ${route.path} with shop A's ${route.kind} naming B's order ${orderId} and offer`;
        const response = await fetch(`${stack.app.url}${route.path}`, {
            method: "POST",
            headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT },
            body: extensionBody({ orderId, productId: "1", offerId: ids.offer, referenceId: B_REFERENCE }),
          });
        // The thank-you block is about the order named: B's order is not A's to see.
        if (route.kind === "checkout session token" && response.status !== 404) problems.push(`${what} -> ${response.status}, not 404`);
        await record(what, response);
      }
    }

    console.info(`[tenant-isolation] ${Object.values(statuses).reduce((a, b) => a + b, 0)} requests as shop A naming shop B: ${JSON.stringify(statuses)}`);
    expect(problems, stack.app.output().slice(-2000)).toEqual([]);
    expect(await shopBRows()).toEqual(before);
  });
});
