// Shopify's side of post-purchase changesets: the input token Shopify hands the extension, the
// check of the app-signed changeset JWT (HS256 under the app secret, iss = API key, sub = the
// purchase's reference, a jti used once, signed after the purchase), the price calculation shown
// to the buyer, and the application to the order (a line added at the discounted price, stock
// taken, orders/edited + orders/updated sent).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { SandboxConfig, SandboxContext } from "../sandbox-context";
import type { SandboxLineItem, SandboxOrder } from "../store/types";
import { TAX_RATE } from "../storefront/checkout";

/** How long Shopify's input token is valid (the buyer has this long on the page). */
export const INPUT_TOKEN_LIFETIME_SECONDS = 15 * 60;
/** Shopify applies at most three changesets to one purchase. */
export const MAX_CHANGESETS_PER_PURCHASE = 3;
const CLOCK_SKEW_SECONDS = 10;

export type ChangesetErrorCode = "invalid_request" | "insufficient_inventory" | "changeset_already_applied" | "server_error";
export interface ChangesetError {
  code: ChangesetErrorCode;
  message: string;
}

const base64url = (text: string) => Buffer.from(text).toString("base64url");
const hmac = (input: string, secret: string) => createHmac("sha256", secret).update(input).digest("base64url");

/** The sandbox's reference id of a purchase (Shopify's is opaque; the order id keeps the sandbox readable). */
export const purchaseReference = (order: SandboxOrder) => String(order.id);

