import type { BundleDiscountCreateMutation } from "@shopify-admin-types";

/** Creates the shop's automatic bundle discount, bound to the function, with its configuration metafield. */
export const BUNDLE_DISCOUNT_CREATE_MUTATION = `#graphql
  mutation BundleDiscountCreate($discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type { BundleDiscountCreateMutation };
