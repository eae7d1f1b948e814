import type { ShopDetailsQuery } from "@shopify-admin-types";

/** The shop facts Encore keeps on install (currency for money, time zone for reports). */
export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
      plan {
        displayName
      }
    }
  }
`;


export type { ShopDetailsQuery };
