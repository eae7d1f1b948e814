import { json } from "@remix-run/node";
import type { z } from "zod";
import { db } from "../db.server";
import { env } from "../env.server";
import { verifyPostPurchaseInputToken } from "../shopify/post-purchase-token";
import { readJsonBody } from "../lib/json-body";

/**
 * The shared front of the post-purchase extension's endpoints (api.post-purchase.*). The extension
 * runs in Shopify's checkout, on Shopify's origin: CORS is open, and what authenticates a call is
 * Shopify's input token (Authorization: Bearer), signed with this app's secret, for the purchase
 * named in the body. Anything else is answered here with a 4xx and a message a person can read.
 */
export type PostPurchaseRequest<T> = { ok: true; shop: string; referenceId: string; body: T } | { ok: false; response: Response };

const MAX_BODY_BYTES = 8192;

export const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Max-Age": "600",
  "Cache-Control": "no-store",
};

export function postPurchaseJson(data: unknown, status = 200): Response {
  return json(data, { status, headers: corsHeaders });
}

/** GET and the CORS preflight (OPTIONS) of a POST-only endpoint. */
export function postPurchaseLoader(request: Request): Response {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders });
  return postPurchaseJson({ error: "method", message: "Send this with POST." }, 405);
}

export async function postPurchaseRequest<T extends { referenceId: string }>(request: Request, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<PostPurchaseRequest<T>> {
  const fail = (status: number, error: string, message: string) => ({ ok: false as const, response: postPurchaseJson({ error, message }, status) });
  const token = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!token) return fail(401, "unauthorized", "The request has no token from Shopify.");
  const verified = verifyPostPurchaseInputToken(token, env.SHOPIFY_API_SECRET);
  if (!verified.ok) return fail(401, "unauthorized", verified.reason === "expired" ? "Shopify's token has expired; reload the page." : "Shopify's token is not valid.");
  const body = await readJsonBody(request, schema, MAX_BODY_BYTES);
  if (!body.ok) return fail(body.status, body.error, body.message);
  // The token is for one purchase: it cannot ask about (or add to) another.
  if (body.data.referenceId !== verified.input.referenceId) return fail(401, "unauthorized", "The token is for another purchase.");
  const { shop } = verified.input;
  const installed = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  if (!installed || installed.uninstalledAt) return fail(404, "not-installed", "Encore is not installed in this shop.");
  return { ok: true, shop, referenceId: verified.input.referenceId, body: body.data };
}
