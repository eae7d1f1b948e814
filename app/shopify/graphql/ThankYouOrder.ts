import type { ThankYouOrderQuery } from "@shopify-admin-types";

/**
 * The order a thank-you page shows, read from Shopify (the orders/create webhook may not have
 * reached Encore yet when the buyer lands there). A null order: not this shop's.
 */
export const THANK_YOU_ORDER_QUERY = `#graphql
  query ThankYouOrder($id: ID!) {
    order(id: $id) {
      id
      name
      processedAt
      cancelledAt
      customer {
        id
      }
      subtotalPriceSet {
        shopMoney {
          amount
          currencyCode
        }
      }
      totalPriceSet {
        shopMoney {
          amount
        }
      }
      lineItems(first: 50) {
        nodes {
          product {
            id
          }
        }
      }
    }
  }
`;

export type { ThankYouOrderQuery };
