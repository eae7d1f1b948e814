/** How many orders the shop has (the history import's progress bar needs the total up front). */
export const ORDERS_COUNT_QUERY = `#graphql
  query OrdersCount {
    ordersCount(limit: null) {
      count
    }
  }
`;
