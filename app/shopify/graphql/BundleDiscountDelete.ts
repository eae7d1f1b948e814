import type { BundleDiscountDeleteMutation } from "@shopify-admin-types";

/** Turning the bundle discount off deletes it in Shopify (turning it on creates a fresh one). */
export const BUNDLE_DISCOUNT_DELETE_MUTATION = `#graphql
  mutation BundleDiscountDelete($id: ID!) {
    discountAutomaticDelete(id: $id) {
      deletedAutomaticDiscountId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type { BundleDiscountDeleteMutation };