/** The JWT Shopify puts in inputData.token: iss "shopify", sub = the purchase, dest = the shop. */
export function mintInputToken(config: Pick<SandboxConfig, "apiSecret" | "shopDomain">, order: SandboxOrder, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims = { iss: "shopify", sub: purchaseReference(order), dest: config.shopDomain, iat, exp: iat + INPUT_TOKEN_LIFETIME_SECONDS };
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${hmac(signingInput, config.apiSecret)}`;
}

export interface AddVariant {
  variantId: number;
  quantity: number;
  discount: { value: number; valueType: "percentage" | "fixed_amount"; title: string } | null;
}

/** The add_variant changes of a changeset (the only kind the sandbox supports); accepts variantID and variantId. */
export function parseChanges(raw: unknown): { ok: true; changes: AddVariant[] } | { ok: false; error: ChangesetError } {
  const invalid = (message: string) => ({ ok: false as const, error: { code: "invalid_request" as const, message } });
  if (!Array.isArray(raw) || raw.length === 0) return invalid("The changeset has no changes.");
  const changes: AddVariant[] = [];
  for (const change of raw as Record<string, unknown>[]) {
    if (!change || change.type !== "add_variant") return invalid(`Unsupported change type: ${String(change?.type)}.`);
    const variantId = Number(change.variantID ?? change.variantId);
    const quantity = Number(change.quantity);
    if (!Number.isInteger(variantId) || variantId <= 0) return invalid("add_variant needs a variantID.");
    if (!Number.isInteger(quantity) || quantity < 1) return invalid("add_variant needs a positive quantity.");
    const d = change.discount as Record<string, unknown> | undefined;
    let discount: AddVariant["discount"] = null;
    if (d) {
      const value = Number(d.value);
      if ((d.valueType !== "percentage" && d.valueType !== "fixed_amount") || !(value >= 0) || (d.valueType === "percentage" && value > 100)) return invalid("The discount is not valid.");
      discount = { value, valueType: d.valueType, title: typeof d.title === "string" ? d.title : "Discount" };
    }
    changes.push({ variantId, quantity, discount });
  }
  return { ok: true, changes };
}

export type VerifiedChangeset = { ok: true; jti: string; changes: AddVariant[] } | { ok: false; status: 401 | 422; error: ChangesetError };

/** Checks an app-signed changeset token for this order; `usedJtis` is Shopify's memory of applied tokens. */
export function verifyChangesetToken(
  token: string,
  config: Pick<SandboxConfig, "apiKey" | "apiSecret">,
  order: SandboxOrder,
  usedJtis: ReadonlySet<string>,
  nowMs = Date.now(),
): VerifiedChangeset {
  const refuse = (message: string) => ({ ok: false as const, status: 401 as const, error: { code: "invalid_request" as const, message } });
  const parts = token.split(".");
  if (parts.length !== 3) return refuse("The changeset is not a JWT.");
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return refuse("The changeset is not a JWT.");
  }
  if (header?.alg !== "HS256") return refuse("The changeset must be signed with HS256.");
  const expected = Buffer.from(hmac(`${parts[0]}.${parts[1]}`, config.apiSecret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return refuse("The changeset's signature is not valid.");
  if (claims.iss !== config.apiKey) return refuse("The changeset was not issued by this app (iss).");
  if (claims.sub !== purchaseReference(order)) return refuse("The changeset is for another purchase (sub).");
  if (typeof claims.jti !== "string" || claims.jti.length === 0) return refuse("The changeset has no jti.");
  if (typeof claims.iat !== "number") return refuse("The changeset has no iat.");
  const now = Math.floor(nowMs / 1000);
  // Shopify refuses changesets signed before the purchase was completed.
  if (claims.iat < Math.floor(Date.parse(order.createdAt) / 1000) - CLOCK_SKEW_SECONDS || claims.iat > now + CLOCK_SKEW_SECONDS) return refuse("The changeset's iat is out of range.");
  if (typeof claims.exp === "number" && claims.exp < now - CLOCK_SKEW_SECONDS) return refuse("The changeset has expired.");
  if (usedJtis.has(claims.jti)) return { ok: false, status: 422, error: { code: "changeset_already_applied", message: "This changeset was already applied." } };
  const parsed = parseChanges(claims.changes);
  if (!parsed.ok) return { ok: false, status: 422, error: parsed.error };
  return { ok: true, jti: claims.jti, changes: parsed.changes };
}

interface PricedLine {
  change: AddVariant;
  line: Omit<SandboxLineItem, "id">;
  netCents: number;
  taxCents: number;
}

function priceChanges(context: SandboxContext, changes: AddVariant[]): { ok: true; lines: PricedLine[] } | { ok: false; error: ChangesetError } {
  const lines: PricedLine[] = [];
  for (const change of changes) {
    const found = context.store.variant(change.variantId);
    if (!found || found.product.status !== "ACTIVE") return { ok: false, error: { code: "invalid_request", message: `Variant ${change.variantId} is not for sale.` } };
    const { product, variant } = found;
    if (variant.inventoryQuantity < change.quantity) return { ok: false, error: { code: "insufficient_inventory", message: `${product.title} is out of stock.` } };
    const gross = variant.priceCents * change.quantity;
    const discountCents = !change.discount
      ? 0
      : change.discount.valueType === "percentage"
        ? Math.round((gross * change.discount.value) / 100)
        : Math.min(gross, Math.round(change.discount.value * 100) * change.quantity);
    const netCents = gross - discountCents;
    lines.push({
      change,
      netCents,
      taxCents: product.isGiftCard ? 0 : Math.round(netCents * TAX_RATE),
      line: {
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        variantTitle: variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity: change.quantity,
        priceCents: variant.priceCents,
        discountCents,
        properties: [],
      },
    });
  }
  return { ok: true, lines };
}

const decimal = (cents: number) => (cents / 100).toFixed(2);

/** calculateChangeset's answer: the purchase as it would be with the changes (shipping unchanged). */
export function calculateChangeset(context: SandboxContext, order: SandboxOrder, rawChanges: unknown) {
  const parsed = parseChanges(rawChanges);
  if (!parsed.ok) return { status: "unprocessed" as const, errors: [parsed.error] };
  const priced = priceChanges(context, parsed.changes);
  if (!priced.ok) return { status: "unprocessed" as const, errors: [priced.error] };
  const currency = order.currencyCode;
  const money = (cents: number) => ({ shopMoney: { amount: decimal(cents), currencyCode: currency }, presentmentMoney: { amount: decimal(cents), currencyCode: currency } });
  const added = priced.lines.reduce((sum, l) => sum + l.netCents, 0);
  const addedTax = priced.lines.reduce((sum, l) => sum + l.taxCents, 0);
  return {
    status: "processed" as const,
    errors: [],
    calculatedPurchase: {
      subtotalPriceSet: money(order.subtotalCents + added),
      totalPriceSet: money(order.totalCents + added + addedTax),
      addedTaxLines: addedTax > 0 ? [{ priceSet: money(addedTax), rate: TAX_RATE, title: "Sales Tax" }] : [],
      updatedLineItems: priced.lines.map((l) => ({
        productId: l.line.productId,
        variantId: l.line.variantId,
        productHandle: context.store.product(l.line.productId)?.handle ?? "",
        quantity: l.line.quantity,
        priceSet: money(l.line.priceCents),
        totalPriceSet: money(l.netCents),
      })),
      addedShippingLines: [],
      // What the buyer would be charged now: the difference (the purchase itself is paid).
      totalOutstandingSet: money(added + addedTax),
    },
  };
}

/** Adds the changes to the order (charging the buyer's payment method, as the bogus gateway always succeeds) and announces the edit. */
export function applyChanges(context: SandboxContext, order: SandboxOrder, changes: AddVariant[], now = new Date()): { ok: true } | { ok: false; error: ChangesetError } {
  const priced = priceChanges(context, changes);
  if (!priced.ok) return priced;
  const { store } = context;
  const nowIso = now.toISOString();
  const added: { lineItemId: number; quantity: number }[] = [];
  for (const { line, netCents, taxCents, change } of priced.lines) {
    const lineItem: SandboxLineItem = { id: store.nextId(), ...line };
    order.lineItems.push(lineItem);
    order.subtotalCents += netCents;
    order.taxCents += taxCents;
    order.totalCents += netCents + taxCents;
    store.variant(line.variantId)!.variant.inventoryQuantity -= line.quantity;
    if (change.discount && order.discountCodes.length === 0) {
      order.automaticDiscountTitles = [...new Set([...(order.automaticDiscountTitles ?? []), change.discount.title])];
    }
    added.push({ lineItemId: lineItem.id, quantity: line.quantity });
  }
  order.updatedAt = nowIso;
  store.changed();
  context.events.orderEdited(order, { id: store.nextId(), createdAt: nowIso, addedLineItems: added });
  return { ok: true };
}
