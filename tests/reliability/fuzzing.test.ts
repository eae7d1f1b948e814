// Reliability scenario 8 (docs/reliability.md): property-based fuzzing (fast-check) of the
// webhook endpoint, every storefront proxy route and every admin action, all read from app/routes.
// Requests carry genuine credentials (a valid HMAC, a valid proxy signature, a valid session
// token) and arbitrary, hostile content: random JSON, mutated real payloads, injection-shaped,
// huge and unicode strings. Properties: never a 5xx; a refusal (4xx) says what is wrong in words;
// a refused request writes nothing (row counts of every table compared).
// Replay a failure: FUZZ_SEED=<seed printed by the run> npm run test:reliability -- fuzzing
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedProxyQuery } from "../../app/sandbox/storefront/app-proxy";
import { orderPayload } from "../../app/sandbox/webhooks/payloads";
import { extensionRoutes, extensionToken } from "../support/extension-requests";
import { routeFiles } from "../support/routes";
import { adminFetch, BROWSER_USER_AGENT, embeddedAppUrl, postWebhook, sessionToken } from "../support/shopify-requests";
import { eventually, startStack, TEST_API_SECRET, type Stack } from "../support/stack";

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let stack: Stack;
let sql: pg.Client;
let countQuery = "";

beforeAll(async () => {
  console.info(`[fuzzing] seed ${SEED} (FUZZ_SEED=${SEED} to replay), ${NUM_RUNS} runs per property`);
  stack = await startStack({
    databaseKind: "postgres",
    // The limits would answer 429 to most of this; they have their own scenario (rate-limit.test.ts).
    appEnv: { RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: "1000000", RATE_LIMIT_SHOP_WRITES_PER_MINUTE: "1000000", RATE_LIMIT_SHOPPER_READS_PER_MINUTE: "1000000" },
  });
  expect((await adminFetch(embeddedAppUrl(stack))).status).toBe(200); // install: the session admin and proxy requests use
  await eventually(() => stack.db.session.findFirst({ where: { shop: stack.shop } }), "the shop's session");
  sql = new pg.Client({ connectionString: stack.database.url });
  await sql.connect();
  // Every table the actions and endpoints write (loyalty, cross-sell rules and events, flows,
  // segments, settings...), not bookkeeping that legitimately moves during the run: the job
  // library's, sessions (token refresh), rate-limit windows (a refused request still counts),
  // webhook deliveries, and what the install's history import and recomputes are still writing.
  const { rows } = await sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
       AND table_name NOT LIKE 'sidequest%' AND table_name NOT LIKE '\\_prisma%'
       AND table_name NOT IN ('Session', 'RateLimitWindow', 'WebhookDelivery', 'HistoryImport', 'Order', 'OrderLine', 'OrderRefund', 'Product', 'Customer',
         'CoPurchaseBasket', 'CoPurchaseTotal', 'ProductBasketCount', 'ProductPairCount', 'ProductComplements', 'ShopCollection', 'CollectionMembership',
         'CollectionSync', 'CustomerScore', 'CustomerScoreBoundaries', 'InsightsSnapshot')
     ORDER BY table_name`,
  );
  countQuery = `SELECT ${rows.map(({ table_name }) => `(SELECT count(*) FROM "${table_name}") AS "${table_name}"`).join(", ")}`;
}, 180_000);
afterAll(async () => {
  await sql?.end();
  await stack?.stop();
});

async function rowCounts(): Promise<Record<string, string>> {
  return (await sql.query<Record<string, string>>(countQuery)).rows[0];
}

const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE "Order"; --',
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "${7*7}{{7*7}}{% raw %}",
  "\u0000",
  "\uD800",
  "NaN",
  "-1",
  "1e309",
  "99999999999999999999999999",
  "gid://shopify/Customer/1",
  "",
  " ",
  "true",
  "null",
  "[]",
  "{}",
  "%00%ff",
  "ｔｅｓｔ 🎉 עברית",
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(...HOSTILE),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom("x".repeat(5_000), "é".repeat(3_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 3 }), fc.integer(), fc.constant(null));

/** A refusal a person can act on: JSON with a sentence under `message`, `error` or `errors`, or plain text. */
function saysWhy(status: number, contentType: string, body: string): boolean {
  if (status === 405 || status === 404 || status === 413 || status === 431) return true; // the status is the message
  const sentence = (text: string) => /[A-Za-z]{2,}\s+[A-Za-z]/.test(text);
  if (!contentType.includes("json")) return sentence(body);
  const strings = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return strings([parsed.message, parsed.error, parsed.errors]).some(sentence);
  } catch {
    return false;
  }
}

interface Finding {
  what: string;
  status: number;
  body: string;
  wrote?: string[];
}

/** Sends one request and checks the properties; returns what broke them (null: held). */
async function check(what: string, send: () => Promise<Response>): Promise<Finding | null> {
  const before = await rowCounts();
  const response = await send();
  const body = await response.text();
  const finding: Finding = { what, status: response.status, body: body.slice(0, 300) };
  if (response.status >= 500) return finding;
  if (response.status >= 400 && response.status !== 429) {
    if (!saysWhy(response.status, response.headers.get("content-type") ?? "", body)) return finding;
    const after = await rowCounts();
    const wrote = Object.keys(after).filter((table) => after[table] !== before[table]);
    if (wrote.length > 0) return { ...finding, wrote };
  }
  return null;
}

function assertProperty<T>(arbitrary: fc.Arbitrary<T>, run: (input: T) => Promise<Finding | null>) {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const finding = await run(input);
      if (finding && process.env.FUZZ_COLLECT) console.error(`[fuzzing] ${finding.what.slice(0, 160)} -> ${finding.status}${finding.wrote ? ` wrote ${finding.wrote.join(",")}` : ""}: ${finding.body.slice(0, 160)}`);
      else if (finding) throw new Error(`${finding.what} -> ${finding.status}${finding.wrote ? ` and wrote to ${finding.wrote.join(", ")}` : ""}: ${finding.body}\n${stack.app.output().slice(-1500)}`);
    }),
    { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
  );
}

/** Replaces the value at a random path of a JSON object (a mutation of a real payload). */
function mutate(value: unknown, pathChoices: number[], replacement: unknown): unknown {
  if (pathChoices.length === 0 || value === null || typeof value !== "object") return replacement;
  const keys = Object.keys(value as object);
  if (keys.length === 0) return replacement;
  const key = keys[pathChoices[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
  copy[key] = mutate(copy[key], pathChoices.slice(1), replacement);
  return copy;
}

describe("fuzzing with genuine credentials and hostile content", () => {
  it("storefront proxy routes: signed requests with random query and body never get a 5xx; refusals say why and write nothing", async () => {
    const routes = routeFiles().filter((route) => route.name.startsWith("proxy."));
    expect(routes.length).toBeGreaterThan(3);
    const customerId = stack.sandbox.context.store.state.customers[0].id;
    const knownKeys = ["product_id", "product_ids", "limit", "exclude", "rewardId", "requestId", "redemptionId", "visitor", "group", "events"];
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      hostileString,
      fc.dictionary(fc.constantFrom(...knownKeys), hostileValue, { maxKeys: 4 }).map((value) => JSON.stringify(value)),
      fc.record({ visitor: hostileValue, group: fc.constantFrom("shown", "holdout", "x"), events: fc.array(fc.dictionary(fc.constantFrom("type", "block", "anchor", "product", "source"), hostileValue), { maxLength: 60 }) }).map((v) => JSON.stringify(v)),
    );
    const input = fc.record({
      route: fc.constantFrom(...routes.map(({ path }) => ({ path }))),
      method: fc.constantFrom("GET", "POST"),
      query: fc.dictionary(fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 10 })), hostileString, { maxKeys: 4 }),
      customer: fc.oneof(fc.constant(null), fc.constant(customerId), fc.nat()),
      body,
    });
    await assertProperty(input, ({ route, method, query, customer, body }) => {
      const signed = signedProxyQuery(new URLSearchParams(query), { shop: stack.shop, customerId: customer, pathPrefix: "/apps/encore", timestamp: Math.floor(Date.now() / 1000) }, TEST_API_SECRET);
      return check(`${method} ${route.path}?${signed.toString().slice(0, 200)} ${method === "POST" ? body.slice(0, 200) : ""}`, () =>
        fetch(`${stack.app.url}${route.path}?${signed.toString()}`, { method, headers: { "Content-Type": "application/json" }, body: method === "POST" ? body : undefined }),
      );
    });
  });

  it("checkout extension endpoints: genuine tokens around random bodies never get a 5xx; refusals say why and write nothing", async () => {
    const routes = extensionRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(3);
    const { store } = stack.sandbox.context;
    const order = store.state.orders.find((o) => o.customerId && o.lineItems.length > 0)!;
    const knownKeys = ["orderId", "referenceId", "lineItems", "offerId", "productId", "variantId", "quantity"];
    const line = fc.dictionary(fc.constantFrom("productId", "variantId", "quantity"), hostileValue, { maxKeys: 3 });
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
      hostileString,
      fc.dictionary(fc.constantFrom(...knownKeys), hostileValue, { maxKeys: 4 }).map((value) => JSON.stringify(value)),
      fc.record({ orderId: fc.oneof(fc.constant(String(order.id)), fc.constant(`gid://shopify/Order/${order.id}`), hostileValue), referenceId: fc.oneof(fc.constant("reference-1"), hostileValue), lineItems: fc.oneof(fc.array(line, { maxLength: 120 }), hostileValue), offerId: hostileValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    const input = fc.record({
      route: fc.constantFrom(...routes.map(({ path, kind }) => ({ path, kind }))),
      method: fc.constantFrom("GET", "POST", "OPTIONS"),
      customer: fc.oneof(fc.constant(null), fc.constant(order.customerId), fc.nat()),
      body,
    });
    await assertProperty(input, ({ route, method, customer, body }) => {
      const token = extensionToken(route.kind, { shop: stack.shop, customerId: customer, referenceId: "reference-1" });
      return check(`${method} ${route.path} ${method === "POST" ? body.slice(0, 300) : ""}`, () =>
        fetch(`${stack.app.url}${route.path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT }, body: method === "POST" ? body : undefined }),
      );
    });
  });

  it("admin actions: random form data with a valid session token never gets a 5xx; refusals say why and write nothing", async () => {
    const customerId = String(stack.sandbox.context.store.state.customers[0].id);
    const routes = routeFiles(new Set(), (segment) => (segment === "$customerId" ? customerId : segment === "$segment" ? "champions" : "1")).filter(
      (route) => route.name.startsWith("app.") && /export (const|async function) action\b/.test(route.source),
    );
    expect(routes.length).toBeGreaterThan(5);
    // Field names each action reads, taken from its source (form names, zod keys), plus random ones.
    const fieldsOf = (source: string) => [...new Set([...source.matchAll(/(?:name="|get\(")(\w+)"|^\s+(\w+): z\./gm)].map((m) => m[1] ?? m[2]))];
    const targets = routes.map((route) => ({ path: route.path, id: route.id, fields: ["intent", "id", ...fieldsOf(route.source)] }));
    const input = fc.constantFrom(...targets).chain(({ fields, ...route }) =>
      fc.record({
        route: fc.constant(route),
        form: fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 })), hostileString, { maxKeys: 6 }),
      }),
    );
    await assertProperty(input, ({ route, form }) =>
      check(`POST ${route.path} ${JSON.stringify(form).slice(0, 300)}`, () =>
        adminFetch(`${stack.app.url}${route.path}?_data=${encodeURIComponent(route.id)}`, { method: "POST", bearer: sessionToken(stack), body: new URLSearchParams(form) }),
      ),
    );
  });
  // Last: the deliveries' jobs go on writing (orders, exports) after their 200s.
  it("webhooks: a valid HMAC over random or mutated payloads never gets a 5xx", async () => {
    // Not app/uninstalled, scopes_update or shop/redact: they end the shop's installation for the rest of the run.
    const topics = ["orders/create", "orders/updated", "orders/paid", "orders/fulfilled", "orders/cancelled", "refunds/create", "customers/create", "customers/update", "customers/delete", "products/create", "products/update", "products/delete", "customers/data_request", "customers/redact"];
    const { store } = stack.sandbox.context;
    const order = store.state.orders.find((o) => o.customerId && o.lineItems.length > 0)!;
    const realOrder = orderPayload({ shop: store.state.shop, store }, order);
    const payload = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), hostileValue).map(([at, value]) => mutate(realOrder, at, value)),
      fc.record({ id: hostileValue, admin_graphql_api_id: hostileValue, customer: hostileValue, line_items: hostileValue, updated_at: hostileValue }, { requiredKeys: [] }),
    );
    await assertProperty(fc.record({ topic: fc.constantFrom(...topics), payload }), ({ topic, payload }) =>
      check(`webhook ${topic} ${JSON.stringify(payload).slice(0, 200)}`, () => postWebhook(stack, { topic, payload })),
    );
    // The app still serves, and its jobs survived whatever the payloads did.
    expect((await fetch(`${stack.app.url}/webhooks`)).status).toBe(405);
  });
});
