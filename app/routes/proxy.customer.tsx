import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { db } from "~/db.server";
import { limitStorefrontRead } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

/**
 * GET /apps/encore/customer on the storefront (the app proxy): who the shopper is to Encore.
 * Shopify signs every proxied request; authenticate.public.appProxy rejects a bad signature or a
 * stale timestamp with 400 before anything is read.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const limited = limitStorefrontRead(request, shop);
  if (limited) return limited;
  const customerId = url.searchParams.get("logged_in_customer_id") || null;
  if (!customerId) return json({ shop, customer: null }, { headers: { "Cache-Control": "private, no-store" } });
  const [customer, orders] = await Promise.all([
    db.customer.findUnique({ where: { shop_id: { shop, id: customerId } }, select: { firstName: true } }),
    db.order.count({ where: { shop, customerId, cancelledAt: null } }),
  ]);
  return json(
    { shop, customer: { id: customerId, firstName: customer?.firstName ?? null, orders } },
    { headers: { "Cache-Control": "private, no-store" } },
  );
};
