import type { CustomerBirthdaysQuery } from "@shopify-admin-types";

/** The shop's customers with their birthday (Shopify's standard `facts.birth_date` metafield), a page at a time. */
export const CUSTOMER_BIRTHDAYS_QUERY = `#graphql
  query CustomerBirthdays($after: String) {
    customers(first: 250, after: $after, sortKey: ID) {
      nodes {
        id
        birthDate: metafield(namespace: "facts", key: "birth_date") {
          value
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export type { CustomerBirthdaysQuery };
