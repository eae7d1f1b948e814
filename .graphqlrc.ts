import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { ADMIN_API_VERSION } from "./app/shopify/api-version";

// Typed Admin GraphQL: `npm run graphql-codegen` reads every `#graphql` operation under app/ and
// writes their result types to .shopify-schemas/ (generated, not committed), from Shopify's real
// schema for the app's one API version (fetched offline by scripts/shopify-schemas.sh).
export default {
  schema: `.shopify-schemas/admin-${ADMIN_API_VERSION}.schema.json`,
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: ADMIN_API_VERSION,
      outputDir: "./.shopify-schemas",
      documents: ["./app/**/*.{ts,tsx}", "!./app/sandbox/**", "!./app/db/generated/**"],
    }),
  },
};
