// The session token a checkout UI extension gets from shopify.sessionToken.get(): an HS256 JWT
// signed with the app's secret, as Shopify's checkout mints it. Unlike the admin's id token, `dest`
// is the bare shop domain and `sub` (the customer's gid) is there only for a logged-in buyer.
import { createHmac, randomUUID } from "node:crypto";
import type { SandboxConfig } from "../sandbox-context";

/** Checkout session tokens live five minutes. */
export const CHECKOUT_TOKEN_LIFETIME_SECONDS = 300;

export interface CheckoutTokenOptions {
  customerId?: number | null;
  /** Milliseconds since the epoch (Date.now() by default). */
  now?: number;
  /** Signs with another secret (tests of forged tokens). */
  secret?: string;
  lifetimeSeconds?: number;
}

export function mintCheckoutSessionToken(config: Pick<SandboxConfig, "shopDomain" | "apiKey" | "apiSecret">, options: CheckoutTokenOptions = {}): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const claims = {
    dest: config.shopDomain,
    aud: config.apiKey,
    ...(options.customerId ? { sub: `gid://shopify/Customer/${options.customerId}` } : {}),
    exp: now + (options.lifetimeSeconds ?? CHECKOUT_TOKEN_LIFETIME_SECONDS),
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", options.secret ?? config.apiSecret).update(unsigned).digest("base64url")}`;
}
