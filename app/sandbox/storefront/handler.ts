// The sandbox shop's online store, at config.publicUrl: pages rendered from the sandbox's own
// mini theme (./theme), the AJAX Cart API, a one-page checkout that places real sandbox orders,
// a customer switcher instead of customer accounts, the app proxy, and Encore's theme app
// extension rendered from extensions/ as Shopify renders it. Paths it does not own return null.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { thankYouBlocksHtml } from "../checkout-extensions/host";
import { shopDiscounts } from "../functions/discount-functions";
import { afterCheckoutPath } from "../post-purchase/handler";
import type { SandboxContext, SandboxHandler } from "../sandbox-context";
import type { SandboxAddress, SandboxCustomer, SandboxOrder } from "../store/types";
import { appProxyPathPrefix, forwardAppProxyRequest, readAppProxyConfig, type AppProxyConfig } from "./app-proxy";
import {
  addedItemsJson,
  addItems,
  applyCartPermalink,
  CartError,
  cartJson,
  CartStore,
  changeLine,
  clearCart,
  parseCartPermalink,
  updateCart,
  type AddItemInput,
  type Cart,
} from "./cart";
import { signUpCustomer } from "../store/sign-up";
import { CheckoutError, checkoutCustomerId, checkoutQuote, placeOrder } from "./checkout";
import { serveExtensionAsset } from "./extension-assets";
import { createLiquidEngine, defaultMoneyFormats, extractLayoutNone, safeJson } from "./liquid-engine";
import {
  cartObject,
  collectionObject,
  customerObject,
  isPublished,
  productObject,
  ROUTES,
  shopObject,
} from "./liquid-objects";
import { productImageSvg, titleFromHandle } from "./product-image";
import { listExtensionBlocks, PageAssets, renderBlocksForTarget, type ExtensionBlock } from "./render-blocks";

const DEFAULT_THEME_DIR = fileURLToPath(new URL("./theme/", import.meta.url));
const CART_COOKIE = "cart"; // Shopify's cart token cookie
const CUSTOMER_COOKIE = "sandbox_customer"; // stands in for a customer-accounts session
const SWITCHER_SIZE = 20;

export interface StorefrontHandlerOptions {
  /** The sandbox theme's folder (layout/, templates/, snippets/). */
  themeDir?: string;
  now?: () => number;
}

// ---------------------------------------------------------------------------------------------
// Requests, cookies and responses

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      // a malformed cookie is ignored, as browsers' servers do
    }
  }
  return cookies;
}

/** Form fields to an object the way Rails (Shopify) reads them: a[b]=1 -> {a:{b:"1"}}, a[]=1 -> {a:["1"]}. */
export function formFieldsToObject(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue;
    const nested = /^([^[\]]+)\[([^\]]*)\]$/.exec(name);
    if (!nested) {
      result[name] = value;
      continue;
    }
    const [, outer, inner] = nested;
    if (inner === "") {
      const list = Array.isArray(result[outer]) ? (result[outer] as unknown[]) : [];
      list.push(value);
      result[outer] = list;
    } else {
      const map = result[outer] && typeof result[outer] === "object" && !Array.isArray(result[outer]) ? (result[outer] as Record<string, unknown>) : {};
      map[inner] = value;
      result[outer] = map;
    }
  }
  return result;
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.includes("application/json")) {
    const text = await request.text();
    if (!text.trim()) return {};
    try {
      const body: unknown = JSON.parse(text);
      return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
    } catch {
      throw new CartError(400, "Invalid JSON in request body");
    }
  }
  if (contentType.includes("form")) return formFieldsToObject(await request.formData());
  return {};
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** A local path to go back to after login/logout; anything else (other sites) becomes "/". */
function safeReturnPath(candidate: string | null | undefined, request: Request): string {
  let path = candidate ?? null;
  if (!path) {
    const referer = request.headers.get("referer");
    if (referer) {
      try {
        const refererUrl = new URL(referer);
        if (refererUrl.host === new URL(request.url).host) path = refererUrl.pathname + refererUrl.search;
      } catch {
        path = null;
      }
    }
  }
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}

/** The shopper behind a request: their cart (created on first use) and the customer they are logged in as. */
class Shopper {
  readonly setCookies: string[] = [];
  private readonly cookies: Record<string, string>;
  private cartValue: Cart | null;
  readonly customer: SandboxCustomer | null;

