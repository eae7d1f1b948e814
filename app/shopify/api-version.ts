import { ApiVersion } from "@shopify/shopify-api";

/**
 * The one Admin API version Encore speaks. shopify.app.toml ([webhooks] api_version), codegen and
 * the sandbox use the same value; a test checks they agree.
 */
export const ADMIN_API_VERSION = ApiVersion.October26;
