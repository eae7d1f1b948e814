import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { numericShopifyId } from "~/flows/next-order-code";
import { adminThankYouShopify, thankYouBlock } from "~/flows/thank-you.server";
import { authenticate, unauthenticated } from "~/shopify.server";
import { readJsonBody } from "~/lib/json-body";

const MAX_BODY_BYTES = 2048;
const noStore = { "Cache-Control": "private, no-store" };

const bodySchema = z.object({
  // The extension sends shopify.orderConfirmation's order id (a gid); a plain number is accepted too.
  orderId: z
    .string({ required_error: "orderId is required (the order on the thank-you page)." })
    .transform((value, ctx) => numericShopifyId(value, "Order") ?? (ctx.addIssue({ code: "custom", message: "orderId must be a Shopify order id, e.g. gid://shopify/Order/123." }), z.NEVER)),
});

/** "encore-demo.myshopify.com" from the token's dest (Shopify sends the bare domain; a URL is tolerated). */
function shopOf(dest: string): string | null {
  const host = dest.startsWith("https://") ? new URL(dest).host : dest;
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(host) ? host : null;
}

/**
 * POST /api/checkout/thank-you {orderId} with the checkout extension's session token: the thank-you
 * block's content for that order (next-order code, recommendations, loyalty points). The shop and
 * the logged-in buyer come from the signed token only; the order must be that shop's.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  const fail = (status: number, error: string, message: string) => cors(json({ error, message }, { status, headers: noStore }));
  if (request.method !== "POST") return fail(405, "method", "Send this with POST.");
  const shop = shopOf(String(sessionToken.dest ?? ""));
  if (!shop || sessionToken.aud !== env.SHOPIFY_API_KEY) return fail(401, "bad-token", "The session token is not for this app.");

  const body = await readJsonBody(request, bodySchema, MAX_BODY_BYTES);
  if (!body.ok) return fail(body.status, body.error, body.message);

  let admin;
  try {
    ({ admin } = await unauthenticated.admin(shop));
  } catch {
    return fail(404, "not-installed", "Encore is not installed in this shop.");
  }
  const buyerId = sessionToken.sub ? numericShopifyId(sessionToken.sub, "Customer") : null;
  const outcome = await thankYouBlock(db, adminThankYouShopify(admin), { shop, orderId: body.data.orderId, buyerId });
  if (!outcome.ok) return fail(outcome.status, "unknown-order", outcome.message);
  return cors(json(outcome.block, { headers: noStore }));
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticate.public.checkout(request);
  return cors(json({ error: "method", message: "Send this with POST." }, { status: 405, headers: { Allow: "POST", ...noStore } }));
};
