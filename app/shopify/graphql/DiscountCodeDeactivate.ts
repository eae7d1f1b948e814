import type { DiscountCodeDeactivateMutation } from "@shopify-admin-types";

/** Ends a code discount now (Shopify keeps it, expired, for the order history). */
export const DISCOUNT_CODE_DEACTIVATE_MUTATION = `#graphql
  mutation DiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type { DiscountCodeDeactivateMutation };
