// Simulates what each demo customer buys and when (first basket, habit re-orders, the odd gear or
// gift order), then turns those baskets into SandboxOrders with consistent money and statuses.
import type { SandboxAddress, SandboxLineItem, SandboxOrder, SandboxRefund, SandboxVariant } from "../store/types";
import { atShoppingHour, DAY_MS, HOUR_MS, isHolidaySeason, iso } from "./calendar";
import type { CustomerPlan } from "./demo-customers";
import type { DemoCatalog } from "./demo-catalog";
import type { IdCounter } from "./id-counter";
import type { Random } from "./random";
import {
  COMPLEMENTS,
  FAVORITE_COFFEE,
  FAVORITE_TEA,
  HABITS,
  HOLIDAY_CODE,
  HOLIDAY_GIFTS,
  LOYAL_CODE,
  WELCOME_CODE,
  type DiscountCode,
  type ItemRef,
  type ShoppingInterest,
} from "./shopping-patterns";

export const FREE_SHIPPING_THRESHOLD_CENTS = 5000;
export const FLAT_SHIPPING_CENTS = 695;
export const TAX_RATE = 0.07;

/** Bought once, then owned: a customer does not buy a second kettle at random. */
const GEAR_TYPES = new Set(["Brewing Equipment", "Espresso Accessories", "Tea Accessories", "Accessories", "Bundle", "Subscription"]);

/** A basket someone checked out, before it gets ids, money and statuses. */
export interface OrderDraft {
  atMs: number;
  /** Null for a guest checkout. */
  customer: CustomerPlan | null;
  email: string;
  shippingAddress: SandboxAddress;
  lines: BasketLine[];
  discount: DiscountCode | null;
}

interface BasketLine {
  handle: string;
  variant: SandboxVariant;
  quantity: number;
}

/** One shopping moment: who is buying, when, and the basket so far. */
class Basket {
  readonly lines: BasketLine[] = [];

  constructor(
    private readonly shopper: CustomerPlan,
    readonly atMs: number,
    private readonly catalog: DemoCatalog,
    private readonly random: Random,
  ) {}

  has(handle: string): boolean {
    return this.lines.some((line) => line.handle === handle);
  }

  /** Adds the item if it is on sale and not in the basket yet; returns the product handle it became. */
  add(ref: ItemRef): string | null {
    const handle = this.resolve(ref);
    if (!handle || this.has(handle)) return null;
    const variant = this.catalog.chooseVariant(handle, this.shopper, this.random);
    this.lines.push({ handle, variant, quantity: this.quantityOf(handle) });
    return handle;
  }

  /** Adds what usually goes with the products already in the basket. */
  addComplements(): void {
    for (const line of [...this.lines]) {
      for (const complement of COMPLEMENTS[line.handle] ?? []) {
        if (this.random.chance(complement.probability)) this.add(complement.item);
      }
    }
  }

  addRandomExtra(skip: (handle: string) => boolean = () => false): void {
    const handle = this.catalog.randomExtra(this.atMs, this.random, (h) => this.has(h) || skip(h));
    if (handle) this.add(handle);
  }

  addHolidayGift(): void {
    const gifts = HOLIDAY_GIFTS.filter((g) => this.resolve(g.item) !== null);
    if (gifts.length > 0) this.add(this.random.weighted(gifts, (g) => g.weight).item);
  }

  private resolve(ref: ItemRef): string | null {
    const { catalog, random, atMs } = this;
    if (ref === FAVORITE_COFFEE) {
      // Regulars try the holiday blend while it lasts.
      if (catalog.isOnSale("holiday-blend", atMs) && random.chance(0.25)) return "holiday-blend";
      const usual = this.shopper.favoriteCoffees.filter((h) => catalog.isOnSale(h, atMs));
      return usual.length > 0 ? random.pick(usual) : null;
    }
    if (ref === FAVORITE_TEA) {
      if (catalog.isOnSale("summer-peach-iced-tea", atMs) && random.chance(0.2)) return "summer-peach-iced-tea";
      const usual = this.shopper.favoriteTeas.filter((h) => catalog.isOnSale(h, atMs));
      return usual.length > 0 ? random.pick(usual) : null;
    }
    return catalog.isOnSale(ref, atMs) ? ref : null;
  }

  private quantityOf(handle: string): number {
    const { random } = this;
    const roll = random.next();
    switch (this.catalog.entry(handle).productType) {
      case "Coffee":
        return roll < 0.8 ? 1 : roll < 0.97 ? 2 : 3;
      case "Drinkware":
        return roll < 0.65 ? 1 : roll < 0.95 ? 2 : 4; // mugs come in pairs and sets
      case "Tea":
      case "Filters":
      case "Pantry":
      case "Gift Card":
        return roll < 0.85 ? 1 : 2;
      default:
        return 1;
    }
  }
}

