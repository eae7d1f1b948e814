import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { topicHandlers } from "../webhooks/process-delivery.server";
import { ADMIN_API_VERSION } from "./api-version";

const toml = parse(readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8")) as {
  webhooks: { api_version: string; subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
  access_scopes: { scopes: string };
  app_proxy: { url: string; subpath: string; prefix: string };
};

/** "orders/paid" -> "ORDERS_PAID", as authenticate.webhook names topics. */
const asTopicConstant = (topic: string) => topic.replace("/", "_").toUpperCase();

describe("shopify.app.toml and the code agree", () => {
  it("uses the one Admin API version", () => {
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION);
  });

  it("handles exactly the subscribed webhook topics, all at /webhooks", () => {
    const subscribed = toml.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect(subscribed.map(asTopicConstant).sort()).toEqual(Object.keys(topicHandlers).sort());
    expect(new Set(toml.webhooks.subscriptions.map((s) => s.uri))).toEqual(new Set(["/webhooks"]));
    expect(subscribed).toEqual(expect.arrayContaining(["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled", "app/scopes_update"]));
  });

  it("declares the app proxy at /apps/encore served by the proxy routes", () => {
    expect(`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}`).toBe("/apps/encore");
    expect(new URL(toml.app_proxy.url).pathname).toBe("/proxy");
    expect(toml.access_scopes.scopes.split(",")).toContain("write_app_proxy");
  });
});
