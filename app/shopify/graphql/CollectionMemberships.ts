import type { CollectionMembershipsQuery } from "@shopify-admin-types";

/**
 * The shop's collections and the products in each, a few collections per page (the nested
 * product page keeps one query under Shopify's 1000-point limit: 2 + 4 × (3 + 240) = 974).
 * A collection with more products is read on with `query: "id:<id>"` and `productsAfter`.
 */
export const COLLECTION_MEMBERSHIPS_QUERY = `#graphql
  query CollectionMemberships($after: String, $query: String, $productsAfter: String) {
    collections(first: 4, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        title
        handle
        products(first: 240, after: $productsAfter) {
          nodes {
            id
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export type { CollectionMembershipsQuery };
