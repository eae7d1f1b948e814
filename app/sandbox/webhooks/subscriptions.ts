// shopify.app.toml read the way Shopify reads it on `shopify app deploy`: which topics the app
// subscribed to (and where they go) and the storefront app proxy.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

export interface WebhookSubscription {
  topic: string; // "orders/paid"
  /** As written in the TOML: a path relative to the app URL ("/webhooks") or an absolute URL. */
  uri: string;
  /** One of the mandatory privacy topics (`compliance_topics`). */
  compliance: boolean;
}

export interface AppProxyConfig {
  url: string; // "http://localhost:3000/proxy"
  subpath: string; // "encore"
  prefix: string; // "apps": storefront path /apps/encore/*
}

export interface AppConfig {
  /** `[webhooks] api_version`: the payload version Shopify uses for these subscriptions. */
  webhooksApiVersion: string | null;
  subscriptions: WebhookSubscription[];
  appProxy: AppProxyConfig | null;
}

interface TomlSubscription {
  topics?: unknown;
  compliance_topics?: unknown;
  uri?: unknown;
  filter?: unknown;
  include_fields?: unknown;
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new Error(`shopify.app.toml: ${where} must be a list of strings`);
  }
  return value as string[];
}

export function parseAppConfig(tomlText: string): AppConfig {
  const toml = parse(tomlText) as {
    webhooks?: { api_version?: unknown; subscriptions?: TomlSubscription[] };
    app_proxy?: { url?: unknown; subpath?: unknown; prefix?: unknown };
  };

  const subscriptions: WebhookSubscription[] = [];
  for (const [index, entry] of (toml.webhooks?.subscriptions ?? []).entries()) {
    const where = `webhooks.subscriptions[${index}]`;
    if (typeof entry.uri !== "string" || entry.uri === "") throw new Error(`shopify.app.toml: ${where}.uri is missing`);
    // Shopify would filter deliveries or trim payloads; the sandbox would silently send more than
    // production does, so it refuses instead.
    if (entry.filter !== undefined || entry.include_fields !== undefined) {
      throw new Error(`shopify.app.toml: ${where} uses filter/include_fields, which the sandbox does not emulate`);
    }
    for (const topic of stringList(entry.topics, `${where}.topics`)) subscriptions.push({ topic, uri: entry.uri, compliance: false });
    for (const topic of stringList(entry.compliance_topics, `${where}.compliance_topics`)) {
      subscriptions.push({ topic, uri: entry.uri, compliance: true });
    }
  }

  const proxy = toml.app_proxy;
  const appProxy =
    proxy && typeof proxy.url === "string" && typeof proxy.subpath === "string" && typeof proxy.prefix === "string"
      ? { url: proxy.url, subpath: proxy.subpath, prefix: proxy.prefix }
      : null;
  const apiVersion = toml.webhooks?.api_version;
  return { webhooksApiVersion: typeof apiVersion === "string" ? apiVersion : null, subscriptions, appProxy };
}

export function readAppConfig(path: string): AppConfig {
  return parseAppConfig(readFileSync(path, "utf8"));
}

/**
 * Where Shopify POSTs a subscription's webhooks: relative URIs resolve against the app's URL.
 * Null for Google Pub/Sub and Amazon EventBridge destinations, which the sandbox cannot reach.
 */
export function deliveryUrl(appUrl: string, uri: string): string | null {
  if (/^https?:\/\//i.test(uri)) return uri;
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return null; // pubsub://, arn:aws:events:
  return `${appUrl.replace(/\/+$/, "")}/${uri.replace(/^\/+/, "")}`;
}
