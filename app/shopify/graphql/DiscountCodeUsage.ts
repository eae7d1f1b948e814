import type { DiscountCodeUsageQuery } from "@shopify-admin-types";

/** How many orders used a code discount (null node = the discount is gone). */
export const DISCOUNT_CODE_USAGE_QUERY = `#graphql
  query DiscountCodeUsage($id: ID!) {
    codeDiscountNode(id: $id) {
      id
      codeDiscount {
        __typename
        ... on DiscountCodeBasic {
          asyncUsageCount
          status
        }
        ... on DiscountCodeFreeShipping {
          asyncUsageCount
          status
        }
      }
    }
  }
`;

export type { DiscountCodeUsageQuery };
