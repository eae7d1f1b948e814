import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { postPurchaseOffers } from "~/flows/post-purchase-offer.server";
import { postPurchaseJson, postPurchaseLoader, postPurchaseRequest } from "~/flows/post-purchase-request.server";
import { unauthenticated } from "~/shopify.server";

const numericId = z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,20}$/, "Ids are numbers."));

const bodySchema = z.object({
  referenceId: z.string({ required_error: "The purchase's reference id is missing." }).min(1).max(100),
  lineItems: z
    .array(z.object({ productId: numericId, variantId: numericId.optional(), quantity: z.number().int().min(1).optional() }), { required_error: "The purchase's line items are missing." })
    .min(1, "The purchase has no line items.")
    .max(100, "The purchase has too many line items."),
});

/**
 * POST /api/post-purchase/offer (Authorization: Bearer <Shopify's input token>)
 * {referenceId, lineItems: [{productId, variantId, quantity}]} -> {offers: [...]}; an empty list
 * means "do not show the page".
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const front = await postPurchaseRequest(request, bodySchema);
  if (!front.ok) return front.response;
  const { admin } = await unauthenticated.admin(front.shop);
  const offers = await postPurchaseOffers(db, admin, front.shop, {
    referenceId: front.referenceId,
    productIds: [...new Set(front.body.lineItems.map((l) => l.productId))],
  });
  return postPurchaseJson({ offers });
};

export const loader = ({ request }: LoaderFunctionArgs) => postPurchaseLoader(request);
