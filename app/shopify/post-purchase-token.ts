// The two JWTs of Shopify's post-purchase page (HS256 under the app's client secret):
// - Shopify's input token (`inputData.token`): iss "shopify", sub = the initial purchase's
//   reference id, dest = the shop, iat and exp. The extension sends it with every call so Encore
//   knows the call comes from a checkout of a shop that installed it.
// - Encore's changeset token: iss = the app's API key, a unique jti, iat, sub = the reference id
//   and the `changes`; Shopify applies it once, to that purchase only.
// Plain node:crypto: the Shopify library verifies session tokens, not these.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Clock difference tolerated between Shopify and the app. */
const CLOCK_SKEW_SECONDS = 10;

const base64url = (text: string) => Buffer.from(text).toString("base64url");
const hmac = (input: string, secret: string) => createHmac("sha256", secret).update(input).digest("base64url");

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${hmac(signingInput, secret)}`;
}

export type TokenFailure = "malformed" | "algorithm" | "signature" | "claims" | "expired" | "issuer";

/** The claims of an HS256 JWT signed with `secret`, or why it is refused (signature before anything else). */
export function verifyHs256(token: string, secret: string): { ok: true; claims: Record<string, unknown> } | { ok: false; reason: TokenFailure } {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) return { ok: false, reason: "malformed" };
  const [header, payload, signature] = parts;
  let headerJson: unknown;
  let claims: unknown;
  try {
    headerJson = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  // Only HS256: "none" or an asymmetric alg must never be accepted with a shared secret.
  if (!headerJson || typeof headerJson !== "object" || (headerJson as { alg?: unknown }).alg !== "HS256") return { ok: false, reason: "algorithm" };
  const expected = Buffer.from(hmac(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature" };
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) return { ok: false, reason: "claims" };
  return { ok: true, claims: claims as Record<string, unknown> };
}

const inputClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  // The shop, bare or as an https URL.
  dest: z.string().transform((d) => d.replace(/^https:\/\//i, "").toLowerCase()).pipe(z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/)),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface PostPurchaseInput {
  referenceId: string;
  shop: string;
}

/**
 * Shopify's input token, checked: signed with this app's secret (so issued for this app), HS256,
 * iss "shopify", not expired, with the purchase (sub) and the shop (dest).
 */
export function verifyPostPurchaseInputToken(token: string, secret: string, nowMs = Date.now()): { ok: true; input: PostPurchaseInput } | { ok: false; reason: TokenFailure } {
  const verified = verifyHs256(token, secret);
  if (!verified.ok) return verified;
  const parsed = inputClaimsSchema.safeParse(verified.claims);
  if (!parsed.success) return { ok: false, reason: "claims" };
  const claims = parsed.data;
  if (claims.iss !== "shopify") return { ok: false, reason: "issuer" };
  const now = Math.floor(nowMs / 1000);
  if (claims.exp + CLOCK_SKEW_SECONDS < now || claims.iat - CLOCK_SKEW_SECONDS > now) return { ok: false, reason: "expired" };
  return { ok: true, input: { referenceId: claims.sub, shop: claims.dest } };
}

export interface AddVariantChange {
  type: "add_variant";
  /** The numeric variant id (Shopify's changeset spells it variantID). */
  variantID: number;
  quantity: number;
  discount?: { value: number; valueType: "percentage" | "fixed_amount"; title: string };
}

export interface ChangesetClaims {
  iss: string;
  jti: string;
  iat: number;
  sub: string;
  changes: AddVariantChange[];
}

export function changesetClaims(input: { apiKey: string; referenceId: string; changes: AddVariantChange[]; nowMs?: number; jti?: string }): ChangesetClaims {
  return {
    iss: input.apiKey,
    jti: input.jti ?? randomUUID(),
    iat: Math.floor((input.nowMs ?? Date.now()) / 1000),
    sub: input.referenceId,
    changes: input.changes,
  };
}

export function signChangeset(claims: ChangesetClaims, secret: string): string {
  return signHs256({ ...claims }, secret);
}
