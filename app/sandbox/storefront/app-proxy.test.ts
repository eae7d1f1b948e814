// The app proxy against a real HTTP server standing in for the app: the forwarded URL and
// parameters, and a signature that @shopify/shopify-api's own validator accepts.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appProxySignature, appProxyTarget, readAppProxyConfig } from "./app-proxy";
import { createStorefrontHandler } from "./handler";
import { IDS, testConfig, testContext, TestShopper } from "./test-fixtures";

interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: string;
}

let app: Server;
let appUrl: string;
let received: ReceivedRequest[] = [];
/** What the fake app answers: by path, defaulting to JSON echoing nothing. */
let answer: (request: ReceivedRequest) => { status?: number; headers: Record<string, string>; body: string };

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { method: req.method!, url: new URL(req.url!, "http://app.local"), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      const { status = 200, headers, body } = answer(request);
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

beforeEach(() => {
  received = [];
  answer = () => ({ headers: { "content-type": "application/json", "set-cookie": "app_session=1" }, body: JSON.stringify({ ok: true }) });
});

function setup() {
  const { context } = testContext({ appUrl });
  return { shopper: new TestShopper(createStorefrontHandler(), context), context };
}

const shopify = shopifyApi({
  apiKey: testConfig().apiKey,
  apiSecretKey: testConfig().apiSecret,
  apiVersion: ApiVersion.October26,
  hostName: "localhost:3000",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

describe("the app proxy configuration", () => {
  it("comes from shopify.app.toml's [app_proxy]", () => {
    const proxy = readAppProxyConfig(testConfig().appConfigPath);
    expect(proxy).toEqual({ url: "http://localhost:3000/proxy", subpath: "encore", prefix: "apps" });
    expect(appProxyTarget(proxy!, "http://127.0.0.1:4000", "/customer").href).toBe("http://127.0.0.1:4000/proxy/customer");
    expect(appProxyTarget(proxy!, "http://127.0.0.1:4000/", "").href).toBe("http://127.0.0.1:4000/proxy");
  });
});

describe("forwarding /apps/encore/*", () => {
  it("signs the query so that @shopify/shopify-api validates it, for a logged-in customer", async () => {
    const { shopper } = setup();
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    const before = Math.floor(Date.now() / 1000);
    const response = await shopper.get("/apps/encore/customer?tag=a&tag=b&z=last&shop=evil.myshopify.com&signature=forged");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("set-cookie")).toBeNull(); // Shopify drops the app's cookies

    expect(received).toHaveLength(1);
    const { url, headers, method } = received[0];
    expect(method).toBe("GET");
    expect(url.pathname).toBe("/proxy/customer");
    const params = url.searchParams;
    expect(params.getAll("tag")).toEqual(["a", "b"]);
    expect(params.get("z")).toBe("last");
    expect(params.getAll("shop")).toEqual(["encore-test.myshopify.com"]);
    expect(params.get("logged_in_customer_id")).toBe(String(IDS.ada));
    expect(params.get("path_prefix")).toBe("/apps/encore");
    expect(Number(params.get("timestamp"))).toBeGreaterThanOrEqual(before);
    expect(params.getAll("signature")).toHaveLength(1);
    expect(headers.cookie).toBeUndefined(); // the shopper's cookies never reach the app

    expect(await shopify.utils.validateHmac(params, { signator: "appProxy" })).toBe(true);
    expect(await shopify.utils.validateHmac(Object.fromEntries(params), { signator: "appProxy" })).toBe(false); // object form drops repeated tags
    const tampered = new URLSearchParams(params);
    tampered.set("logged_in_customer_id", String(IDS.grace));
    expect(await shopify.utils.validateHmac(tampered, { signator: "appProxy" })).toBe(false);
  });

  it("sends an empty logged_in_customer_id for a guest, and /apps/encore maps to the proxy root", async () => {
    const { shopper } = setup();
    await shopper.get("/apps/encore");
    const { url } = received[0];
    expect(url.pathname).toBe("/proxy");
    expect(url.searchParams.has("logged_in_customer_id")).toBe(true);
    expect(url.searchParams.get("logged_in_customer_id")).toBe("");
    expect(await shopify.utils.validateHmac(url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("passes a POST body and its content type through", async () => {
    const { shopper } = setup();
    answer = (request) => ({ status: 201, headers: { "content-type": "application/json" }, body: JSON.stringify({ echoed: JSON.parse(request.body) }) });
    const response = await shopper.postJson("/apps/encore/points/redeem?x=1", { points: 500 });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ echoed: { points: 500 } });
    const { method, url, headers, body } = received[0];
    expect(method).toBe("POST");
    expect(url.pathname).toBe("/proxy/points/redeem");
    expect(headers["content-type"]).toBe("application/json");
    expect(body).toBe('{"points":500}');
    expect(await shopify.utils.validateHmac(url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("renders an application/liquid answer inside the theme layout with the storefront's objects", async () => {
    const { shopper } = setup();
    await shopper.get(`/account/login?customer_id=${IDS.ada}`);
    answer = () => ({ headers: { "content-type": "application/liquid" }, body: "<h1>Rewards for {{ customer.first_name }}</h1><p>{{ 1250 | money }}</p>" });
    const response = await shopper.get("/apps/encore/rewards");
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("<h1>Rewards for Ada</h1><p>$12.50</p>");
    expect(html).toContain('class="site-header"');
    expect(html).toContain("window.Encore"); // app embeds render on proxied pages too
  });

  it("renders without the layout when the body starts with {% layout none %} (liquid(body, { layout: false }))", async () => {
    const { shopper } = setup();
    answer = () => ({ headers: { "content-type": "application/liquid; charset=utf-8" }, body: "{% layout none %} <div>{{ shop.name }}</div>" });
    const html = await (await shopper.get("/apps/encore/widget")).text();
    expect(html.trim()).toBe("<div>Encore Test Shop</div>");
  });

  it("answers 502 when the app is not running", async () => {
    const { context } = testContext({ appUrl: "http://127.0.0.1:9" });
    const response = await new TestShopper(createStorefrontHandler(), context).get("/apps/encore/customer");
    expect(response.status).toBe(502);
  });
});

describe("appProxySignature", () => {
  it("matches Shopify's documented algorithm: sorted name=value pairs, no separator, hex HMAC-SHA256", async () => {
    const { createHmac } = await import("node:crypto");
    const params = new URLSearchParams("shop=s.myshopify.com&path_prefix=/apps/encore&timestamp=1317327555&extra=1&extra=2&logged_in_customer_id=");
    const expected = createHmac("sha256", "secret").update("extra=1,2logged_in_customer_id=path_prefix=/apps/encoreshop=s.myshopify.comtimestamp=1317327555").digest("hex");
    expect(appProxySignature(params, "secret")).toBe(expected);
  });
});
