import type { LoyaltyMetafieldsSetMutation, LoyaltyTagsAddMutation, LoyaltyTagsRemoveMutation } from "@shopify-admin-types";

/** A member's loyalty balance and tier as customer metafields ($app:loyalty), for themes, Shopify Email and segments. */
export const LOYALTY_METAFIELDS_SET_MUTATION = `#graphql
  mutation LoyaltyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        value
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** The member's tier tag. */
export const LOYALTY_TAGS_ADD_MUTATION = `#graphql
  mutation LoyaltyTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

/** The tag of the member's previous tier. */
export const LOYALTY_TAGS_REMOVE_MUTATION = `#graphql
  mutation LoyaltyTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export type { LoyaltyMetafieldsSetMutation, LoyaltyTagsAddMutation, LoyaltyTagsRemoveMutation };
