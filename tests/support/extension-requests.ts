import { signHs256 } from "../../app/shopify/post-purchase-token";
import { mintCheckoutSessionToken } from "../../app/sandbox/checkout-extensions/session-token";
import { routeFiles, type RouteFile } from "./routes";
import { TEST_API_KEY, TEST_API_SECRET } from "./stack";

/**
 * The checkout extensions' endpoints (app/routes/api.*), read from app/routes, each with the kind
 * of token Shopify gives its extension. A new api.* route whose credentials are not recognised
 * here throws, so the reliability scenarios cannot silently leave it out.
 */
export type ExtensionTokenKind = "checkout session token" | "post-purchase input token";

export interface ExtensionRoute extends RouteFile {
  kind: ExtensionTokenKind;
}

export function extensionRoutes(): ExtensionRoute[] {
  return routeFiles()
    .filter((route) => route.name.startsWith("api."))
    .map((route) => {
      if (route.source.includes("authenticate.public.checkout")) return { ...route, kind: "checkout session token" as const };
      if (route.source.includes("postPurchaseRequest(")) return { ...route, kind: "post-purchase input token" as const };
      throw new Error(`${route.name}: the reliability scenarios do not know how this endpoint authenticates; add it to tests/support/extension-requests.ts`);
    });
}

export interface TokenOptions {
  shop: string;
  /** The post-purchase token's purchase (sub). */
  referenceId?: string;
  customerId?: number | null;
  secret?: string;
  apiKey?: string;
  issuer?: string;
  now?: number;
}

/** A token of the kind the route expects, genuine unless options say otherwise. */
export function extensionToken(kind: ExtensionTokenKind, options: TokenOptions): string {
  const now = options.now ?? Date.now();
  if (kind === "checkout session token") {
    return mintCheckoutSessionToken({ shopDomain: options.shop, apiKey: options.apiKey ?? TEST_API_KEY, apiSecret: TEST_API_SECRET }, { customerId: options.customerId ?? null, now, secret: options.secret });
  }
  const seconds = Math.floor(now / 1000);
  return signHs256({ iss: options.issuer ?? "shopify", sub: options.referenceId ?? "reference-1", dest: options.shop, iat: seconds, exp: seconds + 300 }, options.secret ?? TEST_API_SECRET);
}

/** Forged variants of the route's token: a wrong signature, the wrong app (audience or issuer), expired. */
export function forgedExtensionTokens(kind: ExtensionTokenKind, shop: string): Record<string, string> {
  const base = { shop, referenceId: "reference-1", customerId: 1 };
  return {
    "wrong signature": extensionToken(kind, { ...base, secret: "not-the-secret" }),
    ...(kind === "checkout session token"
      ? { "wrong audience": extensionToken(kind, { ...base, apiKey: "another-app" }) }
      : { "wrong issuer": extensionToken(kind, { ...base, issuer: "someone-else" }) }),
    expired: extensionToken(kind, { ...base, now: Date.now() - 2 * 60 * 60 * 1000 }),
  };
}

/** A body naming every id an extension endpoint reads (orderId, referenceId, lineItems, offerId). */
export function extensionBody(ids: { orderId: string; productId: string; offerId?: string; referenceId?: string }): string {
  return JSON.stringify({
    orderId: ids.orderId,
    referenceId: ids.referenceId ?? "reference-1",
    lineItems: [{ productId: ids.productId, variantId: ids.productId, quantity: 1 }],
    offerId: ids.offerId ?? "00000000-0000-4000-8000-000000000000",
  });
}
