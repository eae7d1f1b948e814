import type { BundleDiscountUpdateMutation } from "@shopify-admin-types";

/** Changes the bundle discount's combinations and/or rewrites its configuration metafield. */
export const BUNDLE_DISCOUNT_UPDATE_MUTATION = `#graphql
  mutation BundleDiscountUpdate($id: ID!, $discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $discount) {
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

export type { BundleDiscountUpdateMutation };
