import type { DiscountCodeBasicCreateMutation } from "@shopify-admin-types";

/** Creates one code discount (a reward or a next-order code); the caller sets who may use it and how often. */
export const DISCOUNT_CODE_BASIC_CREATE_MUTATION = `#graphql
  mutation DiscountCodeBasicCreate($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
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

export type { DiscountCodeBasicCreateMutation };
