import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * The token in every message's unsubscribe link: who (shop, customer) and which flow step sent
 * it, signed with HMAC-SHA256 under the app's secret so nobody can unsubscribe someone else.
 * No expiry: a link in an old email must keep working.
 */
const claimsSchema = z.object({
  s: z.string().min(1), // shop
  c: z.string().min(1), // customer id
  f: z.string().optional(), // flow id
  i: z.number().int().min(0).optional(), // step index
});

export interface UnsubscribeClaims {
  shop: string;
  customerId: string;
  flowId?: string;
  stepIndex?: number;
}

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url");

export function unsubscribeToken(claims: UnsubscribeClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ s: claims.shop, c: claims.customerId, f: claims.flowId, i: claims.stepIndex })).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeClaims | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = claimsSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return { shop: claims.s, customerId: claims.c, flowId: claims.f, stepIndex: claims.i };
  } catch {
    return null;
  }
}
