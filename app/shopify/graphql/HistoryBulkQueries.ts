/**
 * The bulk queries of the history import (run with bulkOperationRunQuery; validated against the
 * schema like every operation). Connections without `first`: bulk operations return everything.
 */
export const PRODUCTS_BULK_QUERY = `#graphql
  query ProductsForImport {
    products {
      edges {
        node {
          id
          handle
          title
          vendor
          productType
          tags
          status
          isGiftCard
          updatedAt
        }
      }
    }
  }
`;

export const ORDERS_BULK_QUERY = `#graphql
  query OrdersForImport {
    orders {
      edges {
        node {
          id
          name
          email
          createdAt
          processedAt
          updatedAt
          cancelledAt
          displayFinancialStatus
          currencyCode
          customAttributes {
            key
            value
          }
          customer {
            id
          }
          subtotalPriceSet {
            shopMoney {
              amount
            }
          }
          totalPriceSet {
            shopMoney {
              amount
            }
          }
          lineItems {
            edges {
              node {
                id
                title
                quantity
                product {
                  id
                }
                variant {
                  id
                }
                originalUnitPriceSet {
                  shopMoney {
                    amount
                  }
                }
                totalDiscountSet {
                  shopMoney {
                    amount
                  }
                }
                customAttributes {
                  key
                  value
                }
              }
            }
          }
        }
      }
    }
  }
`;
