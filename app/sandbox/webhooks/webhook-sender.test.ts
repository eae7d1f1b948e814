import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import type { SandboxConfig } from "../sandbox-context";
import { parseAppConfig } from "./subscriptions";
import { createWebhookSender, webhookHmac, type WebhookSender, type WebhookSenderOptions } from "./webhook-sender";

const APP_TOML = fileURLToPath(new URL("../../../shopify.app.toml", import.meta.url));
const API_SECRET = "sandbox-test-secret";
const SHOP = "encore-test.myshopify.com";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the fake app answers to its n-th request (0-based): a status, or never answering. */
type Answer = (index: number) => number | "hang";

/** A stand-in for the app: a real HTTP server that records requests and answers as told. */
async function startApp(answer: Answer = () => 200) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const index = received.length;
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answer(index);
      if (status === "hang") held.push(response);
      else response.writeHead(status, status >= 300 && status < 400 ? { Location: "/elsewhere" } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function configFor(appUrl: string, webhookRetryDelaysMs: number[]): SandboxConfig {
  return {
    publicUrl: "http://127.0.0.1:3100",
    shopDomain: SHOP,
    appUrl,
    apiKey: "sandbox-test-key",
    apiSecret: API_SECRET,
    scopes: ["read_orders"],
    apiVersion: "2026-10",
    appConfigPath: APP_TOML,
    extensionsDir: "extensions",
    webhookRetryDelaysMs,
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(answer: Answer, retryDelaysMs: number[], options: WebhookSenderOptions = {}) {
  const app = await startApp(answer);
  const logged: string[] = [];
  const sender = createWebhookSender(configFor(app.url, retryDelaysMs), { log: (message) => logged.push(message), ...options });
  cleanups.push(app.close, () => sender.stop());
  return { app, sender, logged };
}

function asWebRequest(appUrl: string, received: Received): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(received.headers)) if (typeof value === "string") headers.set(name, value);
  return new Request(`${appUrl}${received.path}`, { method: "POST", headers, body: received.body });
}

const ids = (sender: WebhookSender) => sender.deliveries().map((d) => ({ webhookId: d.webhookId, eventId: d.eventId }));

describe("webhook deliveries", () => {
  it("are signed so that Shopify's own validator accepts them, with every Shopify header", async () => {
    const { app, sender } = await setUp(() => 200, []);
    const payload = { id: 300, name: "#1001", note: "crème brûlée ☕" }; // non-ASCII: the HMAC is over UTF-8 bytes
    const [delivery] = sender.send("orders/paid", payload);
    await sender.idle();

    expect(delivery).toMatchObject({ topic: "orders/paid", url: `${app.url}/webhooks`, attempts: 1, lastStatus: 200, state: "delivered" });
    expect(app.received).toHaveLength(1);
    const [request] = app.received;
    expect(request.path).toBe("/webhooks");
    expect(JSON.parse(request.body)).toEqual(payload);
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/paid",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": delivery.webhookId,
      "x-shopify-event-id": delivery.eventId,
      "x-shopify-triggered-at": delivery.triggeredAt,
      "x-shopify-hmac-sha256": webhookHmac(request.body, API_SECRET),
    });
    expect(delivery.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const shopify = shopifyApi({
      apiKey: "sandbox-test-key",
      apiSecretKey: API_SECRET,
      apiVersion: ApiVersion.October26,
      hostName: "localhost:3000",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    });
    const check = await shopify.webhooks.validate({ rawBody: request.body, rawRequest: asWebRequest(app.url, request) });
    expect(check).toMatchObject({
      valid: true,
      topic: "ORDERS_PAID",
      domain: SHOP,
      apiVersion: "2026-10",
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      triggeredAt: delivery.triggeredAt,
    });
    const forged = await shopifyApi({
      apiKey: "sandbox-test-key",
      apiSecretKey: "another-secret",
      apiVersion: ApiVersion.October26,
      hostName: "localhost:3000",
      isEmbeddedApp: true,
      logger: { level: LogSeverity.Error },
    }).webhooks.validate({ rawBody: request.body, rawRequest: asWebRequest(app.url, request) });
    expect(forged.valid).toBe(false);
  });

  it("are retried after a 500 with the same body, signature, webhook id and event id", async () => {
    const { app, sender, logged } = await setUp((index) => (index < 2 ? 500 : 200), [10, 20, 30]);
    const [delivery] = sender.send("orders/create", { id: 1 });
    await sender.idle();

    expect(delivery).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null, state: "delivered" });
    expect(app.received).toHaveLength(3);
    const sameEverywhere = ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-hmac-sha256", "x-shopify-triggered-at"];
    for (const request of app.received) {
      expect(request.body).toBe(app.received[0].body);
      for (const header of sameEverywhere) expect(request.headers[header]).toBe(app.received[0].headers[header]);
    }
    expect(app.received[0].headers["x-shopify-webhook-id"]).toBe(delivery.webhookId);
    expect(app.received[0].headers["x-shopify-event-id"]).toBe(delivery.eventId);
    expect(logged).toEqual([]);
  });

  it("give up after the retry schedule and log it", async () => {
    const { app, sender, logged } = await setUp(() => 503, [5, 5, 5]);
    const [delivery] = sender.send("orders/updated", { id: 2 });
    await sender.idle();

    expect(app.received).toHaveLength(4); // the first attempt and three retries
    expect(delivery).toMatchObject({ attempts: 4, lastStatus: 503, lastError: "HTTP 503", state: "failed" });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("gave up on orders/updated");
    expect(logged[0]).toContain(delivery.eventId);
  });

  it("count a slow answer, a redirect or an unreachable app as a failed attempt", async () => {
    const slow = await setUp((index) => (index === 0 ? "hang" : 200), [5], { timeoutMs: 100 });
    const [late] = slow.sender.send("orders/paid", { id: 3 });
    await slow.sender.idle();
    expect(late).toMatchObject({ attempts: 2, state: "delivered" });
    expect(slow.app.received).toHaveLength(2);

    const redirecting = await setUp(() => 302, []);
    const [redirected] = redirecting.sender.send("orders/paid", { id: 4 });
    await redirecting.sender.idle();
    expect(redirected).toMatchObject({ attempts: 1, lastStatus: 302, state: "failed" });
    expect(redirecting.app.received).toHaveLength(1); // not followed to /elsewhere

    const gone = await startApp();
    await gone.close();
    const logged: string[] = [];
    const unreachable = createWebhookSender(configFor(gone.url, [5, 5]), { log: (message) => logged.push(message) });
    const [lost] = unreachable.send("orders/paid", { id: 5 });
    await unreachable.idle();
    expect(lost).toMatchObject({ attempts: 3, lastStatus: null, state: "failed" });
    expect(lost.lastError).toBeTruthy();
  });

  it("reports a timeout as such", async () => {
    const { sender } = await setUp(() => "hang", [], { timeoutMs: 50 });
    const [delivery] = sender.send("orders/paid", { id: 6 });
    await sender.idle();
    expect(delivery).toMatchObject({ attempts: 1, lastStatus: null, lastError: "timed out", state: "failed" });
  });

  it("share one event id across the subscriptions of a topic, each with its own webhook id", async () => {
    const app = await startApp();
    cleanups.push(app.close);
    const appConfig = parseAppConfig(`
      [[webhooks.subscriptions]]
      topics = ["orders/paid", "orders/create"]
      uri = "/webhooks"
      [[webhooks.subscriptions]]
      topics = ["orders/paid"]
      uri = "${app.url}/other-endpoint"
      [[webhooks.subscriptions]]
      compliance_topics = ["customers/redact"]
      uri = "/privacy"
    `);
    const sender = createWebhookSender(configFor("http://127.0.0.1:1", []), { appConfig, log: () => undefined });
    const paid = sender.send("orders/paid", { id: 7 }, { eventId: "event-from-caller" });
    expect(paid.map((d) => d.url)).toEqual(["http://127.0.0.1:1/webhooks", `${app.url}/other-endpoint`]);
    expect(new Set(paid.map((d) => d.eventId))).toEqual(new Set(["event-from-caller"]));
    expect(paid[0].webhookId).not.toBe(paid[1].webhookId);

    const created = sender.send("orders/create", { id: 7 });
    expect(created[0].eventId).not.toBe("event-from-caller"); // another event, another id
    expect(sender.send("products/update", { id: 8 })).toEqual([]); // not subscribed: nothing sent
    expect(sender.send("customers/redact", { id: 9 })).toEqual([]); // compliance topics go through sendCompliance
    expect(sender.sendCompliance("customers/redact", { shop_id: 1 }).map((d) => d.url)).toEqual(["http://127.0.0.1:1/privacy"]);
    sender.stop();
    await sender.idle();
    expect(app.received.map((r) => r.path)).toEqual(["/other-endpoint"]);
    expect(ids(sender)).toHaveLength(4);
  });

  it("deliver the compliance topics of shopify.app.toml to the app", async () => {
    const { app, sender } = await setUp(() => 200, []);
    const [delivery] = sender.sendCompliance("shop/redact", { shop_id: 1, shop_domain: SHOP });
    await sender.idle();
    expect(delivery.state).toBe("delivered");
    expect(app.received[0].headers["x-shopify-topic"]).toBe("shop/redact");
    expect(app.received[0].path).toBe("/webhooks");
  });

  it("stop cancels scheduled retries so idle() resolves at once", async () => {
    const { sender } = await setUp(() => 500, [60_000]);
    const [delivery] = sender.send("orders/paid", { id: 10 });
    while (delivery.attempts === 0 || delivery.lastStatus === null) await new Promise((resolve) => setTimeout(resolve, 5));
    sender.stop();
    await sender.idle();
    expect(delivery).toMatchObject({ attempts: 1, state: "failed" });
  });

  it("make predictable ids and times from injected random and clock", async () => {
    const { sender } = await setUp(() => 200, [], { random: () => 0.5, now: () => new Date("2026-10-01T12:00:00Z") });
    const [delivery] = sender.send("orders/paid", { id: 11 });
    await sender.idle();
    expect(delivery.eventId).toBe("80808080-8080-4080-8080-808080808080");
    expect(delivery.triggeredAt).toBe("2026-10-01T12:00:00.000Z");
  });
});
