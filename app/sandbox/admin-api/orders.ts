// Orders, line items and refunds.
//
// Like Shopify, an app without the `read_all_orders` scope only sees orders created in the last
// 60 days (everything else answers as if it did not exist).
import { GraphQLError } from "graphql";
import type { SandboxStore } from "../store/store";
import type { SandboxLineItem, SandboxOrder, SandboxRefund } from "../store/types";
import { toGid } from "../store/types";
import { connection, count, type ConnectionArgs } from "./connection";
import { hasScope, requireScope, type AdminApiContext } from "./context";
import { customerNode, mailingAddressNode, refundedCents } from "./customers";
import { gidOf, idOf } from "./ids";
import { moneyBag } from "./money";
import { imageNode, productNode, variantNode } from "./products";
import {
  applySearch, matchDate, matchExact, matchId, matchNumber, matchTags,
  type SearchSpec, type SearchTerm,
} from "./search";
import { sortValueFor, type SortValueFn } from "./sorting";

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

const RECENT_ORDER_WINDOW_MS = 60 * 24 * 60 * 60 * 1000;
const PAID_LIKE = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);

/** Orders this token may read: all with `read_all_orders`, else the last 60 days. */
export function visibleOrders(store: SandboxStore, context: AdminApiContext): SandboxOrder[] {
  if (hasScope(context, "read_all_orders")) return store.state.orders;
  const cutoff = context.now() - RECENT_ORDER_WINDOW_MS;
  return store.state.orders.filter((order) => Date.parse(order.createdAt) >= cutoff);
}

function orderNumber(order: SandboxOrder): number {
  return Number(order.name.replace(/\D/g, "")) || 0;
}

/** Sandbox rule for Shopify's auto-archive: fulfilled and paid (or cancelled) orders are closed. */
function isClosed(order: SandboxOrder): boolean {
  return order.cancelledAt !== null || (order.fulfillmentStatus === "FULFILLED" && PAID_LIKE.has(order.financialStatus));
}

function refundedQuantity(order: SandboxOrder, lineItemId: number): number {
  let quantity = 0;
  for (const refund of order.refunds) {
    for (const item of refund.refundLineItems) if (item.lineItemId === lineItemId) quantity += item.quantity;
  }
  return quantity;
}

function lineItemNode(store: SandboxStore, order: SandboxOrder, item: SandboxLineItem) {
  const currency = order.currencyCode;
  const originalTotal = item.priceCents * item.quantity;
  const discountedTotal = originalTotal - item.discountCents;
  const discountedUnit = item.quantity > 0 ? Math.round(discountedTotal / item.quantity) : 0;
  const currentQuantity = item.quantity - refundedQuantity(order, item.id);
  const product = store.product(item.productId);
  const variant = store.variant(item.variantId);
  const hasOwnVariantTitle = item.variantTitle && item.variantTitle !== "Default Title";
  return {
    __typename: "LineItem",
    id: toGid("LineItem", item.id),
    name: hasOwnVariantTitle ? `${item.title} - ${item.variantTitle}` : item.title,
    title: item.title,
    variantTitle: hasOwnVariantTitle ? item.variantTitle : null,
    sku: item.sku || null,
    vendor: item.vendor || null,
    quantity: item.quantity,
    currentQuantity,
    refundableQuantity: currentQuantity,
    unfulfilledQuantity: order.fulfillmentStatus === "FULFILLED" ? 0 : currentQuantity,
    nonFulfillableQuantity: 0,
    isGiftCard: product?.isGiftCard ?? false,
    requiresShipping: true,
    taxable: true,
    merchantEditable: false,
    restockable: currentQuantity > 0,
    customAttributes: item.properties.map((property) => ({ key: property.name, value: property.value })),
    product: product ? () => productNode(store, product) : null,
    variant: variant ? () => variantNode(store, variant.product, variant.variant) : null,
    image: product?.images[0] ? imageNode(product.images[0]) : null,
    originalUnitPriceSet: moneyBag(item.priceCents, currency),
    originalTotalSet: moneyBag(originalTotal, currency),
    discountedUnitPriceSet: moneyBag(discountedUnit, currency),
    discountedUnitPriceAfterAllDiscountsSet: moneyBag(discountedUnit, currency),
    discountedTotalSet: moneyBag(discountedTotal, currency),
    totalDiscountSet: moneyBag(item.discountCents, currency),
  };
}

