import type { DiscountCodeFreeShippingCreateMutation } from "@shopify-admin-types";

/** Creates one free-shipping code discount (a "free shipping" reward). */
export const DISCOUNT_CODE_FREE_SHIPPING_CREATE_MUTATION = `#graphql
  mutation DiscountCodeFreeShippingCreate($discount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $discount) {
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

export type { DiscountCodeFreeShippingCreateMutation };
