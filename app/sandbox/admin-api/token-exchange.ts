// POST /admin/oauth/access_token: Shopify's token endpoint, the grants @shopify/shopify-api 15
// uses against it:
//   - token exchange (grant_type urn:ietf:params:oauth:grant-type:token-exchange) of a session
//     token (App Bridge id_token, HS256 JWT signed with the app secret) for an offline or
//     online access token; `expiring=1` asks for an expiring offline token + refresh token
//   - the same grant with an offline access token as subject (migrateToExpiringToken)
//   - grant_type=refresh_token (refreshToken)
// Bodies may be JSON (what the library sends) or form-encoded. Errors use OAuth's
// {"error", "error_description"} shape; an unusable session token is 400 invalid_subject_token,
// which shopify-app-remix answers by asking App Bridge for a fresh one.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AccessTokenRegistry, IssuedAccessToken } from "./access-tokens";
import { REFRESH_TOKEN_TTL_S } from "./access-tokens";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Seconds of clock skew tolerated on exp/nbf (the same as @shopify/shopify-api). */
const CLOCK_TOLERANCE_S = 10;

export interface TokenEndpointDeps {
  apiKey: string;
  apiSecret: string;
  /** The sandbox shop's domain ("encore-demo.myshopify.com"): session tokens must be for it. */
  shopDomain: string;
  accessTokens: AccessTokenRegistry;
  now: () => number;
}

export interface SessionTokenPayload {
  iss: string;
  dest: string;
  aud: string;
  sub?: string;
  exp: number;
  nbf: number;
  iat: number;
  jti?: string;
  sid?: string;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

function oauthError(status: number, error: string, description: string): Response {
  return json(status, { error, error_description: description });
}

function base64UrlDecode(part: string): Buffer {
  return Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** Verifies an App Bridge session token (HS256, app secret); returns its payload or why it is bad. */
export function verifySessionToken(
  token: string,
  options: { apiKey: string; apiSecret: string; shopDomain: string; nowMs: number },
): { payload: SessionTokenPayload } | { problem: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "Session token is not a JWT" };
  const [headerPart, payloadPart, signaturePart] = parts;
  let header: { alg?: string };
  let payload: SessionTokenPayload;
  try {
    header = JSON.parse(base64UrlDecode(headerPart).toString("utf8"));
    payload = JSON.parse(base64UrlDecode(payloadPart).toString("utf8"));
  } catch {
    return { problem: "Session token could not be decoded" };
  }
  if (header.alg !== "HS256") return { problem: `Session token algorithm ${String(header.alg)} is not HS256` };
  const expected = createHmac("sha256", options.apiSecret).update(`${headerPart}.${payloadPart}`).digest();
  const actual = base64UrlDecode(signaturePart);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { problem: "Session token signature is invalid (not signed with this app's API secret)" };
  }
  const nowS = options.nowMs / 1000;
  if (typeof payload.exp !== "number" || payload.exp + CLOCK_TOLERANCE_S < nowS) return { problem: "Session token has expired" };
  if (typeof payload.nbf === "number" && payload.nbf - CLOCK_TOLERANCE_S > nowS) return { problem: "Session token is not valid yet (nbf)" };
  if (payload.aud !== options.apiKey) return { problem: "Session token audience does not match the API key" };
  let destHost: string;
  try {
    destHost = new URL(payload.dest).host;
  } catch {
    return { problem: "Session token dest is not a URL" };
  }
  if (destHost !== options.shopDomain) return { problem: `Session token is for shop ${destHost}, not ${options.shopDomain}` };
  return { payload };
}

async function readParams(request: Request): Promise<Record<string, string>> {
  const text = await request.text();
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.includes("application/json") || text.trimStart().startsWith("{")) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, value == null ? "" : String(value)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Body for a freshly issued offline token (lifetimes counted from its issue time). */
function offlineTokenBody(token: IssuedAccessToken) {
  if (token.expiresAt === null) return { access_token: token.accessToken, scope: token.scope };
  return {
    access_token: token.accessToken,
    scope: token.scope,
    expires_in: Math.round((token.expiresAt - token.issuedAt) / 1000),
    refresh_token: token.refreshToken,
    refresh_token_expires_in:
      token.refreshTokenExpiresAt === null ? REFRESH_TOKEN_TTL_S : Math.round((token.refreshTokenExpiresAt - token.issuedAt) / 1000),
  };
}