/** What someone buys the first time: what they came for, what goes with it, and maybe something extra. */
function firstBasket(shopper: CustomerPlan, interest: ShoppingInterest, atMs: number, catalog: DemoCatalog, random: Random): Basket {
  const basket = new Basket(shopper, atMs, catalog, random);
  const anchors = interest.anchors.filter((a) => a.item.startsWith("favorite-") || catalog.isOnSale(a.item, atMs));
  basket.add(random.weighted(anchors, (a) => a.weight).item);
  for (const extra of interest.extras) if (random.chance(extra.probability)) basket.add(extra.item);
  basket.addComplements();
  if (isHolidaySeason(atMs) && random.chance(0.3)) basket.addHolidayGift();
  if (random.chance(0.2)) basket.addRandomExtra();
  if (basket.lines.length === 0) basket.add(FAVORITE_COFFEE);
  return basket;
}

/** Every order one customer places: a first basket, then (for repeat buyers) re-orders on their own rhythm. */
export function customerOrderDrafts(plan: CustomerPlan, catalog: DemoCatalog, nowMs: number, random: Random): OrderDraft[] {
  const interest = plan.interest;
  if (!interest) return [];
  // The account is created at checkout, a few minutes before the order goes through.
  const firstAtMs = plan.createdAtMs + random.int(60, 600) * 1000;
  if (firstAtMs > nowMs) return [];

  const drafts: OrderDraft[] = [];
  const owned = new Set<string>();
  const place = (basket: Basket, isFirstOrder: boolean) => {
    if (basket.lines.length === 0) return;
    for (const line of basket.lines) if (GEAR_TYPES.has(catalog.entry(line.handle).productType)) owned.add(line.handle);
    drafts.push(draftFor(plan, basket, chooseDiscount(plan, isFirstOrder, basket.atMs, random)));
  };

  place(firstBasket(plan, interest, firstAtMs, catalog, random), true);
  if (!plan.isRepeatBuyer) return drafts;

  const endMs = Math.min(plan.activeUntilMs, nowMs);
  // Each customer has their own pace per habit (a heavy coffee drinker every 3 weeks, a light one every 5).
  const cycles = plan.habits.map((kind) => {
    const cycleDays = random.between(HABITS[kind].minDays, HABITS[kind].maxDays);
    return { kind, cycleDays, nextDueMs: firstAtMs + cycleDays * random.between(0.85, 1.15) * DAY_MS };
  });
  const occasionalOrders = occasionalOrderTimes(firstAtMs, endMs, random);

  for (;;) {
    const nextHabitMs = Math.min(...cycles.map((c) => c.nextDueMs));
    const nextOccasional = occasionalOrders[0];
    const isOccasional = nextOccasional !== undefined && nextOccasional.atMs < nextHabitMs;
    const dueMs = isOccasional ? nextOccasional.atMs : nextHabitMs;
    if (!Number.isFinite(dueMs) || dueMs >= endMs) break;
    const atMs = atShoppingHour(dueMs, random);
    if (atMs > nowMs) break;
    const basket = new Basket(plan, atMs, catalog, random);

    if (isOccasional) {
      occasionalOrders.shift();
      if (nextOccasional.isHolidayGift) {
        basket.addHolidayGift();
        if (random.chance(0.4)) basket.addHolidayGift();
      } else {
        basket.addRandomExtra((h) => owned.has(h));
      }
      basket.addComplements();
    } else {
      // Whatever else runs out in the next few days goes into the same order.
      const due = cycles.filter((c) => c.nextDueMs <= dueMs + 3 * DAY_MS);
      for (const cycle of due) {
        basket.add(HABITS[cycle.kind].item);
        // Now and then a cycle is skipped (bought at the grocery store, away on vacation).
        const cyclesUntilNext = random.chance(0.07) ? 2 : 1;
        cycle.nextDueMs = dueMs + cyclesUntilNext * cycle.cycleDays * random.between(0.85, 1.15) * DAY_MS;
      }
      if (isHolidaySeason(atMs) && random.chance(0.25)) basket.addHolidayGift();
      if (random.chance(0.15)) basket.addRandomExtra((h) => owned.has(h));
    }
    place(basket, false);
  }
  return drafts;
}

