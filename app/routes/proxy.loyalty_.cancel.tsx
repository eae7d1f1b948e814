import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { rewardCodesFor } from "~/loyalty/redemption-codes.server";
import { noStore, postOnly, storefrontRedemptionRequest } from "~/loyalty/redemption-request.server";
import { cancelRedemption } from "~/loyalty/redemption.server";

const bodySchema = z.object({
  redemptionId: z.string({ required_error: "Choose a code to cancel." }).min(1, "Choose a code to cancel.").max(64, "That redemption does not exist."),
});

/**
 * POST /apps/encore/loyalty/cancel {redemptionId}: cancels the logged-in customer's unused code
 * and gives its points back (once), or answers 4xx/502 with a message.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const front = await storefrontRedemptionRequest(request, bodySchema);
  if (!front.ok) return front.response;
  const outcome = await cancelRedemption(db, rewardCodesFor(front.admin), { shop: front.shop, customerId: front.customerId, redemptionId: front.body.redemptionId });
  if (!outcome.ok) return json({ error: outcome.error, message: outcome.message }, { status: outcome.status, headers: noStore });
  return json({ redemption: outcome.redemption, available: outcome.balance?.available ?? 0 }, { headers: noStore });
};

export const loader = ({ request }: LoaderFunctionArgs) => postOnly(request);
