import type { AdminGraphql } from "../shopify/admin-api.server";
import { codeUsageCount, createSingleUseCode, deactivateCode } from "../shopify/discount-codes.server";
import type { RewardCodes } from "./redemption.server";

/** Reward codes made through the shop's Admin API (the one discount-code module, app/shopify/discount-codes.server.ts). */
export function rewardCodesFor(admin: AdminGraphql): RewardCodes {
  return {
    create: (request) => createSingleUseCode(admin, request),
    usageCount: (discountId) => codeUsageCount(admin, discountId),
    deactivate: (discountId) => deactivateCode(admin, discountId),
  };
}
