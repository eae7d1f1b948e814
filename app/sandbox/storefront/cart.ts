// The storefront cart, kept in memory and keyed by the `cart` cookie's token (as Shopify's cart
// token). Operations follow the AJAX Cart API: same response shapes, same error shape and
// wording, prices in cents. A sandbox restart forgets carts, which is what an expired cart does.
import { createHash, randomBytes } from "node:crypto";
import { NO_DISCOUNTS, type DiscountAllocation, type DiscountEvaluator } from "../functions/discount-functions";
import type { SandboxStore } from "../store/store";
import type { SandboxProduct, SandboxVariant } from "../store/types";

export interface CartLine {
  /** Shopify's line key: "<variant id>:<hash of the line's properties>". */
  key: string;
  variantId: number;
  quantity: number;
  properties: Record<string, string>;
}

export interface Cart {
  token: string;
  lines: CartLine[];
  note: string | null;
  attributes: Record<string, string>;
  /** A discount code from /discount/CODE or typed at checkout; applied (or refused) at checkout. */
  discountCode?: string | null;
}

/** A failed cart operation, answered as Shopify does: `{status, message: "Cart Error", description}`. */
export class CartError extends Error {
  constructor(
    public readonly status: number,
    public readonly description: string,
  ) {
    super(description);
  }

  toJSON() {
    return { status: this.status, message: "Cart Error", description: this.description };
  }
}

const MAX_CARTS = 10_000; // bounds memory when a test or crawler opens many sessions

export class CartStore {
  private readonly carts = new Map<string, Cart>();

  get(token: string | null | undefined): Cart | null {
    return token ? (this.carts.get(token) ?? null) : null;
  }

  create(): Cart {
    if (this.carts.size >= MAX_CARTS) this.carts.delete(this.carts.keys().next().value!);
    const cart: Cart = { token: randomBytes(16).toString("hex"), lines: [], note: null, attributes: {} };
    this.carts.set(cart.token, cart);
    return cart;
  }
}

export interface AddItemInput {
  id: unknown;
  quantity?: unknown;
  properties?: unknown;
}

interface PurchasableVariant {
  product: SandboxProduct;
  variant: SandboxVariant;
}

/** A variant a shopper can buy: it exists and its product is published (ACTIVE). */
function purchasableVariant(store: SandboxStore, id: unknown): PurchasableVariant | null {
  const variantId = Number(id);
  if (!Number.isInteger(variantId)) return null;
  const found = store.variant(variantId);
  if (!found || found.product.status !== "ACTIVE") return null;
  return found;
}

function lineTitle(product: SandboxProduct, variant: SandboxVariant): string {
  return variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`;
}

/** Line-item properties as Shopify keeps them: string values, blank ones dropped. */
function normalizeProperties(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || value === undefined || value === "") continue;
    properties[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return properties;
}

function lineKey(variantId: number, properties: Record<string, string>): string {
  const sorted = Object.keys(properties)
    .sort()
    .map((name) => [name, properties[name]]);
  return `${variantId}:${createHash("md5").update(JSON.stringify(sorted)).digest("hex")}`;
}

function parseQuantity(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === "") return fallback;
  const quantity = Number(raw);
  if (!Number.isInteger(quantity) || quantity < 0) throw new CartError(422, "Quantity must be a whole number of 0 or more.");
  return quantity;
}

function quantityInCart(cart: Cart, variantId: number, exceptLine?: CartLine): number {
  return cart.lines.filter((l) => l.variantId === variantId && l !== exceptLine).reduce((sum, l) => sum + l.quantity, 0);
}

/**
 * Shopify's stock errors: sold out, nothing more available, or only some available. Lowering a
 * quantity is always allowed, even when stock fell below what the cart already holds.
 */
function checkStock(found: PurchasableVariant, alreadyInCart: number, wantedTotal: number): void {
  const { product, variant } = found;
  const available = variant.inventoryQuantity;
  if (wantedTotal <= alreadyInCart || wantedTotal <= available) return;
  const title = lineTitle(product, variant);
  if (available <= 0) throw new CartError(422, `The product '${title}' is already sold out.`);
  if (alreadyInCart >= available) throw new CartError(422, `You can't add more ${title} to the cart.`);
  throw new CartError(422, `You can only add ${available} ${title} to the cart.`);
}

/**
 * POST /cart/add.js. All items are checked before any is added, so a 422 leaves the cart as it
 * was (Shopify rejects the whole request). Returns the lines that received the items.
 */
