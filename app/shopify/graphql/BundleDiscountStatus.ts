import type { BundleDiscountStatusQuery } from "@shopify-admin-types";

/** What Shopify has of the bundle discount, for the admin page (active? configuration size?). */
export const BUNDLE_DISCOUNT_STATUS_QUERY = `#graphql
  query BundleDiscountStatus($id: ID!) {
    automaticDiscountNode(id: $id) {
      id
      automaticDiscount {
        ... on DiscountAutomaticApp {
          title
          status
          discountClasses
          combinesWith {
            productDiscounts
            orderDiscounts
            shippingDiscounts
          }
        }
      }
      metafield(namespace: "$app:encore", key: "bundle-config") {
        value
        updatedAt
      }
    }
  }
`;

export type { BundleDiscountStatusQuery };
