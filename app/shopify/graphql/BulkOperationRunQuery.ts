/**
 * Starts a bulk query: Shopify runs it in the background and writes the result as JSONL.
 * groupObjects puts each object's children right after it, so the file can be read as a stream.
 */
export const BULK_OPERATION_RUN_QUERY_MUTATION = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
      }
    }
  }
`;
