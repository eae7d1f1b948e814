// Session tokens (OpenID Connect ID tokens) as the Shopify admin mints them for an embedded app:
// an HS256 JWT signed with the app's API secret. Encore verifies them with the Shopify library,
// so these must be byte-for-byte the same kind of token, not a look-alike.
import { createHash, createHmac, randomUUID } from "node:crypto";
import type { SandboxConfig } from "../sandbox-context";

/** Shopify's session tokens live one minute; App Bridge fetches a new one when needed. */
export const SESSION_TOKEN_LIFETIME_SECONDS = 60;
/** nbf slightly in the past so a token is usable at once even if the app's clock runs behind. */
const NOT_BEFORE_SKEW_SECONDS = 5;
/** The sandbox store's one staff member (the merchant using the admin). */
export const SANDBOX_STAFF_USER_ID = "1";

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

export interface MintSessionTokenOptions {
  /** Milliseconds since the epoch (Date.now() by default); tests pin it. */
  now?: number;
  userId?: string;
}

type TokenConfig = Pick<SandboxConfig, "shopDomain" | "apiKey" | "apiSecret">;

export function mintSessionToken(config: TokenConfig, options: MintSessionTokenOptions = {}): string {
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const userId = options.userId ?? SANDBOX_STAFF_USER_ID;
  const claims: SessionTokenClaims = {
    iss: `https://${config.shopDomain}/admin`,
    dest: `https://${config.shopDomain}`,
    aud: config.apiKey,
    sub: userId,
    exp: nowSeconds + SESSION_TOKEN_LIFETIME_SECONDS,
    nbf: nowSeconds - NOT_BEFORE_SKEW_SECONDS,
    iat: nowSeconds,
    jti: randomUUID(),
    sid: adminSessionId(config.shopDomain, userId),
  };
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", config.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/**
 * The staff member's admin session: stable while they stay "logged in", as Shopify's `sid` claim
 * and the `session` launch parameter are.
 */
export function adminSessionId(shopDomain: string, userId: string = SANDBOX_STAFF_USER_ID): string {
  return createHash("sha256").update(`encore-sandbox-admin-session:${shopDomain}:${userId}`).digest("hex");
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
