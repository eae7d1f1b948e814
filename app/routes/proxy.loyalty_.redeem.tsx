import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { db } from "~/db.server";
import { rewardCodesFor } from "~/loyalty/redemption-codes.server";
import { noStore, postOnly, storefrontRedemptionRequest } from "~/loyalty/redemption-request.server";
import { redeemReward } from "~/loyalty/redemption.server";

const bodySchema = z.object({
  rewardId: z.string({ required_error: "Choose a reward." }).min(1, "Choose a reward.").max(64, "That reward does not exist."),
  // One per click in the widget: a replay or double click answers like the first, spending once.
  requestId: z.string({ required_error: "The request has no id." }).regex(/^[\w-]{8,64}$/, "The request id is not valid."),
});

/**
 * POST /apps/encore/loyalty/redeem {rewardId, requestId}: spends the logged-in customer's points
 * on a reward and answers with the single-use code and its apply link, or a 4xx/502 with a message.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const front = await storefrontRedemptionRequest(request, bodySchema);
  if (!front.ok) return front.response;
  const outcome = await redeemReward(db, rewardCodesFor(front.admin), {
    shop: front.shop,
    customerId: front.customerId,
    rewardId: front.body.rewardId,
    requestId: front.body.requestId,
  });
  if (!outcome.ok) return json({ error: outcome.error, message: outcome.message }, { status: outcome.status, headers: noStore });
  return json({ redemption: outcome.redemption, available: outcome.balance?.available ?? 0 }, { headers: noStore });
};

export const loader = ({ request }: LoaderFunctionArgs) => postOnly(request);
