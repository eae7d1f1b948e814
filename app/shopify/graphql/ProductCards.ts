import type { ProductCardsQuery } from "@shopify-admin-types";

/** What a product card needs (thank-you block): title, image, lowest price, handle for the link. */
export const PRODUCT_CARDS_QUERY = `#graphql
  query ProductCards($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        handle
        status
        featuredImage {
          url
          altText
        }
        priceRangeV2 {
          minVariantPrice {
            amount
            currencyCode
          }
        }
      }
    }
  }
`;

export type { ProductCardsQuery };