export function addItems(cart: Cart, store: SandboxStore, items: AddItemInput[]): CartLine[] {
  if (items.length === 0) throw new CartError(422, "Cannot find variant");
  const planned = items.map((item) => {
    const found = purchasableVariant(store, item.id);
    if (!found) throw new CartError(422, "Cannot find variant");
    const quantity = parseQuantity(item.quantity, 1);
    if (quantity === 0) throw new CartError(422, "Quantity must be at least 1.");
    return { found, quantity, properties: normalizeProperties(item.properties) };
  });
  // Stock is checked against everything this request adds for the variant, not item by item.
  const addedPerVariant = new Map<number, number>();
  for (const { found, quantity } of planned) {
    const variantId = found.variant.id;
    const inCart = quantityInCart(cart, variantId);
    const total = inCart + (addedPerVariant.get(variantId) ?? 0) + quantity;
    checkStock(found, inCart, total);
    addedPerVariant.set(variantId, total - inCart);
  }

  const touched: CartLine[] = [];
  for (const { found, quantity, properties } of planned) {
    const key = lineKey(found.variant.id, properties);
    let line = cart.lines.find((l) => l.key === key);
    if (line) line.quantity += quantity;
    else {
      line = { key, variantId: found.variant.id, quantity, properties };
      cart.lines.push(line);
    }
    if (!touched.includes(line)) touched.push(line);
  }
  return touched;
}

/**
 * A cart permalink's path, /cart/<variant id>:<quantity>[,<variant id>:<quantity>...], as items;
 * null for any other path.
 */
export function parseCartPermalink(path: string): AddItemInput[] | null {
  const match = /^\/cart\/(\d+:\d+(?:,\d+:\d+)*)$/.exec(path);
  if (!match) return null;
  return match[1].split(",").map((pair) => {
    const [id, quantity] = pair.split(":");
    return { id, quantity };
  });
}

/**
 * GET /cart/<variant>:<quantity>: Shopify's cart permalink makes the cart exactly those items
 * (checked first: a bad item leaves the cart as it was).
 */
export function applyCartPermalink(cart: Cart, store: SandboxStore, items: AddItemInput[]): void {
  const scratch: Cart = { ...cart, lines: [] };
  addItems(scratch, store, items);
  cart.lines = scratch.lines;
}

export interface ChangeLineInput {
  id?: unknown; // a line key ("123:abc") or a variant id
  line?: unknown; // 1-based line index
  quantity?: unknown;
  properties?: unknown;
}

function findLine(cart: Cart, input: ChangeLineInput): CartLine | null {
  if (input.line !== undefined && input.line !== null && input.line !== "") {
    return cart.lines[Number(input.line) - 1] ?? null;
  }
  if (input.id === undefined || input.id === null) return null;
  const id = String(input.id);
  if (id.includes(":")) return cart.lines.find((l) => l.key === id) ?? null;
  return cart.lines.find((l) => l.variantId === Number(id)) ?? null;
}

/** POST /cart/change.js: sets one line's quantity (0 removes it) and optionally its properties. */
export function changeLine(cart: Cart, store: SandboxStore, input: ChangeLineInput): void {
  const line = findLine(cart, input);
  if (!line) throw new CartError(400, "no valid id or line parameter");
  const quantity = parseQuantity(input.quantity, line.quantity);
  if (quantity === 0) {
    cart.lines.splice(cart.lines.indexOf(line), 1);
    return;
  }
  const found = purchasableVariant(store, line.variantId);
  if (!found) throw new CartError(422, "Cannot find variant");
  const inOtherLines = quantityInCart(cart, line.variantId, line);
  checkStock(found, inOtherLines + line.quantity, inOtherLines + quantity);
  line.quantity = quantity;
  if (input.properties !== undefined) {
    line.properties = normalizeProperties(input.properties);
    line.key = lineKey(line.variantId, line.properties);
  }
}

export interface UpdateCartInput {
  updates?: unknown; // {key-or-variant-id: quantity} or [quantity by line]
  note?: unknown;
  attributes?: unknown;
}

/** POST /cart/update.js (minimal): quantities by key/variant/line, note and attributes. */
export function updateCart(cart: Cart, store: SandboxStore, input: UpdateCartInput): void {
  if (Array.isArray(input.updates)) {
    // Quantities by line position; apply from the end so removals do not shift later lines.
    const changes = input.updates.map((quantity, index) => ({ line: index + 1, quantity }));
    for (const change of changes.reverse()) if (cart.lines[change.line - 1]) changeLine(cart, store, change);
  } else if (input.updates && typeof input.updates === "object") {
    for (const [id, rawQuantity] of Object.entries(input.updates as Record<string, unknown>)) {
      const quantity = parseQuantity(rawQuantity, 0);
      if (findLine(cart, { id })) changeLine(cart, store, { id, quantity });
      else if (quantity > 0) addItems(cart, store, [{ id, quantity }]);
    }
  }
  if (typeof input.note === "string") cart.note = input.note;
  if (input.attributes && typeof input.attributes === "object") {
    for (const [name, value] of Object.entries(input.attributes as Record<string, unknown>)) {
      if (value === null || value === "") delete cart.attributes[name];
      else cart.attributes[name] = String(value);
    }
  }
}

/** POST /cart/clear.js: empties the lines, keeps note and attributes (as Shopify does). */
export function clearCart(cart: Cart): void {
  cart.lines = [];
}

