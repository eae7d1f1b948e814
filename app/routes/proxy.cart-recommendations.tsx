import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { cartRecommendations } from "~/cross-sell/cart-recommendations.server";
import { cachedStorefrontAnswer } from "~/cross-sell/storefront-cache.server";
import { crossSellConfig } from "~/cross-sell/storefront-recommendations.server";
import { db } from "~/db.server";
import { limitStorefrontRead } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

const MAX_CART_PRODUCTS = 20;
const LIMIT_MESSAGE = "limit must be a whole number between 1 and 8";

const querySchema = z.object({
  shop: z.string().min(1),
  product_ids: z
    .string({ required_error: "product_ids is required (comma-separated product ids of the cart)" })
    .transform((value) => value.split(","))
    .pipe(
      z
        .array(z.string().regex(/^\d+$/, "product_ids must be numeric Shopify product ids, separated by commas"))
        .min(1)
        .max(MAX_CART_PRODUCTS, `product_ids may name at most ${MAX_CART_PRODUCTS} products`),
    ),
  limit: z.coerce.number({ invalid_type_error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(8, LIMIT_MESSAGE).default(4),
});

/**
 * GET /apps/encore/cart-recommendations?product_ids=1,2,3&limit=4 (through Shopify's app proxy):
 * the cart upsell block's suggestions for the products in a cart, each with the cart product it
 * came from. It depends only on the query (not on the shopper), so browsers may keep it a minute.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const limited = limitStorefrontRead(request, new URL(request.url).searchParams.get("shop") ?? "");
  if (limited) return limited;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return json({ error: [...new Set(parsed.error.issues.map((issue) => issue.message))].join("; ") }, { status: 400 });
  }
  const { shop, product_ids: productIds, limit } = parsed.data;
  const answer = await cachedStorefrontAnswer(shop, `cart|${[...productIds].sort().join(",")}|${limit}`, async () => {
    const [items, { settings }] = await Promise.all([cartRecommendations(db, shop, productIds, limit), crossSellConfig(db, shop)]);
    return {
      items: items.map(({ productId, handle, source, anchor }) => ({ productId, handle, source, anchor })),
      holdoutPercent: settings.holdoutPercent,
    };
  });
  return json(answer, { headers: { "Cache-Control": "public, max-age=60" } });
};
