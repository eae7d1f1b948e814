import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/env.server";
import { adaptDocumentHeadersToLocalShopify } from "~/shopify/local-shopify.server";
import { authenticate } from "~/shopify.server";

// Shopify's auth paths (/auth/session-token, /auth/exit-iframe, ...), answered by the library
// with pages it renders itself; in sandbox mode the local admin must be allowed to frame them.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  try {
    await authenticate.admin(request);
  } catch (thrown) {
    if (thrown instanceof Response && env.LOCAL_SHOPIFY_URL) adaptDocumentHeadersToLocalShopify(thrown.headers, env.LOCAL_SHOPIFY_URL);
    throw thrown;
  }
  return null;
};
