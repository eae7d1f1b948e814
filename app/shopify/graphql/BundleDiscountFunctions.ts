import type { BundleDiscountFunctionsQuery } from "@shopify-admin-types";

/** The app's deployed discount functions: the bundle discount binds to Encore's by handle. */
export const BUNDLE_DISCOUNT_FUNCTIONS_QUERY = `#graphql
  query BundleDiscountFunctions {
    shopifyFunctions(first: 25, apiType: "discount") {
      nodes {
        id
        handle
        title
        apiVersion
      }
    }
  }
`;

export type { BundleDiscountFunctionsQuery };
