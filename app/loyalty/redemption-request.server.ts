import { json } from "@remix-run/node";
import type { z } from "zod";
import { db } from "../db.server";
import { limitStorefrontWrite } from "../rate-limit/rate-limit.server";
import type { AdminGraphql } from "../shopify/admin-api.server";
import { authenticate } from "../shopify.server";
import { redemptionMessages } from "./redemption";
import { readJsonBody } from "../lib/json-body";

/**
 * The shared front of the storefront's redemption endpoints (POST through the app proxy): the
 * signature checked, the customer taken from Shopify's signed query only (never the body), the
 * body parsed with `schema`. Anything else is answered here with a 4xx and a human message.
 */
export type StorefrontRedemptionRequest<T> = { ok: true; shop: string; customerId: string; admin: AdminGraphql; body: T } | { ok: false; response: Response };

export const noStore = { "Cache-Control": "private, no-store" };

/** A GET to a POST-only endpoint (after the signature check, like every proxy answer). */
export async function postOnly(request: Request): Promise<Response> {
  await authenticate.public.appProxy(request);
  return json({ error: "method", message: "Send this with POST." }, { status: 405, headers: { Allow: "POST", ...noStore } });
}
const MAX_BODY_BYTES = 2048;

export async function storefrontRedemptionRequest<T>(request: Request, schema: z.ZodType<T>): Promise<StorefrontRedemptionRequest<T>> {
  const { admin } = await authenticate.public.appProxy(request);
  const fail = (status: number, error: string, message: string) => ({ ok: false as const, response: json({ error, message }, { status, headers: noStore }) });
  if (request.method !== "POST") return fail(405, "method", "Send this with POST.");
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop") ?? "";
  const customerId = query.get("logged_in_customer_id") || null;
  if (!customerId) return fail(401, "guest", redemptionMessages.guest);
  const limited = await limitStorefrontWrite(db, request, shop);
  if (limited) return { ok: false, response: limited };
  const body = await readJsonBody(request, schema, MAX_BODY_BYTES);
  if (!body.ok) return fail(body.status, body.error, body.message);
  if (!admin) return fail(503, "not-installed", "Rewards are not available in this store right now.");
  return { ok: true, shop, customerId, admin, body: body.data };
}
