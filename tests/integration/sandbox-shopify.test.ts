import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSessionToken } from "../../app/sandbox/admin-frame/session-token";
import { createSandbox, type Sandbox } from "../../app/sandbox/sandbox";
import { generateDemoShop } from "../../app/sandbox/seed/generate-demo-shop";
import { SandboxStore } from "../../app/sandbox/store/store";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { repoRoot } from "../support/paths";
import { freePort } from "../support/ports";

// The sandbox on its own, over real HTTP: it must answer like Shopify, including when asked wrong.
const apiKey = "sandbox-test-key";
const apiSecret = "sandbox-test-secret";
let sandbox: Sandbox;
let url: string;
let accessToken: string;

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const store = new SandboxStore(generateDemoShop(), null);
  sandbox = createSandbox(
    {
      publicUrl: url,
      shopDomain: store.state.shop.domain,
      appUrl: "http://127.0.0.1:9", // no app: nothing here sends webhooks
      apiKey,
      apiSecret,
      scopes: ["read_products", "read_orders", "read_customers"],
      apiVersion: ADMIN_API_VERSION,
      appConfigPath: path.join(repoRoot, "shopify.app.toml"),
      extensionsDir: path.join(repoRoot, "extensions"),
      webhookRetryDelaysMs: [],
    },
    store,
  );
  await sandbox.listen(port);
  const exchange = await fetch(`${url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: apiKey,
      client_secret: apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: mintSessionToken({ shopDomain: store.state.shop.domain, apiKey, apiSecret }),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  expect(exchange.status).toBe(200);
  accessToken = ((await exchange.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sandbox?.close();
});

const graphql = (query: string, token = accessToken) =>
  fetch(`${url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query }),
  });

describe("the sandbox's Admin API", () => {
  it("answers a valid query with data and its cost", async () => {
    const response = await graphql("{ shop { name currencyCode } products(first: 3) { nodes { title } } }");
    const body = (await response.json()) as { data: { shop: { currencyCode: string }; products: { nodes: unknown[] } }; extensions: { cost: { requestedQueryCost: number } } };
    expect(body.data.shop.currencyCode).toBe("USD");
    expect(body.data.products.nodes).toHaveLength(3);
    expect(body.extensions.cost.requestedQueryCost).toBeGreaterThan(0);
  });

  it("rejects a field that does not exist in Shopify's real schema", async () => {
    const body = (await (await graphql("{ shop { name loyaltyPoints } }")).json()) as { data?: unknown; errors: { message: string }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0].message).toContain("Field 'loyaltyPoints' doesn't exist on type 'Shop'");
  });

  it("refuses an unknown access token as Shopify does", async () => {
    const response = await graphql("{ shop { name } }", "shpat_not-a-token");
    expect(response.status).toBe(401);
  });

  it("throttles a shop that spends its query budget", async () => {
    const tooExpensive = "{ products(first: 250) { nodes { variants(first: 3) { nodes { id } } } } }";
    const tooExpensiveBody = (await (await graphql(tooExpensive)).json()) as { errors: { extensions?: { code?: string } }[] };
    expect(tooExpensiveBody.errors[0].extensions?.code).toBe("MAX_COST_EXCEEDED");

    const expensive = "{ products(first: 100) { nodes { variants(first: 3) { nodes { id } } } } }"; // ~600 points
    let throttled: { errors?: { extensions?: { code?: string } }[] } | null = null;
    for (let i = 0; i < 10 && !throttled; i++) {
      const body = (await (await graphql(expensive)).json()) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) throttled = body;
    }
    expect(throttled).not.toBeNull();
  });
});
