import { json } from "@remix-run/node";

/**
 * Any other path under the storefront proxy: a plain 404 (without this, an unknown path would be a
 * document request to the proxy route tree, which has no page to render, and answer 500).
 */
function notFound() {
  return json({ error: "not-found", message: "There is nothing here." }, { status: 404, headers: { "Cache-Control": "no-store" } });
}

export const loader = notFound;
export const action = notFound;
