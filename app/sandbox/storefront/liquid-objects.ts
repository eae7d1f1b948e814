// The Liquid objects of the sandbox storefront (shop, product, collection, cart, customer,
// request, routes), built from the sandbox store with Shopify's field names. Prices are cents,
// as in Shopify's Liquid. Only what themes and Encore's blocks read is provided.
import type { SandboxConfig } from "../sandbox-context";
import type { SandboxStore } from "../store/store";
import type { SandboxCollection, SandboxCustomer, SandboxImage, SandboxProduct, SandboxVariant } from "../store/types";
import type { CartJson } from "./cart";

export function imageObject(image: SandboxImage) {
  return {
    id: image.id,
    src: image.url,
    alt: image.altText,
    width: image.width,
    height: image.height,
    aspect_ratio: image.width / image.height,
  };
}

export function isPublished(product: SandboxProduct): boolean {
  return product.status === "ACTIVE";
}

function variantObject(product: SandboxProduct, variant: SandboxVariant) {
  const options = variant.selectedOptions.map((o) => o.value);
  return {
    id: variant.id,
    title: variant.title,
    sku: variant.sku,
    price: variant.priceCents,
    compare_at_price: variant.compareAtPriceCents,
    available: variant.inventoryQuantity > 0,
    inventory_quantity: variant.inventoryQuantity,
    options,
    option1: options[0] ?? null,
    option2: options[1] ?? null,
    option3: options[2] ?? null,
    url: `/products/${product.handle}?variant=${variant.id}`,
    featured_image: product.images[0] ? imageObject(product.images[0]) : null,
  };
}

export type VariantObject = ReturnType<typeof variantObject>;

function shallowCollection(collection: SandboxCollection) {
  return { id: collection.id, handle: collection.handle, title: collection.title, url: `/collections/${collection.handle}` };
}

export function productObject(store: SandboxStore, product: SandboxProduct, selectedVariantId?: number | null) {
  const variants = product.variants.map((v) => variantObject(product, v));
  const prices = variants.map((v) => v.price);
  const compareAt = variants.map((v) => v.compare_at_price).filter((p): p is number => p !== null);
  const selected = variants.find((v) => v.id === selectedVariantId) ?? variants.find((v) => v.available) ?? variants[0] ?? null;
  const images = product.images.map(imageObject);
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    description: product.descriptionHtml,
    vendor: product.vendor,
    type: product.productType,
    tags: product.tags,
    url: `/products/${product.handle}`,
    price: prices.length ? Math.min(...prices) : 0,
    price_min: prices.length ? Math.min(...prices) : 0,
    price_max: prices.length ? Math.max(...prices) : 0,
    price_varies: new Set(prices).size > 1,
    compare_at_price: compareAt.length ? Math.min(...compareAt) : null,
    available: variants.some((v) => v.available),
    gift_card: product.isGiftCard,
    featured_image: images[0] ?? null,
    images,
    variants,
    has_only_default_variant: variants.length === 1 && variants[0].title === "Default Title",
    selected_variant: variants.find((v) => v.id === selectedVariantId) ?? null,
    selected_or_first_available_variant: selected,
    first_available_variant: variants.find((v) => v.available) ?? null,
    options: product.options.map((o) => o.name),
    options_with_values: product.options.map((o, index) => ({
      name: o.name,
      position: index + 1,
      values: o.values,
      selected_value: selected?.options[index] ?? null,
    })),
    collections: store.state.collections.filter((c) => c.productIds.includes(product.id)).map(shallowCollection),
  };
}

export type ProductObject = ReturnType<typeof productObject>;

/** A collection with its published products; `all` is Shopify's automatic every-product collection. */
export function collectionObject(store: SandboxStore, collection: SandboxCollection | "all") {
  if (collection === "all") {
    const products = store.state.products.filter(isPublished);
    return {
      id: 0,
      handle: "all",
      title: "All products",
      description: "",
      url: "/collections/all",
      products: products.map((p) => productObject(store, p)),
      products_count: products.length,
      featured_image: products[0]?.images[0] ? imageObject(products[0].images[0]) : null,
    };
  }
  const products = collection.productIds.map((id) => store.product(id)).filter((p): p is SandboxProduct => p !== null && isPublished(p));
  return {
    ...shallowCollection(collection),
    description: collection.descriptionHtml,
    products: products.map((p) => productObject(store, p)),
    products_count: products.length,
    featured_image: products[0]?.images[0] ? imageObject(products[0].images[0]) : null,
  };
}

export function customerObject(store: SandboxStore, customer: SandboxCustomer) {
  const orders = store.state.orders.filter((o) => o.customerId === customer.id);
  return {
    id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    name: `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
    phone: customer.phone,
    tags: customer.tags,
    accepts_marketing: customer.emailMarketingConsent === "SUBSCRIBED",
    orders_count: orders.length,
    total_spent: orders.filter((o) => !o.cancelledAt).reduce((sum, o) => sum + o.totalCents, 0),
    has_account: true,
    default_address: customer.defaultAddress
      ? {
          address1: customer.defaultAddress.address1,
          city: customer.defaultAddress.city,
          province: customer.defaultAddress.province,
          province_code: customer.defaultAddress.provinceCode,
          zip: customer.defaultAddress.zip,
          country: customer.defaultAddress.country,
          country_code: customer.defaultAddress.countryCode,
        }
      : null,
  };
}

/** The Liquid cart: /cart.js's fields plus `currency` as an object, as Liquid has it. */
export function cartObject(cart: CartJson) {
  return { ...cart, currency: { iso_code: cart.currency }, empty: cart.item_count === 0 };
}

export function shopObject(store: SandboxStore, config: SandboxConfig, formats: { moneyFormat: string; moneyWithCurrencyFormat: string }) {
  const shop = store.state.shop;
  return {
    name: shop.name,
    email: shop.email,
    permanent_domain: config.shopDomain,
    domain: new URL(config.publicUrl).host,
    url: config.publicUrl.replace(/\/$/, ""),
    secure_url: config.publicUrl.replace(/\/$/, ""),
    currency: shop.currencyCode,
    money_format: formats.moneyFormat,
    money_with_currency_format: formats.moneyWithCurrencyFormat,
    customer_accounts_enabled: true,
  };
}

export const ROUTES = {
  root_url: "/",
  account_url: "/account",
  account_login_url: "/account/login",
  account_logout_url: "/account/logout",
  account_register_url: "/account/register",
  cart_url: "/cart",
  cart_add_url: "/cart/add",
  cart_change_url: "/cart/change",
  cart_clear_url: "/cart/clear",
  cart_update_url: "/cart/update",
  collections_url: "/collections",
  all_products_collection_url: "/collections/all",
  search_url: "/search",
  product_recommendations_url: "/recommendations/products",
};
