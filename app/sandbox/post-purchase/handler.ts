// The post-purchase page Shopify shows between checkout and the thank-you page, when the app has
// a checkout_post_purchase extension. The page runs the app's real extension bundle in the
// browser against an emulated host (browser-host.ts); the host's calls land here:
//
//   GET  /checkouts/post-purchase/<order>            the page (inputData with Shopify's token)
//   POST /checkouts/post-purchase/<order>/calculate  calculateChangeset: {changeset} -> result
//   POST /checkouts/post-purchase/<order>/apply      applyChangeset: {token} -> result
//   GET  /sandbox-assets/post-purchase/host.js       the host script
//   GET  /sandbox-assets/post-purchase/extension.js  the extension, built from extensions/
import type { SandboxContext, SandboxHandler } from "../sandbox-context";
import type { SandboxOrder } from "../store/types";
import { applyChanges, calculateChangeset, MAX_CHANGESETS_PER_PURCHASE, mintInputToken, purchaseReference, verifyChangesetToken } from "./changesets";
import { extensionBundle, findPostPurchaseExtension, hostScript } from "./extension";

const HOST_PATH = "/sandbox-assets/post-purchase/host.js";
const EXTENSION_PATH = "/sandbox-assets/post-purchase/extension.js";
const MAX_BODY_BYTES = 16 * 1024;

/** Where the checkout sends the buyer after placing the order: this page when the app has the extension. */
export function afterCheckoutPath(context: SandboxContext, order: SandboxOrder): string {
  return findPostPurchaseExtension(context.config.extensionsDir) ? `/checkouts/post-purchase/${order.id}` : thankYouPath(order);
}

const thankYouPath = (order: SandboxOrder) => `/checkouts/thank-you/${order.id}`;