function refundTotalCents(refund: SandboxRefund): number {
  return refund.shippingRefundCents + refund.refundLineItems.reduce((sum, item) => sum + item.subtotalCents, 0);
}

function refundNode(store: SandboxStore, order: SandboxOrder, refund: SandboxRefund) {
  const currency = order.currencyCode;
  return {
    __typename: "Refund",
    id: toGid("Refund", refund.id),
    legacyResourceId: String(refund.id),
    createdAt: refund.createdAt,
    processedAt: refund.createdAt,
    updatedAt: refund.createdAt,
    note: refund.note || null,
    totalRefundedSet: moneyBag(refundTotalCents(refund), currency),
    order: () => orderNode(store, order),
    refundLineItems: (args: ConnectionArgs) =>
      connection(refund.refundLineItems, args, {
        id: (item) => item.lineItemId,
        node: (item) => {
          const lineItem = order.lineItems.find((line) => line.id === item.lineItemId);
          return {
            __typename: "RefundLineItem",
            id: gidOf("RefundLineItem", refund.id * 1000 + refund.refundLineItems.indexOf(item) + 1),
            quantity: item.quantity,
            lineItem: lineItem ? lineItemNode(store, order, lineItem) : null,
            subtotalSet: moneyBag(item.subtotalCents, currency),
            priceSet: moneyBag(item.quantity > 0 ? Math.round(item.subtotalCents / item.quantity) : 0, currency),
            totalTaxSet: moneyBag(0, currency),
            restocked: false,
            restockType: "NO_RESTOCK",
          };
        },
      }),
  };
}

export function orderNode(store: SandboxStore, order: SandboxOrder) {
  const currency = order.currencyCode;
  const money = (cents: number) => moneyBag(cents, currency);
  const totalDiscounts = order.lineItems.reduce((sum, item) => sum + item.discountCents, 0);
  const refunded = refundedCents(order);
  const refundedLines = order.refunds.reduce(
    (sum, refund) => sum + refund.refundLineItems.reduce((s, item) => s + item.subtotalCents, 0),
    0,
  );
  const refundedShipping = order.refunds.reduce((sum, refund) => sum + refund.shippingRefundCents, 0);
  const paidLike = PAID_LIKE.has(order.financialStatus);
  const quantity = order.lineItems.reduce((sum, item) => sum + item.quantity, 0);
  const refundedUnits = order.refunds.reduce((sum, r) => sum + r.refundLineItems.reduce((s, i) => s + i.quantity, 0), 0);
  const closed = isClosed(order);
  const customer = order.customerId === null ? null : store.customer(order.customerId);
  return {
    __typename: "Order",
    id: toGid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    number: orderNumber(order),
    email: order.email || null,
    phone: null,
    note: order.note,
    tags: order.tags,
    sourceName: order.sourceName,
    test: false,
    confirmed: true,
    createdAt: order.createdAt,
    processedAt: order.processedAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed,
    closedAt: closed ? order.cancelledAt ?? order.fulfilledAt ?? order.updatedAt : null,
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: order.fulfillmentStatus,
    fullyPaid: paidLike,
    unpaid: order.financialStatus === "PENDING",
    refundable: paidLike && refunded < order.totalCents,
    requiresShipping: true,
    customer: customer ? () => customerNode(store, customer) : null,
    customerAcceptsMarketing: customer?.emailMarketingConsent === "SUBSCRIBED",
    discountCode: order.discountCodes[0]?.code ?? null,
    discountCodes: order.discountCodes.map((discount) => discount.code),
    customAttributes: (order.noteAttributes ?? []).map(({ name, value }) => ({ key: name, value })),
    shippingAddress: order.shippingAddress
      ? mailingAddressNode(order.shippingAddress, order.id, { firstName: customer?.firstName ?? "", lastName: customer?.lastName ?? "", phone: null })
      : null,
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity - refundedUnits,
    subtotalPriceSet: money(order.subtotalCents),
    totalPriceSet: money(order.totalCents),
    originalTotalPriceSet: money(order.totalCents),
    totalDiscountsSet: money(totalDiscounts),
    totalShippingPriceSet: money(order.shippingCents),
    totalTaxSet: money(order.taxCents),
    totalRefundedSet: money(refunded),
    totalRefundedShippingSet: money(refundedShipping),
    // "current" amounts remove refunded lines and shipping (the sandbox does not split refunded tax).
    currentSubtotalPriceSet: money(order.subtotalCents - refundedLines),
    currentTotalPriceSet: money(order.totalCents - refunded),
    currentTotalDiscountsSet: money(totalDiscounts),
    currentTotalTaxSet: money(order.taxCents),
    currentShippingPriceSet: money(order.shippingCents - refundedShipping),
    totalReceivedSet: money(paidLike ? order.totalCents : 0),
    netPaymentSet: money(paidLike ? order.totalCents - refunded : 0),
    totalOutstandingSet: money(order.financialStatus === "PENDING" ? order.totalCents : 0),
    totalCapturableSet: money(0),
    lineItems: (args: ConnectionArgs) =>
      connection(order.lineItems, args, { id: (item) => item.id, node: (item) => lineItemNode(store, order, item) }),
    refunds: ({ first }: { first?: number | null }) =>
      order.refunds.slice(0, first ?? undefined).map((refund) => refundNode(store, order, refund)),
  };
}

