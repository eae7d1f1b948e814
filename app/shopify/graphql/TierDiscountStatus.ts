import type { TierDiscountStatusQuery } from "@shopify-admin-types";

/** What Shopify has of the loyalty tier discount, for the VIP tiers page (active? which percents?). */
export const TIER_DISCOUNT_STATUS_QUERY = `#graphql
  query TierDiscountStatus($id: ID!) {
    automaticDiscountNode(id: $id) {
      id
      automaticDiscount {
        ... on DiscountAutomaticApp {
          title
          status
        }
      }
      metafield(namespace: "$app:encore", key: "tier-config") {
        value
      }
    }
  }
`;

export type { TierDiscountStatusQuery };
