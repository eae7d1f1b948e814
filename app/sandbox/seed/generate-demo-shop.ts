// The sandbox store's demo shop: a coffee & kitchen store with 18 months of history whose orders
// carry real structure (products bought together, re-orders on product cycles, loyal and churned
// customers, a holiday season, growth). Deterministic: same seed and `now` give identical JSON.
import type { SandboxCollection, SandboxCustomer, SandboxOrder, SandboxProduct, SandboxState } from "../store/types";
import { DAY_MS, iso, monthsBefore, randomShoppingMoment } from "./calendar";
import { COLLECTIONS, CATALOG, COMPUTED_COLLECTIONS } from "./catalog";
import { DemoCatalog } from "./demo-catalog";
import { planCustomers, planGuest, type CustomerPlan } from "./demo-customers";
import { buildOrders, customerOrderDrafts, guestOrderDraft, type OrderDraft } from "./demo-orders";
import { IdCounter } from "./id-counter";
import { Random } from "./random";

/** A seed whose shop is typical of the generator (about 7,000 orders, 57% one-time buyers). */
export const DEFAULT_DEMO_SEED = 4;
/** Used only when the caller does not pass the real time, so the default output never changes. */
export const DEFAULT_DEMO_NOW = new Date("2026-11-01T00:00:00Z");
export const DEFAULT_DEMO_SHOP_DOMAIN = "encore-demo.myshopify.com";

const HISTORY_MONTHS = 18;
const CUSTOMER_COUNT = 900;
const GUEST_ORDER_SHARE = 0.05;
const FIRST_ID = 1_000_000;
const FIRST_ORDER_NUMBER = 1001;

export interface DemoShopOptions {
  seed?: number;
  now?: Date;
  shopDomain?: string;
}

export function generateDemoShop(options: DemoShopOptions = {}): SandboxState {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const nowMs = (options.now ?? DEFAULT_DEMO_NOW).getTime();
  const domain = options.shopDomain ?? DEFAULT_DEMO_SHOP_DOMAIN;

  // Separate streams per part, so tuning one part does not reshuffle the others.
  const random = new Random(seed);
  const catalogRandom = random.fork();
  const customerRandom = random.fork();
  const orderRandom = random.fork();
  const lifecycleRandom = random.fork();

  const openedAtMs = monthsBefore(nowMs, HISTORY_MONTHS);
  const shopCreatedAtMs = openedAtMs - 75 * DAY_MS; // set up the store a while before opening
  const ids = new IdCounter(FIRST_ID);

  const catalog = new DemoCatalog(shopCreatedAtMs, openedAtMs, nowMs, ids, catalogRandom);
  const collections = COLLECTIONS.map((c) => ({ ...c, id: ids.next() }));

  const usedEmails = new Set<string>();
  const plans = planCustomers(CUSTOMER_COUNT, openedAtMs, nowMs, catalog, usedEmails, customerRandom);
  for (const plan of plans) plan.id = ids.next();

  const customerDrafts = plans.flatMap((plan) => customerOrderDrafts(plan, catalog, nowMs, orderRandom));
  const guestDrafts = guestOrderDrafts(customerDrafts.length, openedAtMs, nowMs, catalog, usedEmails, orderRandom);
  // Chronological, so order numbers and ids rise with time like a real shop's.
  const drafts = [...customerDrafts, ...guestDrafts].sort((a, b) => a.atMs - b.atMs);
  const orders = buildOrders(drafts, catalog, ids, nowMs, lifecycleRandom, FIRST_ORDER_NUMBER);
  const lastOrderAt = lastOrderAtByCustomer(orders);

  return {
    version: 1,
    shop: {
      domain,
      name: "Encore Demo Roasters",
      email: "hello@example.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Shopify",
      createdAt: iso(shopCreatedAtMs),
    },
    products: catalog.products,
    collections: collections.map((c) => ({
      id: c.id,
      handle: c.handle,
      title: c.title,
      descriptionHtml: `<p>${c.description}</p>`,
      productIds: collectionProductIds(c.handle, catalog.products, orders),
      updatedAt: iso(openedAtMs),
    })) satisfies SandboxCollection[],
    customers: plans.map((plan) => toCustomer(plan, lastOrderAt.get(plan.id) ?? null)),
    orders,
    nextId: ids.peek(),
    nextOrderNumber: FIRST_ORDER_NUMBER + orders.length,
  };
}

function guestOrderDrafts(customerOrderCount: number, openedAtMs: number, nowMs: number, catalog: DemoCatalog, usedEmails: Set<string>, random: Random): OrderDraft[] {
  const count = Math.round((customerOrderCount * GUEST_ORDER_SHARE) / (1 - GUEST_ORDER_SHARE));
  const drafts: OrderDraft[] = [];
  while (drafts.length < count) {
    const atMs = randomShoppingMoment(openedAtMs, nowMs, random);
    const draft = guestOrderDraft(planGuest(atMs, nowMs, catalog, usedEmails, random), catalog, random);
    if (draft) drafts.push(draft);
  }
  return drafts;
}

function collectionProductIds(handle: string, products: SandboxProduct[], orders: SandboxOrder[]): number[] {
  if (!COMPUTED_COLLECTIONS.includes(handle)) {
    return CATALOG.flatMap((entry, i) => (entry.collections.includes(handle) ? [products[i].id] : []));
  }
  const active = products.filter((p) => p.status === "ACTIVE" && !p.isGiftCard);
  if (handle === "new-arrivals") {
    return [...active].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id - b.id).slice(0, 8).map((p) => p.id);
  }
  // best-sellers: most units sold, counting orders that were not cancelled
  const unitsSold = new Map<number, number>();
  for (const order of orders) {
    if (order.cancelledAt) continue;
    for (const line of order.lineItems) unitsSold.set(line.productId, (unitsSold.get(line.productId) ?? 0) + line.quantity);
  }
  return [...active]
    .sort((a, b) => (unitsSold.get(b.id) ?? 0) - (unitsSold.get(a.id) ?? 0) || a.id - b.id)
    .slice(0, 12)
    .map((p) => p.id);
}

function lastOrderAtByCustomer(orders: SandboxOrder[]): Map<number, string> {
  const lastOrderAt = new Map<number, string>();
  for (const order of orders) if (order.customerId !== null) lastOrderAt.set(order.customerId, order.createdAt);
  return lastOrderAt;
}

function toCustomer(plan: CustomerPlan, lastOrderAt: string | null): SandboxCustomer {
  const createdAt = iso(plan.createdAtMs);
  return {
    id: plan.id,
    email: plan.person.email,
    firstName: plan.person.firstName,
    lastName: plan.person.lastName,
    phone: plan.phone,
    createdAt,
    updatedAt: lastOrderAt ?? createdAt,
    emailMarketingConsent: plan.emailMarketingConsent,
    tags: plan.tags,
    birthday: plan.birthday,
    defaultAddress: lastOrderAt ? { ...plan.address } : null,
  };
}
