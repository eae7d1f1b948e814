import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deliveryUrl, parseAppConfig, readAppConfig } from "./subscriptions";

const APP_TOML = fileURLToPath(new URL("../../../shopify.app.toml", import.meta.url));

describe("shopify.app.toml", () => {
  it("lists every subscribed topic with its URI, compliance topics marked, and the app proxy", () => {
    const config = readAppConfig(APP_TOML);
    expect(config.webhooksApiVersion).toBe("2026-10");
    expect(config.subscriptions).toContainEqual({ topic: "orders/paid", uri: "/webhooks", compliance: false });
    expect(config.subscriptions).toContainEqual({ topic: "refunds/create", uri: "/webhooks", compliance: false });
    expect(config.subscriptions.filter((s) => s.compliance).map((s) => s.topic)).toEqual([
      "customers/data_request",
      "customers/redact",
      "shop/redact",
    ]);
    const topics = config.subscriptions.map((s) => s.topic);
    expect(new Set(topics).size).toBe(topics.length);
    expect(topics).toEqual(expect.arrayContaining(["orders/create", "orders/updated", "orders/fulfilled", "orders/cancelled", "customers/create", "customers/update", "products/update"]));
    expect(config.appProxy).toEqual({ url: "http://localhost:3000/proxy", subpath: "encore", prefix: "apps" });
  });

  it("keeps absolute URIs, and has no proxy or version when the file declares none", () => {
    const config = parseAppConfig(`
      [[webhooks.subscriptions]]
      topics = ["orders/paid"]
      uri = "https://hooks.example.com/shopify"
    `);
    expect(config).toEqual({
      webhooksApiVersion: null,
      subscriptions: [{ topic: "orders/paid", uri: "https://hooks.example.com/shopify", compliance: false }],
      appProxy: null,
    });
  });

  it("refuses what the sandbox cannot emulate or a subscription without a URI", () => {
    const withFilter = `
      [[webhooks.subscriptions]]
      topics = ["products/update"]
      uri = "/webhooks"
      filter = "status:active"
    `;
    expect(() => parseAppConfig(withFilter)).toThrow(/filter\/include_fields/);
    expect(() => parseAppConfig(`[[webhooks.subscriptions]]\ntopics = ["orders/paid"]`)).toThrow(/uri is missing/);
  });
});

describe("delivery URLs", () => {
  it("resolve relative URIs against the app URL and skip non-HTTP destinations", () => {
    expect(deliveryUrl("http://localhost:3000", "/webhooks")).toBe("http://localhost:3000/webhooks");
    expect(deliveryUrl("http://localhost:3000/", "webhooks/orders")).toBe("http://localhost:3000/webhooks/orders");
    expect(deliveryUrl("http://localhost:3000", "https://hooks.example.com/x")).toBe("https://hooks.example.com/x");
    expect(deliveryUrl("http://localhost:3000", "pubsub://project:topic")).toBeNull();
    expect(deliveryUrl("http://localhost:3000", "arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/1/source")).toBeNull();
  });
});