/** Handles a POST to /admin/oauth/access_token. */
export async function handleAccessTokenRequest(request: Request, deps: TokenEndpointDeps): Promise<Response> {
  let params: Record<string, string>;
  try {
    params = await readParams(request);
  } catch {
    return oauthError(400, "invalid_request", "The request body could not be parsed.");
  }
  if (params.client_id !== deps.apiKey || params.client_secret !== deps.apiSecret) {
    return oauthError(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.");
  }
  const nowMs = deps.now();

  if (params.grant_type === "refresh_token") {
    if (!params.refresh_token) return oauthError(400, "invalid_request", "refresh_token is required.");
    const token = deps.accessTokens.refresh(params.refresh_token);
    if (!token) return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or has already been used.");
    return json(200, offlineTokenBody(token));
  }

  if (params.grant_type !== TOKEN_EXCHANGE_GRANT) {
    return oauthError(400, "unsupported_grant_type", `grant_type ${params.grant_type || "(missing)"} is not supported by the sandbox.`);
  }
  if (!params.subject_token) return oauthError(400, "missing_subject_token", "subject_token is required.");
  const requested = params.requested_token_type;
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return oauthError(400, "invalid_request", `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}.`);
  }
  const expiring = params.expiring === "1";

  // Migration of a non-expiring offline token to an expiring one.
  if (params.subject_token_type === OFFLINE_TOKEN_TYPE) {
    const previous = deps.accessTokens.lookup(params.subject_token);
    if (!previous || previous.kind !== "offline" || previous.shop !== deps.shopDomain) {
      return oauthError(400, "invalid_subject_token", "The offline access token is invalid or expired.");
    }
    if (requested !== OFFLINE_TOKEN_TYPE || !expiring) {
      return oauthError(400, "invalid_request", "An offline access token can only be exchanged for an expiring offline access token.");
    }
    const token = deps.accessTokens.issueOffline(deps.shopDomain, { expiring: true });
    if (previous.expiresAt === null) deps.accessTokens.revoke(previous.accessToken);
    return json(200, offlineTokenBody(token));
  }

  if (params.subject_token_type !== ID_TOKEN_TYPE) {
    return oauthError(400, "invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`);
  }
  const verified = verifySessionToken(params.subject_token, {
    apiKey: deps.apiKey,
    apiSecret: deps.apiSecret,
    shopDomain: deps.shopDomain,
    nowMs,
  });
  if ("problem" in verified) return oauthError(400, "invalid_subject_token", verified.problem);

  if (requested === OFFLINE_TOKEN_TYPE) {
    return json(200, offlineTokenBody(deps.accessTokens.issueOffline(deps.shopDomain, { expiring })));
  }

  const userId = verified.payload.sub;
  if (!userId) return oauthError(400, "invalid_subject_token", "An online access token needs a session token with a sub (user id).");
  const token = deps.accessTokens.issueOnline(deps.shopDomain, userId);
  const numericUserId = Number(userId);
  return json(200, {
    access_token: token.accessToken,
    scope: token.scope,
    expires_in: Math.round(((token.expiresAt ?? token.issuedAt) - token.issuedAt) / 1000),
    associated_user_scope: token.scope,
    session: verified.payload.sid ?? null,
    account_number: 0,
    associated_user: {
      id: Number.isFinite(numericUserId) ? numericUserId : userId,
      first_name: "Sandbox",
      last_name: "Staff",
      email: `staff+${userId}@${deps.shopDomain.replace(/\.myshopify\.com$/, "")}.example`,
      account_owner: true,
      locale: "en",
      collaborator: false,
      email_verified: true,
    },
  });
}
