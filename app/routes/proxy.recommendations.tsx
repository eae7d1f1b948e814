import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { cachedStorefrontAnswer } from "~/cross-sell/storefront-cache.server";
import { storefrontRecommendations } from "~/cross-sell/storefront-recommendations.server";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";

const querySchema = z.object({
  shop: z.string().min(1),
  product_id: z.string({ required_error: "product_id is required" }).regex(/^\d+$/, "product_id must be a numeric Shopify product id"),
  limit: z.coerce.number().int().min(1, "limit must be between 1 and 8").max(8, "limit must be between 1 and 8").default(4),
});

/**
 * GET /apps/encore/recommendations?product_id=123&limit=4 (through Shopify's app proxy): the
 * "frequently bought together" list for a product page. The same for every shopper, so browsers
 * may keep it for a minute.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return json({ error: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  }
  const { shop, product_id: productId, limit } = parsed.data;
  const items = await cachedStorefrontAnswer(shop, `recommendations|${productId}|${limit}`, () =>
    storefrontRecommendations(db, shop, productId, limit),
  );
  return json(
    { productId, items: items.map(({ productId: id, handle }) => ({ productId: id, handle })) },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
};