  constructor(
    request: Request,
    private readonly context: SandboxContext,
    private readonly carts: CartStore,
  ) {
    this.cookies = parseCookies(request.headers.get("cookie"));
    this.cartValue = carts.get(this.cookies[CART_COOKIE]);
    const customerId = Number(this.cookies[CUSTOMER_COOKIE]);
    this.customer = Number.isInteger(customerId) && customerId > 0 ? context.store.customer(customerId) : null;
  }

  get cart(): Cart {
    if (!this.cartValue) {
      this.cartValue = this.carts.create();
      this.setCookies.push(`${CART_COOKIE}=${this.cartValue.token}; Path=/; Max-Age=${14 * 24 * 3600}; SameSite=Lax`);
    }
    return this.cartValue;
  }

  logIn(customerId: number): void {
    this.setCookies.push(`${CUSTOMER_COOKIE}=${customerId}; Path=/; SameSite=Lax; HttpOnly`);
  }

  logOut(): void {
    this.setCookies.push(`${CUSTOMER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly`);
  }
}

function respond(body: BodyInit | null, init: ResponseInit, shopper: Shopper): Response {
  const headers = new Headers(init.headers);
  for (const cookie of shopper.setCookies) headers.append("set-cookie", cookie);
  return new Response(body, { ...init, headers });
}

