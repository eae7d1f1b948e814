import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { storefrontBundleOffer } from "~/cross-sell/bundle-discount.server";
import { cachedStorefrontAnswer } from "~/cross-sell/storefront-cache.server";
import { crossSellConfig, storefrontRecommendations } from "~/cross-sell/storefront-recommendations.server";
import { db } from "~/db.server";
import { limitStorefrontRead } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

const querySchema = z.object({
  shop: z.string().min(1),
  product_id: z.string({ required_error: "product_id is required" }).regex(/^\d+$/, "product_id must be a numeric Shopify product id"),
  limit: z.coerce.number().int().min(1, "limit must be between 1 and 8").max(8, "limit must be between 1 and 8").optional(),
  /** Products already in the cart (comma-separated ids), left out when the shop hides them. */
  exclude: z
    .string()
    .regex(/^\d+(,\d+)*$/, "exclude must be comma-separated numeric product ids")
    .transform((value) => value.split(",").slice(0, 100))
    .optional(),
});

/**
 * GET /apps/encore/recommendations?product_id=123&limit=4 (through Shopify's app proxy): the
 * "frequently bought together" list for a product page, with why each item is there (`source`)
 * the shop's holdout share for analytics and the bundle offer for this product (null without one).
 * `limit` defaults to the shop's "items to show". Kept 30 s per process (storefront-cache.server.ts).
 * The same for every shopper (unless `exclude` is sent), so browsers may keep it for a minute.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const limited = limitStorefrontRead(request, new URL(request.url).searchParams.get("shop") ?? "");
  if (limited) return limited;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return json({ error: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  }
  const { shop, product_id: productId, limit, exclude } = parsed.data;
  const answer = await cachedStorefrontAnswer(shop, `recommendations|${productId}|${limit ?? ""}|${exclude?.join(",") ?? ""}`, async () => {
    const config = await crossSellConfig(db, shop);
    const { settings } = config;
    const [items, bundle] = await Promise.all([
      storefrontRecommendations(db, shop, productId, limit ?? settings.itemsToShow, {
        config,
        excludeProductIds: settings.hideInCart ? exclude : undefined,
      }),
      storefrontBundleOffer(db, shop, productId),
    ]);
    return {
      productId,
      items: items.map(({ productId: id, handle, source }) => ({ productId: id, handle, source })),
      holdoutPercent: settings.holdoutPercent,
      // Not in contract 2's minimum: the block already skips unavailable products; this says whether to.
      hideOutOfStock: settings.hideOutOfStock,
      bundle,
    };
  });
  return json(
    answer,
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
};