// ---- search and sort ------------------------------------------------------------------------

function financialStatusMatches(order: SandboxOrder, term: SearchTerm): boolean {
  return term.value.split(",").some((value) => matchExact(order.financialStatus, { ...term, value }));
}

function fulfillmentStatusMatches(order: SandboxOrder, term: SearchTerm): boolean | { warning: string } {
  const wanted = term.value.toLowerCase();
  if (wanted === "any") return true;
  if (wanted === "shipped" || wanted === "fulfilled") return order.fulfillmentStatus === "FULFILLED";
  if (wanted === "unshipped" || wanted === "unfulfilled") return order.fulfillmentStatus === "UNFULFILLED";
  if (wanted === "partial") return false;
  return { warning: `Invalid fulfillment_status '${term.value}'.` };
}

function statusMatches(order: SandboxOrder, term: SearchTerm): boolean | { warning: string } {
  const wanted = term.value.toLowerCase();
  if (wanted === "any") return true;
  if (wanted === "open") return !isClosed(order) && order.cancelledAt === null;
  if (wanted === "closed") return isClosed(order) && order.cancelledAt === null;
  if (wanted === "cancelled") return order.cancelledAt !== null;
  if (wanted === "not_closed") return !isClosed(order);
  return { warning: `Invalid status '${term.value}'.` };
}

/** Shopify rejects an unparseable date filter outright (not as a warning). */
function dateFilter(field: string, pick: (order: SandboxOrder) => string | null) {
  return (order: SandboxOrder, term: SearchTerm) => {
    const result = matchDate(pick(order), term);
    if (typeof result === "object") {
      throw new GraphQLError(`Invalid timestamp for query filter \`${field}\`.`, { extensions: { code: "BAD_REQUEST" } });
    }
    return result;
  };
}

