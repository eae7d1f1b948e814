import type { PostPurchaseOfferProductsQuery } from "@shopify-admin-types";

/**
 * The candidates of a post-purchase offer: title, image and the variants with price and stock
 * (Encore keeps no prices or stock of its own). At most 8 products × 10 variants.
 */
export const POST_PURCHASE_OFFER_PRODUCTS_QUERY = `#graphql
  query PostPurchaseOfferProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        handle
        status
        featuredImage {
          url
        }
        variants(first: 10) {
          nodes {
            id
            title
            price
            availableForSale
            inventoryQuantity
          }
        }
      }
    }
  }
`;

export type { PostPurchaseOfferProductsQuery };
