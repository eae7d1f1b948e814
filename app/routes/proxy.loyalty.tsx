import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/db.server";
import { loyaltyPanel } from "~/loyalty/rewards-panel.server";
import { limitStorefrontRead } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

/**
 * GET /apps/encore/loyalty (the app proxy): the storefront loyalty panel's data. The customer is
 * only ever the one Shopify signed into the query (logged_in_customer_id), so nobody can ask for
 * another customer's points.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop") ?? "";
  const limited = limitStorefrontRead(request, shop);
  if (limited) return limited;
  const customerId = query.get("logged_in_customer_id") || null;
  return json(await loyaltyPanel(db, shop, customerId), { headers: { "Cache-Control": "private, no-store" } });
};
