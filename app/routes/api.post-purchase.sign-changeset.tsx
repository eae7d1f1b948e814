import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { acceptPostPurchaseOffer } from "~/flows/post-purchase-offer.server";
import { postPurchaseJson, postPurchaseLoader, postPurchaseRequest } from "~/flows/post-purchase-request.server";

const bodySchema = z.object({
  referenceId: z.string({ required_error: "The purchase's reference id is missing." }).min(1).max(100),
  offerId: z.string({ required_error: "Choose an offer." }).uuid("That offer does not exist."),
});

/**
 * POST /api/post-purchase/sign-changeset (Authorization: Bearer <Shopify's input token>)
 * {referenceId, offerId} -> {token}: the changeset JWT the extension hands to applyChangeset.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const front = await postPurchaseRequest(request, bodySchema);
  if (!front.ok) return front.response;
  const outcome = await acceptPostPurchaseOffer(db, front.shop, { referenceId: front.referenceId, offerId: front.body.offerId }, { apiKey: env.SHOPIFY_API_KEY, apiSecret: env.SHOPIFY_API_SECRET });
  if (!outcome.ok) return postPurchaseJson({ error: outcome.status === 404 ? "not-found" : "already-accepted", message: outcome.message }, outcome.status);
  return postPurchaseJson({ token: outcome.token });
};

export const loader = ({ request }: LoaderFunctionArgs) => postPurchaseLoader(request);