const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
const script = (code: string) => new Response(code, { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" } });

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return null;
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === "object" ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** inputData as Shopify gives it to both extension points. */
function inputData(context: SandboxContext, order: SandboxOrder, nowMs: number) {
  const { store, config } = context;
  const currency = order.currencyCode;
  const money = (cents: number) => ({ shopMoney: { amount: (cents / 100).toFixed(2), currencyCode: currency }, presentmentMoney: { amount: (cents / 100).toFixed(2), currencyCode: currency } });
  return {
    extensionPoint: "Checkout::PostPurchase::Render",
    initialPurchase: {
      referenceId: purchaseReference(order),
      customerId: order.customerId === null ? undefined : String(order.customerId),
      destinationCountryCode: order.shippingAddress?.countryCode,
      totalPriceSet: money(order.totalCents),
      lineItems: order.lineItems.map((line) => ({
        product: {
          id: line.productId,
          title: store.product(line.productId)?.title ?? line.title,
          variant: { id: line.variantId, title: line.variantTitle, metafields: [] },
          metafields: [],
        },
        quantity: line.quantity,
        totalPriceSet: money(line.priceCents * line.quantity - line.discountCents),
      })),
    },
    locale: "en",
    shop: { id: 1, domain: config.shopDomain, metafields: [] },
    token: mintInputToken(config, order, nowMs),
    version: "unstable",
  };
}

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function page(context: SandboxContext, order: SandboxOrder, nowMs: number): string {
  const base = `/checkouts/post-purchase/${order.id}`;
  const config = { inputData: inputData(context, order, nowMs), extensionUrl: EXTENSION_PATH, calculateUrl: `${base}/calculate`, applyUrl: `${base}/apply`, thankYouUrl: thankYouPath(order) };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order ${order.name} · One more thing</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f5f5f5; color: #1a1a1a; }
  header { background: #fff; border-bottom: 1px solid #ddd; padding: 16px 24px; }
  main { max-width: 720px; margin: 24px auto; background: #fff; border-radius: 8px; padding: 24px; }
  .pp-blockstack { display: flex; flex-direction: column; gap: 12px; }
  .pp-inlinestack { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
  .pp-callout { background: #eef6ff; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
  .pp-callout-title { margin: 0 0 4px; font-size: 1.1rem; }
  .pp-image { width: 200px; height: 200px; object-fit: cover; border-radius: 6px; background: #eee; }
  .pp-button { font-size: 1rem; padding: 12px 20px; border-radius: 6px; border: 0; background: #1773b0; color: #fff; cursor: pointer; width: 100%; }
  .pp-button-subdued { background: transparent; color: #1773b0; }
  .pp-button:disabled { opacity: 0.5; cursor: default; }
  .pp-subdued { color: #666; } .pp-emphasized { font-weight: 600; } .pp-large { font-size: 1.3rem; } .pp-critical { color: #b00020; }
  .pp-textblock { margin: 0; } .pp-heading { margin: 0; } .pp-separator { border: 0; border-top: 1px solid #ddd; width: 100%; }
</style>
</head>
<body data-post-purchase="loading">
<header><strong>${context.store.state.shop.name.replace(/[<&]/g, "")}</strong> · Order ${order.name} confirmed</header>
<main id="post-purchase-extension" aria-live="polite"><p>Loading…</p></main>
<script type="application/json" id="post-purchase-config">${escapeJson(config)}</script>
<script src="${HOST_PATH}"></script>
</body>
</html>`;
}

/** The post-purchase page and Shopify's side of its API; `usedJtis` remembers applied changesets. */
export function createPostPurchaseHandler(options: { now?: () => number } = {}): SandboxHandler {
  const now = options.now ?? Date.now;
  const usedJtis = new Set<string>();
  const applied = new Map<number, number>(); // order id -> changesets applied

  return async (request, context) => {
    const url = new URL(request.url);
    const isRead = request.method === "GET" || request.method === "HEAD";
    if (url.pathname === HOST_PATH && isRead) return script(await hostScript());
    if (url.pathname === EXTENSION_PATH && isRead) {
      const extension = findPostPurchaseExtension(context.config.extensionsDir);
      if (!extension) return new Response("Not found", { status: 404 });
      return script(await extensionBundle(extension, context.config.appUrl));
    }
    const match = /^\/checkouts\/post-purchase\/(\d+)(\/calculate|\/apply)?$/.exec(url.pathname);
    if (!match) return null;
    const order = context.store.order(Number(match[1]));
    if (!order) return json({ errors: [{ code: "invalid_request", message: "There is no such purchase." }] }, 404);

    if (!match[2]) {
      if (!isRead) return null;
      if (!findPostPurchaseExtension(context.config.extensionsDir)) return new Response(null, { status: 303, headers: { location: thankYouPath(order) } });
      return new Response(page(context, order, now()), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
    }
    if (request.method !== "POST") return json({ errors: [{ code: "invalid_request", message: "Send this with POST." }] }, 405);
    const body = await readJson(request);
    if (!body) return json({ status: "unprocessed", errors: [{ code: "invalid_request", message: "The body is not JSON." }] }, 400);

    if (match[2] === "/calculate") {
      // A changeset object ({changes}) or an app-signed token, as calculateChangeset accepts both.
      let changes: unknown = (body.changeset as { changes?: unknown } | undefined)?.changes;
      if (typeof body.changeset === "string") {
        const verified = verifyChangesetToken(body.changeset, context.config, order, usedJtis, now());
        if (!verified.ok) return json({ status: "unprocessed", errors: [verified.error] }, verified.status);
        changes = verified.changes.map((c) => ({ type: "add_variant", variantId: c.variantId, quantity: c.quantity, discount: c.discount ?? undefined }));
      }
      const result = calculateChangeset(context, order, changes);
      return json(result, result.status === "processed" ? 200 : 422);
    }

    // apply
    if (typeof body.token !== "string") return json({ status: "unprocessed", errors: [{ code: "invalid_request", message: "applyChangeset needs the signed changeset." }], changesetApplicationsRemaining: 0 }, 400);
    const remaining = () => MAX_CHANGESETS_PER_PURCHASE - (applied.get(order.id) ?? 0);
    const verified = verifyChangesetToken(body.token, context.config, order, usedJtis, now());
    if (!verified.ok) return json({ status: "unprocessed", errors: [verified.error], changesetApplicationsRemaining: remaining() }, verified.status);
    if (remaining() <= 0) return json({ status: "unprocessed", errors: [{ code: "invalid_request", message: "No more changesets can be applied to this purchase." }], changesetApplicationsRemaining: 0 }, 422);
    // The jti is spent before anything else happens: a replay is refused even while this one runs.
    usedJtis.add(verified.jti);
    const outcome = applyChanges(context, order, verified.changes, new Date(now()));
    if (!outcome.ok) return json({ status: "unprocessed", errors: [outcome.error], changesetApplicationsRemaining: remaining() }, 422);
    applied.set(order.id, (applied.get(order.id) ?? 0) + 1);
    return json({ status: "processed", errors: [], changesetApplicationsRemaining: remaining() });
  };
}
