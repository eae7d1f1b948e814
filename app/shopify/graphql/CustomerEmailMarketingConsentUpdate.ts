import type { CustomerEmailMarketingConsentUpdateMutation } from "@shopify-admin-types";

/** Sets a customer's email marketing state in Shopify (an unsubscribe from a flow email). */
export const CUSTOMER_EMAIL_MARKETING_CONSENT_UPDATE_MUTATION = `#graphql
  mutation CustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export type { CustomerEmailMarketingConsentUpdateMutation };