/** Occasional non-routine orders of a repeat buyer: an upgrade every few months, presents in the holiday season. */
function occasionalOrderTimes(fromMs: number, endMs: number, random: Random): { atMs: number; isHolidayGift: boolean }[] {
  const times: { atMs: number; isHolidayGift: boolean }[] = [];
  for (let atMs = fromMs + random.between(20, 150) * DAY_MS; atMs < endMs; atMs += random.between(40, 150) * DAY_MS) {
    times.push({ atMs, isHolidayGift: false });
  }
  for (let year = new Date(fromMs).getUTCFullYear(); year <= new Date(endMs).getUTCFullYear(); year++) {
    const seasonStart = Date.UTC(year, 10, 15);
    const seasonEnd = Date.UTC(year, 11, 18);
    const atMs = random.between(seasonStart, seasonEnd);
    if (atMs > fromMs && atMs < endMs && random.chance(0.6)) times.push({ atMs, isHolidayGift: true });
  }
  return times.sort((a, b) => a.atMs - b.atMs);
}

/** A guest's single checkout, shaped like a new customer's first basket. */
export function guestOrderDraft(guest: CustomerPlan, catalog: DemoCatalog, random: Random): OrderDraft | null {
  const interest = guest.interest;
  if (!interest) return null;
  const basket = firstBasket(guest, interest, guest.createdAtMs, catalog, random);
  if (basket.lines.length === 0) return null;
  return { ...draftFor(guest, basket, random.chance(0.04) ? WELCOME_CODE : null), customer: null };
}

function draftFor(shopper: CustomerPlan, basket: Basket, discount: DiscountCode | null): OrderDraft {
  return {
    atMs: basket.atMs,
    customer: shopper,
    email: shopper.person.email,
    shippingAddress: shopper.address,
    lines: basket.lines,
    discount,
  };
}

function chooseDiscount(plan: CustomerPlan, isFirstOrder: boolean, atMs: number, random: Random): DiscountCode | null {
  if (isHolidaySeason(atMs) && random.chance(0.3)) return HOLIDAY_CODE;
  if (isFirstOrder && plan.emailMarketingConsent === "SUBSCRIBED" && random.chance(0.25)) return WELCOME_CODE;
  if (!isFirstOrder && random.chance(0.05)) return LOYAL_CODE;
  return null;
}

const CANCEL_REASONS: { reason: NonNullable<SandboxOrder["cancelReason"]>; weight: number; voidedChance: number }[] = [
  { reason: "CUSTOMER", weight: 60, voidedChance: 0.4 },
  { reason: "INVENTORY", weight: 15, voidedChance: 0 },
  { reason: "FRAUD", weight: 10, voidedChance: 0.5 },
  { reason: "DECLINED", weight: 10, voidedChance: 1 },
  { reason: "OTHER", weight: 5, voidedChance: 0 },
];

const REFUND_NOTES = ["Arrived damaged", "Wrong grind shipped", "Customer changed their mind", "Lost in transit", "Did not like the roast", "Duplicate order"];
const ORDER_NOTES = ["Please leave at the side door.", "It's a gift, no receipt please!", "Happy birthday, Sam!", "Ring the bell twice.", "Leave with the doorman."];

/**
 * Gives the drafts (in time order) their ids, names, money and life after checkout: most get
 * fulfilled within days, about 4% are refunded in full or in part, about 1.5% are cancelled.
 */