function orderSearch(store: SandboxStore): SearchSpec<SandboxOrder> {
  return {
    fields: {
      created_at: dateFilter("created_at", (o) => o.createdAt),
      updated_at: dateFilter("updated_at", (o) => o.updatedAt),
      processed_at: dateFilter("processed_at", (o) => o.processedAt),
      financial_status: financialStatusMatches,
      fulfillment_status: fulfillmentStatusMatches,
      status: statusMatches,
      customer_id: (o, t) => o.customerId !== null && matchId(o.customerId, t) === true,
      email: (o, t) => matchExact(o.email, t),
      name: (o, t) => matchExact(o.name, t) || matchExact(o.name.replace(/^#/, ""), t),
      id: (o, t) => matchId(o.id, t),
      tag: (o, t) => matchTags(o.tags, t),
      tag_not: (o, t) => !matchTags(o.tags, t),
      discount_code: (o, t) => o.discountCodes.some((d) => matchExact(d.code, t)),
      sku: (o, t) => o.lineItems.some((item) => matchExact(item.sku, t)),
      product_id: (o, t) => o.lineItems.some((item) => matchId(item.productId, t) === true),
      source_name: (o, t) => matchExact(o.sourceName, t),
      test: (_o, t) => matchExact("false", t),
      total_price: (o, t) => matchNumber(o.totalCents / 100, t),
      cancel_reason: (o, t) => matchExact(o.cancelReason, t),
    },
    freeText: (o, text) => {
      const customer = o.customerId === null ? null : store.customer(o.customerId);
      return [o.name, o.email, customer ? `${customer.firstName} ${customer.lastName}` : ""].some((s) =>
        s.toLowerCase().includes(text.replace(/^#/, "")),
      );
    },
  };
}

function orderSort(store: SandboxStore): Record<string, SortValueFn<SandboxOrder>> {
  return {
    PROCESSED_AT: (o) => o.processedAt,
    CREATED_AT: (o) => o.createdAt,
    UPDATED_AT: (o) => o.updatedAt,
    ID: (o) => o.id,
    RELEVANCE: (o) => o.id,
    ORDER_NUMBER: (o) => orderNumber(o),
    TOTAL_PRICE: (o) => o.totalCents,
    CURRENT_TOTAL_PRICE: (o) => o.totalCents - refundedCents(o),
    FINANCIAL_STATUS: (o) => o.financialStatus,
    FULFILLMENT_STATUS: (o) => o.fulfillmentStatus,
    TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((sum, item) => sum + item.quantity, 0),
    CUSTOMER_NAME: (o) => {
      const customer = o.customerId === null ? null : store.customer(o.customerId);
      return customer ? `${customer.firstName} ${customer.lastName}`.toLowerCase() : "";
    },
  };
}

export function orderConnection(
  store: SandboxStore,
  orders: SandboxOrder[],
  args: ListArgs,
  context: AdminApiContext,
  path: string[],
  defaultSortKey: string,
) {
  const filtered = applySearch(orders, args.query, orderSearch(store), context, path);
  return connection(filtered, args, {
    id: (o) => o.id,
    sortValue: sortValueFor(path.join("."), args.sortKey, orderSort(store), defaultSortKey),
    node: (o) => orderNode(store, o),
  });
}

export function orderQueries(store: SandboxStore) {
  return {
    orders: (args: ListArgs, context: AdminApiContext) => {
      requireScope(context, "orders", "read_orders");
      return orderConnection(store, visibleOrders(store, context), args, context, ["orders"], "PROCESSED_AT");
    },
    ordersCount: (args: { query?: string | null; limit?: number | null }, context: AdminApiContext) => {
      requireScope(context, "ordersCount", "read_orders");
      return count(applySearch(visibleOrders(store, context), args.query, orderSearch(store), context, ["ordersCount"]).length, args.limit);
    },
    order: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "order", "read_orders");
      const orderId = idOf(id, "Order");
      const order = visibleOrders(store, context).find((o) => o.id === orderId);
      return order ? orderNode(store, order) : null;
    },
    orderByIdentifier: ({ identifier }: { identifier: { id?: string } }, context: AdminApiContext) => {
      requireScope(context, "orderByIdentifier", "read_orders");
      const orderId = identifier.id ? idOf(identifier.id, "Order") : null;
      const order = visibleOrders(store, context).find((o) => o.id === orderId);
      return order ? orderNode(store, order) : null;
    },
  };
}