/** Drops lines whose variant was deleted or unpublished since it was added. */
function pruneLines(cart: Cart, store: SandboxStore): { line: CartLine; found: PurchasableVariant }[] {
  const live = cart.lines.map((line) => ({ line, found: purchasableVariant(store, line.variantId) }));
  cart.lines = live.filter((entry) => entry.found).map((entry) => entry.line);
  return live.filter((entry): entry is { line: CartLine; found: PurchasableVariant } => entry.found !== null);
}

/** One line as /cart.js lists it, with the automatic discounts allocated to it (Shopify's fields). */
export function lineItemJson(line: CartLine, found: PurchasableVariant, allocations: DiscountAllocation[] = []) {
  const { product, variant } = found;
  const image = product.images[0] ?? null;
  const isDefault = variant.title === "Default Title";
  const originalLinePrice = variant.priceCents * line.quantity;
  const lineDiscount = allocations.reduce((sum, a) => sum + a.amountCents, 0);
  const finalLinePrice = originalLinePrice - lineDiscount;
  const finalPrice = Math.round(finalLinePrice / line.quantity);
  return {
    id: variant.id,
    key: line.key,
    quantity: line.quantity,
    variant_id: variant.id,
    product_id: product.id,
    title: lineTitle(product, variant),
    product_title: product.title,
    variant_title: isDefault ? null : variant.title,
    variant_options: variant.selectedOptions.map((o) => o.value),
    options_with_values: variant.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
    properties: { ...line.properties },
    price: variant.priceCents,
    original_price: variant.priceCents,
    discounted_price: finalPrice,
    final_price: finalPrice,
    line_price: finalLinePrice,
    original_line_price: originalLinePrice,
    final_line_price: finalLinePrice,
    total_discount: lineDiscount,
    discounts: allocations.map((a) => ({ amount: a.amountCents, title: a.message })),
    line_level_discount_allocations: allocations.map((a) => ({
      amount: a.amountCents,
      discount_application: {
        type: "automatic",
        key: `automatic-${a.discountId}`,
        title: a.message,
        description: a.title,
        value_type: "fixed_amount",
        allocation_method: "across",
        target_selection: "explicit",
        target_type: "line_item",
        total_allocated_amount: a.amountCents,
      },
    })),
    line_level_total_discount: lineDiscount,
    sku: variant.sku,
    vendor: product.vendor,
    product_type: product.productType,
    handle: product.handle,
    url: `/products/${product.handle}?variant=${variant.id}`,
    image: image?.url ?? null,
    featured_image: image ? { url: image.url, alt: image.altText, width: image.width, height: image.height, aspect_ratio: image.width / image.height } : null,
    gift_card: product.isGiftCard,
    requires_shipping: !product.isGiftCard,
    taxable: !product.isGiftCard,
    grams: 0,
    product_has_only_default_variant: isDefault,
  };
}

export type CartLineJson = ReturnType<typeof lineItemJson>;

/** The lines as the shop's discount functions see them. */
function pricedLines(live: { line: CartLine; found: PurchasableVariant }[]) {
  return live.map(({ line, found }) => ({
    key: line.key,
    productId: found.product.id,
    variantId: found.variant.id,
    productTitle: found.product.title,
    productHandle: found.product.handle,
    variantTitle: found.variant.title,
    sku: found.variant.sku,
    quantity: line.quantity,
    priceCents: found.variant.priceCents,
    requiresShipping: !found.product.isGiftCard,
    properties: line.properties,
  }));
}

/** GET /cart.js, with the shop's automatic (function) discounts applied to the lines. */
export function cartJson(cart: Cart, store: SandboxStore, discounts: DiscountEvaluator = NO_DISCOUNTS) {
  const live = pruneLines(cart, store);
  const applied = discounts(pricedLines(live));
  const items = live.map(({ line, found }) => lineItemJson(line, found, applied.byLine.get(line.key)));
  const original = items.reduce((sum, item) => sum + item.original_line_price, 0);
  const total = items.reduce((sum, item) => sum + item.final_line_price, 0);
  return {
    token: cart.token,
    note: cart.note,
    attributes: { ...cart.attributes },
    original_total_price: original,
    total_price: total,
    items_subtotal_price: total,
    total_discount: original - total,
    total_weight: 0,
    item_count: items.reduce((sum, item) => sum + item.quantity, 0),
    items,
    requires_shipping: items.some((item) => item.requires_shipping),
    currency: store.state.shop.currencyCode,
    cart_level_discount_applications: [],
  };
}

export type CartJson = ReturnType<typeof cartJson>;

/** The lines as /cart/add.js returns them, or null for a line since removed. */
export function addedItemsJson(lines: CartLine[], store: SandboxStore): CartLineJson[] {
  return lines.flatMap((line) => {
    const found = purchasableVariant(store, line.variantId);
    return found ? [lineItemJson(line, found)] : [];
  });
}