export function buildOrders(drafts: OrderDraft[], catalog: DemoCatalog, ids: IdCounter, nowMs: number, random: Random, firstOrderNumber: number): SandboxOrder[] {
  return drafts.map((draft, index) => {
    const id = ids.next();
    const percentOff = draft.discount?.percentOff ?? 0;
    const lineItems: SandboxLineItem[] = draft.lines.map((line) => {
      const product = catalog.product(line.handle);
      const grossCents = line.variant.priceCents * line.quantity;
      return {
        id: ids.next(),
        productId: product.id,
        variantId: line.variant.id,
        title: product.title,
        variantTitle: line.variant.title,
        sku: line.variant.sku,
        vendor: product.vendor,
        quantity: line.quantity,
        priceCents: line.variant.priceCents,
        // Discount codes do not apply to gift cards.
        discountCents: product.isGiftCard ? 0 : Math.round((grossCents * percentOff) / 100),
        properties: [],
      };
    });
    const isGiftCardLine = draft.lines.map((line) => catalog.product(line.handle).isGiftCard);
    const lineSubtotal = (line: SandboxLineItem) => line.priceCents * line.quantity - line.discountCents;
    const subtotalCents = lineItems.reduce((sum, line) => sum + lineSubtotal(line), 0);
    const discountCents = lineItems.reduce((sum, line) => sum + line.discountCents, 0);
    // Gift cards ship by email and are not taxed.
    const needsShipping = isGiftCardLine.some((isGiftCard) => !isGiftCard);
    const taxableCents = lineItems.reduce((sum, line, i) => sum + (isGiftCardLine[i] ? 0 : lineSubtotal(line)), 0);
    const shippingCents = !needsShipping || subtotalCents >= FREE_SHIPPING_THRESHOLD_CENTS ? 0 : FLAT_SHIPPING_CENTS;
    const taxCents = Math.round(taxableCents * TAX_RATE);
    const totalCents = subtotalCents + shippingCents + taxCents;

    const createdAtMs = draft.atMs;
    let financialStatus: SandboxOrder["financialStatus"] = "PAID";
    let fulfilledAtMs: number | null = null;
    let cancelledAtMs: number | null = null;
    let cancelReason: SandboxOrder["cancelReason"] = null;
    const refunds: SandboxRefund[] = [];
    const fullRefund = (atMs: number, note: string): SandboxRefund => ({
      id: ids.next(),
      createdAt: iso(atMs),
      note,
      refundLineItems: lineItems.map((line) => ({ lineItemId: line.id, quantity: line.quantity, subtotalCents: lineSubtotal(line) })),
      shippingRefundCents: shippingCents,
    });

    if (random.chance(0.015)) {
      const cancel = random.weighted(CANCEL_REASONS, (r) => r.weight);
      cancelledAtMs = Math.min(nowMs, createdAtMs + Math.floor(random.between(0.5, 30) * HOUR_MS));
      cancelReason = cancel.reason;
      // Cancelled before the payment was captured: the authorization is voided; after: refunded.
      if (random.chance(cancel.voidedChance)) {
        financialStatus = "VOIDED";
      } else {
        financialStatus = "REFUNDED";
        refunds.push(fullRefund(cancelledAtMs, "Order cancelled"));
      }
    } else {
      const shipsAtMs = createdAtMs + Math.floor(random.between(0.3, 3.5) * DAY_MS);
      if (shipsAtMs <= nowMs) fulfilledAtMs = shipsAtMs;
      const refundAtMs = fulfilledAtMs === null ? Infinity : fulfilledAtMs + Math.floor(random.between(2, 20) * DAY_MS);
      const unitCount = lineItems.reduce((sum, line) => sum + line.quantity, 0);
      if (random.chance(0.042) && refundAtMs <= nowMs) {
        const note = random.pick(REFUND_NOTES);
        if (unitCount > 1 && random.chance(0.6)) {
          // One item came back (or part of a multi-unit line).
          const line = random.pick(lineItems);
          const quantity = line.quantity > 1 ? random.int(1, line.quantity - 1) : 1;
          refunds.push({
            id: ids.next(),
            createdAt: iso(refundAtMs),
            note,
            refundLineItems: [{ lineItemId: line.id, quantity, subtotalCents: Math.round((lineSubtotal(line) * quantity) / line.quantity) }],
            shippingRefundCents: 0,
          });
          financialStatus = "PARTIALLY_REFUNDED";
        } else {
          refunds.push(fullRefund(refundAtMs, note));
          financialStatus = "REFUNDED";
        }
      }
    }

    const updatedAtMs = Math.max(createdAtMs, fulfilledAtMs ?? 0, cancelledAtMs ?? 0, ...refunds.map((r) => Date.parse(r.createdAt)));
    return {
      id,
      name: `#${firstOrderNumber + index}`,
      customerId: draft.customer?.id ?? null,
      email: draft.email,
      createdAt: iso(createdAtMs),
      processedAt: iso(createdAtMs),
      updatedAt: iso(updatedAtMs),
      currencyCode: "USD",
      lineItems,
      discountCodes: draft.discount && discountCents > 0 ? [{ code: draft.discount.code, amountCents: discountCents }] : [],
      subtotalCents,
      shippingCents,
      taxCents,
      totalCents,
      financialStatus,
      fulfillmentStatus: fulfilledAtMs === null ? "UNFULFILLED" : "FULFILLED",
      fulfilledAt: fulfilledAtMs === null ? null : iso(fulfilledAtMs),
      cancelledAt: cancelledAtMs === null ? null : iso(cancelledAtMs),
      cancelReason,
      refunds,
      note: random.chance(0.03) ? random.pick(ORDER_NOTES) : null,
      tags: [],
      sourceName: "web",
      shippingAddress: needsShipping ? { ...draft.shippingAddress } : null, // its own copy, like a real order's
    };
  });
}
