import type { CustomerTagsAddMutation, CustomerTagsRemoveMutation } from "@shopify-admin-types";

/** Segment membership as a customer tag (Shopify Email, customer segments and ad audiences read tags). */
export const CUSTOMER_TAGS_ADD_MUTATION = `#graphql
  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const CUSTOMER_TAGS_REMOVE_MUTATION = `#graphql
  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export type { CustomerTagsAddMutation, CustomerTagsRemoveMutation };