function json(data: unknown, shopper: Shopper, status = 200): Response {
  return respond(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8" } }, shopper);
}

function redirect(location: string, shopper: Shopper): Response {
  return respond(null, { status: 303, headers: { location } }, shopper);
}

function cartErrorJson(error: unknown, shopper: Shopper): Response {
  if (error instanceof CartError) return json(error.toJSON(), shopper, error.status);
  throw error;
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface RequestEnv {
  request: Request;
  url: URL;
  context: SandboxContext;
  shopper: Shopper;
  themeDir: string;
}

interface AppToml {
  handle: string;
  proxy: AppProxyConfig | null;
}

let appTomlCache: { path: string; mtimeMs: number; value: AppToml } | null = null;

/**
 * The app's handle and [app_proxy] from shopify.app.toml, re-read when the file changes (as
 * `shopify app dev` picks up config edits). No readable file means no app proxy.
 */
function readAppToml(appConfigPath: string): AppToml {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(appConfigPath).mtimeMs;
  } catch {
    return { handle: "app", proxy: null };
  }
  if (appTomlCache && appTomlCache.path === appConfigPath && appTomlCache.mtimeMs === mtimeMs) return appTomlCache.value;
  const toml = parseToml(readFileSync(appConfigPath, "utf8")) as { handle?: string };
  const value = { handle: toml.handle ?? "app", proxy: readAppProxyConfig(appConfigPath) };
  appTomlCache = { path: appConfigPath, mtimeMs, value };
  return value;
}

/** Customers to offer in the header's switcher: the most frequent buyers first, plus the current one. */
function switcherCustomers(env: RequestEnv) {
  const { store } = env.context;
  const orderCounts = new Map<number, number>();
  for (const order of store.state.orders) if (order.customerId !== null) orderCounts.set(order.customerId, (orderCounts.get(order.customerId) ?? 0) + 1);
  const ranked = [...store.state.customers].sort((a, b) => (orderCounts.get(b.id) ?? 0) - (orderCounts.get(a.id) ?? 0) || a.id - b.id);
  const chosen = ranked.slice(0, SWITCHER_SIZE);
  const current = env.shopper.customer;
  if (current && !chosen.includes(current)) chosen.unshift(current);
  return chosen.map((c) => ({
    id: c.id,
    name: `${c.firstName} ${c.lastName}`.trim() || c.email,
    email: c.email,
    orders_count: orderCounts.get(c.id) ?? 0,
  }));
}

/** The Liquid globals of every storefront page. */
function pageGlobals(env: RequestEnv, pageType: string | undefined) {
  const { context, shopper, url } = env;
  const { store, config } = context;
  const formats = defaultMoneyFormats(store.state.shop.currencyCode);
  const cart = cartObject(cartJson(shopper.cart, store, shopDiscounts(context, shopper.customer)));
  return {
    shop: shopObject(store, config, formats),
    cart,
    customer: shopper.customer ? customerObject(store, shopper.customer) : null,
    request: { path: url.pathname, page_type: pageType, host: url.host, origin: url.origin, locale: { iso_code: "en", primary: true } },
    routes: ROUTES,
    // Computed only when a template reads them (liquidjs reads own getters lazily).
    get collections() {
      return store.state.collections.map((c) => collectionObject(store, c));
    },
    sandbox: {
      get customers() {
        return switcherCustomers(env);
      },
      nav_collections: store.state.collections.map((c) => ({ title: c.title, url: `/collections/${c.handle}` })),
    },
  };
}

interface RenderOptions {
  template: string;
  pageType?: string;
  pageTitle?: string;
  scope?: Record<string, unknown>;
  status?: number;
  /** Liquid source to render instead of a theme template (app-proxy answers). */
  source?: string;
  useLayout?: boolean;
}

function engineFormats(env: RequestEnv) {
  const currencyCode = env.context.store.state.shop.currencyCode;
  return { currencyCode, ...defaultMoneyFormats(currencyCode) };
}

/**
 * Renders a page as Shopify does: the template (with section app blocks in its slot), then the
 * app embeds, then the layout around them with every block's assets in <head>.
 */
async function renderPage(env: RequestEnv, options: RenderOptions): Promise<Response> {
  const { context, themeDir } = env;
  const assets = new PageAssets();
  const formats = engineFormats(env);
  const engine = createLiquidEngine({
    ...formats,
    root: [themeDir],
    partials: [join(themeDir, "snippets")],
    assetUrl: (file) => `/sandbox-theme/assets/${encodeURIComponent(file)}`,
    translations: {},
    onJavascript: (code) => assets.inlineJs.push(code),
    onStylesheet: (css) => assets.inlineCss.push(css),
  });
  // Globals stay one object (not spread) so its lazy getters run only if a template reads them.
  const globals = pageGlobals(env, options.pageType);
  const scope = options.scope ?? {};
  const pageType = options.pageType ?? "";
  // ?sandbox_app_blocks=off renders the same page with no app blocks or embeds (as with every
  // app switched off in the theme editor): the baseline `npm run bench` compares Encore's cost with.
  const blocks: ExtensionBlock[] = env.url.searchParams.get("sandbox_app_blocks") === "off" ? [] : listExtensionBlocks(context.config.extensionsDir);
  const blockOptions = { globals, scope, assets, engine: formats, pageType, appHandle: readAppToml(context.config.appConfigPath).handle };

  // The product and cart templates have an app-block slot (blocks choose via enabled_on).
  const appBlocks = options.template === "product" || options.template === "cart" ? await renderBlocksForTarget(blocks, ["section"], blockOptions) : "";
  const content =
    options.source !== undefined
      ? await engine.parseAndRender(options.source, scope, { globals })
      : await engine.renderFile(`templates/${options.template}`, { ...scope, app_blocks: appBlocks }, { globals });
  if (options.useLayout === false) {
    return respond(content, { status: options.status ?? 200, headers: { "content-type": "text/html; charset=utf-8" } }, env.shopper);
  }

  const headEmbeds = await renderBlocksForTarget(blocks, ["head"], blockOptions);
  const bodyEmbeds = await renderBlocksForTarget(blocks, ["body"], blockOptions);
  // Shopify's content_for_header also defines window.Shopify; widgets read shop and currency from it.
  const shopifyGlobal = `<script>window.Shopify = window.Shopify || {}; Shopify.shop = ${safeJson(context.config.shopDomain)}; Shopify.currency = { active: ${safeJson(formats.currencyCode)}, rate: "1.0" }; Shopify.routes = { root: "/" };</script>`;
  const html = await engine.renderFile(
    "layout/theme",
    {
      ...scope,
      page_title: options.pageTitle,
      content_for_layout: content,
      content_for_header: [shopifyGlobal, assets.headHtml(), headEmbeds].filter(Boolean).join("\n"),
      content_for_body_end: [bodyEmbeds, assets.bodyEndHtml()].filter(Boolean).join("\n"),
    },
    { globals },
  );
  return respond(html, { status: options.status ?? 200, headers: { "content-type": "text/html; charset=utf-8" } }, env.shopper);
}

function notFoundPage(env: RequestEnv, message?: string): Promise<Response> {
  return renderPage(env, { template: "404", pageType: "404", pageTitle: "Not found", status: 404, scope: { not_found_message: message } });
}

// ---------------------------------------------------------------------------------------------
// Catalogue pages

async function productPage(env: RequestEnv, handle: string): Promise<Response> {
  const { store } = env.context;
  const product = store.productByHandle(handle);
  if (!product || !isPublished(product)) return notFoundPage(env, "This product is not available.");
  const variantId = Number(env.url.searchParams.get("variant")) || null;
  return renderPage(env, { template: "product", pageType: "product", pageTitle: product.title, scope: { product: productObject(store, product, variantId) } });
}

/** GET /products/<handle>.js: Shopify's product JSON for storefront scripts (prices in cents). */
function productJs(env: RequestEnv, handle: string): Response {
  const { store } = env.context;
  const product = store.productByHandle(handle);
  if (!product || !isPublished(product)) return json({ status: 404, message: "Not Found", description: "Not Found" }, env.shopper, 404);
  const liquid = productObject(store, product);
  return json(
    {
      id: product.id,
      title: product.title,
      handle: product.handle,
      description: product.descriptionHtml,
      created_at: product.createdAt,
      vendor: product.vendor,
      type: product.productType,
      tags: product.tags,
      price: liquid.price,
      price_min: liquid.price_min,
      price_max: liquid.price_max,
      price_varies: liquid.price_varies,
      compare_at_price: liquid.compare_at_price,
      available: liquid.available,
      images: product.images.map((i) => i.url),
      featured_image: product.images[0]?.url ?? null,
      options: liquid.options_with_values.map((o) => ({ name: o.name, position: o.position, values: o.values })),
      url: liquid.url,
      variants: product.variants.map((v) => ({
        id: v.id,
        title: v.title,
        sku: v.sku,
        price: v.priceCents,
        compare_at_price: v.compareAtPriceCents,
        available: v.inventoryQuantity > 0,
        options: v.selectedOptions.map((o) => o.value),
        option1: v.selectedOptions[0]?.value ?? null,
        option2: v.selectedOptions[1]?.value ?? null,
        option3: v.selectedOptions[2]?.value ?? null,
        name: v.title === "Default Title" ? product.title : `${product.title} - ${v.title}`,
        requires_shipping: !product.isGiftCard,
        taxable: !product.isGiftCard,
      })),
    },
    env.shopper,
  );
}

async function collectionPage(env: RequestEnv, handle: string): Promise<Response> {
  const { store } = env.context;
  const collection = handle === "all" ? "all" : store.collectionByHandle(handle);
  if (!collection) return notFoundPage(env, "This collection does not exist.");
  const liquid = collectionObject(store, collection);
  return renderPage(env, { template: "collection", pageType: "collection", pageTitle: liquid.title, scope: { collection: liquid } });
}

function productImage(env: RequestEnv, rawHandle: string): Response {
  const handle = safeDecode(rawHandle);
  if (handle === null) return new Response("Not found", { status: 404 });
  const product = env.context.store.productByHandle(handle);
  const view = env.url.searchParams.get("view") === "2" ? 2 : 1;
  return new Response(productImageSvg(handle, product?.title ?? titleFromHandle(handle), view), {
    headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}

// ---------------------------------------------------------------------------------------------
// Cart

async function cartAddJs(env: RequestEnv): Promise<Response> {
  const { shopper, context } = env;
  try {
    const body = await readBody(env.request);
    if (Array.isArray(body.items)) {
      const lines = addItems(shopper.cart, context.store, body.items as AddItemInput[]);
      return json({ items: addedItemsJson(lines, context.store) }, shopper);
    }
    // The single-item form (id, quantity, properties) answers with the item itself.
    const lines = addItems(shopper.cart, context.store, [{ id: body.id, quantity: body.quantity, properties: body.properties }]);
    return json(addedItemsJson(lines, context.store)[0], shopper);
  } catch (error) {
    return cartErrorJson(error, shopper);
  }
}

async function cartPage(env: RequestEnv, cartError?: string, status = 200): Promise<Response> {
  return renderPage(env, { template: "cart", pageType: "cart", pageTitle: "Your cart", scope: { cart_error: cartError }, status });
}

/** The form (no-JavaScript) cart endpoints: do the change, then show the cart. */
async function cartFormAction(env: RequestEnv, action: (body: Record<string, unknown>) => void, body: Record<string, unknown>): Promise<Response> {
  try {
    action(body);
  } catch (error) {
    if (error instanceof CartError) return cartPage(env, error.description, error.status);
    throw error;
  }
  return redirect(body.checkout !== undefined ? "/checkout" : "/cart", env.shopper);
}

async function cartRoute(env: RequestEnv, path: string): Promise<Response | null> {
  const { request, shopper, context } = env;
  const { store } = context;
  const method = request.method === "HEAD" ? "GET" : request.method;

  if (path === "/cart.js" || path === "/cart.json") return method === "GET" ? json(cartJson(shopper.cart, store, shopDiscounts(context, shopper.customer)), shopper) : null;
  if (path === "/cart/add.js" && method === "POST") return cartAddJs(env);
  const jsActions: Record<string, (body: Record<string, unknown>) => void> = {
    "/cart/change.js": (body) => changeLine(shopper.cart, store, body),
    "/cart/update.js": (body) => updateCart(shopper.cart, store, body),
    "/cart/clear.js": () => clearCart(shopper.cart),
  };
  if (jsActions[path] && method === "POST") {
    try {
      jsActions[path](await readBody(request));
      return json(cartJson(shopper.cart, store, shopDiscounts(context, shopper.customer)), shopper);
    } catch (error) {
      return cartErrorJson(error, shopper);
    }
  }

  if (path === "/cart" && method === "GET") return cartPage(env);
  const permalink = parseCartPermalink(path);
  if (permalink && method === "GET") {
    try {
      applyCartPermalink(shopper.cart, store, permalink);
    } catch (error) {
      if (error instanceof CartError) return cartPage(env, error.description, error.status);
      throw error;
    }
    const code = env.url.searchParams.get("discount");
    if (code) shopper.cart.discountCode = code.trim() || null;
    // Shopify sends a permalink to checkout, or to the cart with storefront=true.
    return redirect(env.url.searchParams.get("storefront") === "true" ? "/cart" : "/checkout", shopper);
  }
  const formBody = async () => (method === "POST" ? await readBody(request) : formFieldsToObject(env.url.searchParams));
  if (path === "/cart" && method === "POST") return cartFormAction(env, (body) => updateCart(shopper.cart, store, body), await formBody());
  if (path === "/cart/add" && method === "POST") {
    return cartFormAction(env, (body) => addItems(shopper.cart, store, [{ id: body.id, quantity: body.quantity, properties: body.properties }]), await formBody());
  }
  if (path === "/cart/change") return cartFormAction(env, (body) => changeLine(shopper.cart, store, body), await formBody());
  if (path === "/cart/update" && method === "POST") return cartFormAction(env, (body) => updateCart(shopper.cart, store, body), await formBody());
  if (path === "/cart/clear") return cartFormAction(env, () => clearCart(shopper.cart), {});
  return null;
}

// ---------------------------------------------------------------------------------------------
// Checkout

function formString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" ? value.trim() : "";
}

/** The shipping address typed at checkout, or null when the shopper left it blank. */
function addressFromForm(body: Record<string, unknown>, customer: SandboxCustomer | null): SandboxAddress | null {
  const address1 = formString(body, "address1");
  if (!address1) return null;
  const provinceCode = formString(body, "province_code").toUpperCase();
  const known = customer?.defaultAddress;
  return {
    address1,
    city: formString(body, "city"),
    province: known && known.provinceCode === provinceCode ? known.province : provinceCode,
    provinceCode,
    zip: formString(body, "zip"),
    // The sandbox shop ships domestically only.
    country: known?.country ?? "United States",
    countryCode: known?.countryCode ?? "US",
  };
}

async function checkoutPage(env: RequestEnv, form: Record<string, unknown> | null, error?: string): Promise<Response> {
  const { shopper, context } = env;
  const customer = shopper.customer;
  const email = form ? formString(form, "email") : (customer?.email ?? "");
  const discountCode = form ? formString(form, "discount_code") : (shopper.cart.discountCode ?? "");
  const quote = checkoutQuote(context, shopper.cart, { discountCode, customerId: checkoutCustomerId(context, email, customer), buyer: customer });
  if (quote.items.length === 0) return redirect("/cart", shopper);
  const address = customer?.defaultAddress;
  const { totals, application } = quote;
  const checkout = {
    email,
    first_name: form ? formString(form, "first_name") : (customer?.firstName ?? ""),
    last_name: form ? formString(form, "last_name") : (customer?.lastName ?? ""),
    address: form
      ? { address1: formString(form, "address1"), city: formString(form, "city"), province_code: formString(form, "province_code"), zip: formString(form, "zip") }
      : { address1: address?.address1 ?? "", city: address?.city ?? "", province_code: address?.provinceCode ?? "", zip: address?.zip ?? "" },
    discount_code: discountCode,
    discount_code_applied: application?.ok ? application.code : null,
    discount_code_error: application && !application.ok ? application.message : null,
    totals: { subtotal: totals.subtotalCents, discount: quote.discountCents, shipping: totals.shippingCents, tax: totals.taxCents, total: totals.totalCents },
  };
  const status = error || checkout.discount_code_error ? 422 : 200;
  return renderPage(env, { template: "checkout", pageType: "checkout", pageTitle: "Checkout", scope: { checkout, checkout_error: error }, status });
}

async function submitCheckout(env: RequestEnv): Promise<Response> {
  const { shopper, context } = env;
  const form = await readBody(env.request);
  const discountCode = formString(form, "discount_code") || null;
  shopper.cart.discountCode = discountCode;
  // "Apply" re-prices the checkout with the code; "Pay now" places the order.
  if (formString(form, "intent") === "apply") return checkoutPage(env, form);
  try {
    const order = placeOrder(
      context,
      shopper.cart,
      {
        email: formString(form, "email"),
        firstName: formString(form, "first_name"),
        lastName: formString(form, "last_name"),
        address: addressFromForm(form, shopper.customer),
        discountCode,
      },
      shopper.customer,
    );
    // Shopify's post-purchase page comes first when the app has one (app/sandbox/post-purchase/).
    return redirect(afterCheckoutPath(context, order), shopper);
  } catch (error) {
    if (error instanceof CheckoutError) return checkoutPage(env, form, error.message);
    throw error;
  }
}

/** GET /discount/CODE: Shopify's shareable discount link keeps the code for checkout, then redirects. */
function discountLink(env: RequestEnv, code: string): Response {
  env.shopper.cart.discountCode = code.trim() || null;
  return redirect(safeReturnPath(env.url.searchParams.get("redirect"), env.request), env.shopper);
}

function orderObject(order: SandboxOrder, customer: SandboxCustomer | null) {
  return {
    id: order.id,
    name: order.name,
    email: order.email,
    first_name: customer?.firstName ?? "",
    line_items: order.lineItems.map((l) => ({ title: l.title, variant_title: l.variantTitle === "Default Title" ? "" : l.variantTitle, quantity: l.quantity, line_price: l.priceCents * l.quantity })),
    subtotal_price: order.subtotalCents,
    shipping_price: order.shippingCents,
    tax_price: order.taxCents,
    total_price: order.totalCents,
  };
}

async function thankYouPage(env: RequestEnv, orderId: number): Promise<Response> {
  const { store } = env.context;
  const order = store.order(orderId);
  if (!order) return notFoundPage(env, "This order does not exist.");
  const customer = order.customerId === null ? null : store.customer(order.customerId);
  // The app's thank-you block extensions, run for real (app/sandbox/checkout-extensions/).
  const checkoutBlocks = await thankYouBlocksHtml(env.context.config, order, env.shopper.customer?.id ?? null);
  return renderPage(env, { template: "thank-you", pageType: "checkout", pageTitle: `Order ${order.name}`, scope: { order: orderObject(order, customer), checkout_blocks: checkoutBlocks } });
}

// ---------------------------------------------------------------------------------------------
// Customer switcher

async function login(env: RequestEnv): Promise<Response> {
  const { url, shopper, context, request } = env;
  const requested = url.searchParams.get("customer_id");
  if (requested === null) return renderPage(env, { template: "login", pageType: "customers/login", pageTitle: "Shop as a customer" });
  const returnTo = safeReturnPath(url.searchParams.get("return_to"), request);
  if (requested === "") {
    shopper.logOut(); // "Guest" in the switcher
    return redirect(returnTo, shopper);
  }
  const customer = context.store.customer(Number(requested));
  if (!customer) {
    return renderPage(env, { template: "login", pageType: "customers/login", pageTitle: "Shop as a customer", status: 404, scope: { login_error: `No customer ${requested} in this shop.` } });
  }
  shopper.logIn(customer.id);
  return redirect(returnTo, shopper);
}

/** POST /account/register: a new customer account, logged in at once (customers/create goes out). */
async function register(env: RequestEnv): Promise<Response> {
  const form = await readBody(env.request);
  const result = signUpCustomer(env.context, {
    email: formString(form, "email"),
    firstName: formString(form, "first_name"),
    lastName: formString(form, "last_name"),
    acceptsMarketing: formString(form, "accepts_marketing") === "true",
  });
  if (!result.ok) {
    const scope = { register: { email: formString(form, "email"), first_name: formString(form, "first_name"), last_name: formString(form, "last_name"), return_to: formString(form, "return_to") }, register_error: result.message };
    return renderPage(env, { template: "register", pageType: "customers/register", pageTitle: "Create account", scope, status: result.status });
  }
  env.shopper.logIn(result.customer.id);
  return redirect(safeReturnPath(formString(form, "return_to") || "/", env.request), env.shopper);
}

// ---------------------------------------------------------------------------------------------
// Routing

export function createStorefrontHandler(options: StorefrontHandlerOptions = {}): SandboxHandler {
  const carts = new CartStore();
  const themeDir = options.themeDir ?? DEFAULT_THEME_DIR;
  const now = options.now ?? Date.now;

  return async (request, context) => {
    const url = new URL(request.url);
    const path = url.pathname;
    const isRead = request.method === "GET" || request.method === "HEAD";

    // Static files first: they need neither a cart nor a customer.
    const asset = /^\/extensions\/([^/]+)\/assets\/([^/]+)$/.exec(path);
    if (asset) return isRead ? serveExtensionAsset(context.config.extensionsDir, asset[1], asset[2]) : null;
    if (path.startsWith("/extensions/")) return new Response("Not found", { status: 404 });

    const shopper = new Shopper(request, context, carts);
    const env: RequestEnv = { request, url, context, shopper, themeDir };

    const image = /^\/sandbox-assets\/products\/([^/]+)\.svg$/.exec(path);
    if (image && isRead) return productImage(env, image[1]);

    const proxy = readAppToml(context.config.appConfigPath).proxy;
    if (proxy) {
      const prefix = appProxyPathPrefix(proxy);
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        return forwardAppProxyRequest({
          request,
          config: context.config,
          proxy,
          restOfPath: path.slice(prefix.length),
          customerId: shopper.customer?.id ?? null,
          now,
          renderLiquid: async (source) => {
            const { useLayout, body } = extractLayoutNone(source);
            const response = await renderPage(env, { template: "app-proxy", source: body, useLayout });
            return response.text();
          },
        });
      }
    }

    if (path === "/cart" || path.startsWith("/cart/") || path === "/cart.js" || path === "/cart.json") return cartRoute(env, path);

    if (path === "/checkout") {
      if (isRead) return checkoutPage(env, null);
      if (request.method === "POST") return submitCheckout(env);
      return null;
    }
    const thankYou = /^\/checkouts\/thank-you\/(\d+)$/.exec(path);
    if (thankYou && isRead) return thankYouPage(env, Number(thankYou[1]));

    const discount = /^\/discount\/([^/]+)$/.exec(path);
    if (discount && isRead) return discountLink(env, safeDecode(discount[1]) ?? "");

    if (path === "/account/login" && isRead) return login(env);
    if (path === "/account/register") {
      if (isRead) return renderPage(env, { template: "register", pageType: "customers/register", pageTitle: "Create account", scope: { register: { return_to: url.searchParams.get("return_to") ?? "" } } });
      if (request.method === "POST") return register(env);
    }
    if (path === "/account/logout" && isRead) {
      shopper.logOut();
      return redirect(safeReturnPath(url.searchParams.get("return_to"), request), shopper);
    }

    if (!isRead) return null;
    if (path === "/" || path === "/collections") {
      return renderPage(env, { template: "index", pageType: path === "/" ? "index" : "list-collections", pageTitle: path === "/" ? undefined : "Collections" });
    }
    const productJson = /^\/products\/([^/]+)\.js$/.exec(path);
    if (productJson) return productJs(env, safeDecode(productJson[1]) ?? "");
    const product = /^(?:\/collections\/[^/]+)?\/products\/([^/]+)$/.exec(path);
    if (product) return productPage(env, safeDecode(product[1]) ?? "");
    const collection = /^\/collections\/([^/]+)$/.exec(path);
    if (collection) return collectionPage(env, safeDecode(collection[1]) ?? "");
    return null;
  };
}
