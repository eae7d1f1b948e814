import type { CustomerMarketingConsentQuery } from "@shopify-admin-types";

/** A customer's email marketing state now (flows check it before each send; webhooks no longer carry it). */
export const CUSTOMER_MARKETING_CONSENT_QUERY = `#graphql
  query CustomerMarketingConsent($id: ID!) {
    customer(id: $id) {
      id
      defaultEmailAddress {
        emailAddress
        marketingState
      }
    }
  }
`;

export type { CustomerMarketingConsentQuery };
