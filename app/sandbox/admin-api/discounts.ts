// Basic code discounts: discountCodeBasicCreate and the reads that show them. Validation
// messages, codes and field paths are Shopify's (as captured from live Admin API responses).
import { GraphQLError } from "graphql";
import type { SandboxStore } from "../store/store";
import type { SandboxDiscount } from "../store/types";
import { connection, count, type ConnectionArgs } from "./connection";
import { nowIso, requireScope, type AdminApiContext, type UserError } from "./context";
import { customerNode } from "./customers";
import { gidOf, idOf, parseAnyGid } from "./ids";
import { formatMoney, moneyV2, parseMoneyToMinorUnits } from "./money";
import { collectionNode, productNode, variantNode } from "./products";
import { applySearch, matchDate, matchExact, matchId, matchTags, matchWords, type SearchSpec } from "./search";
import { sortValueFor } from "./sorting";

const INT_MAX = 2_147_483_647;

export function discountsOf(store: SandboxStore): SandboxDiscount[] {
  store.state.discounts ??= [];
  return store.state.discounts;
}

export function discountStatus(discount: SandboxDiscount, nowMs: number): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (Date.parse(discount.startsAt) > nowMs) return "SCHEDULED";
  if (discount.endsAt && Date.parse(discount.endsAt) <= nowMs) return "EXPIRED";
  return "ACTIVE";
}

function discountSummary(store: SandboxStore, discount: SandboxDiscount): string {
  const currency = store.state.shop.currencyCode;
  const symbol = currency === "USD" || currency === "CAD" || currency === "AUD" ? "$" : "";
  const amount = (cents: number) => (symbol ? `${symbol}${formatMoney(cents, currency)}` : `${formatMoney(cents, currency)} ${currency}`);
  if (discount.value.type === "free_shipping") {
    const parts = ["Free shipping on all products"];
    if (discount.minimumSubtotalCents !== null) parts.push(`Minimum purchase of ${amount(discount.minimumSubtotalCents)}`);
    if (discount.appliesOncePerCustomer) parts.push("One use per customer");
    return parts.join(" • ");
  }
  const value = discount.value.type === "percentage" ? `${Math.round(discount.value.percentage * 10000) / 100}% off` : `${amount(discount.value.amountCents)} off`;
  const target =
    discount.appliesTo.kind === "all"
      ? "one-time purchase products"
      : discount.appliesTo.kind === "collections"
        ? `${discount.appliesTo.collectionIds.length} collection${discount.appliesTo.collectionIds.length === 1 ? "" : "s"}`
        : `${discount.appliesTo.productIds.length + discount.appliesTo.variantIds.length} product${discount.appliesTo.productIds.length + discount.appliesTo.variantIds.length === 1 ? "" : "s"}`;
  const parts = [`${value} ${target}`];
  if (discount.minimumSubtotalCents !== null) parts.push(`Minimum purchase of ${amount(discount.minimumSubtotalCents)}`);
  if (discount.minimumQuantity !== null) parts.push(`Minimum quantity of ${discount.minimumQuantity} items`);
  if (discount.appliesOncePerCustomer) parts.push("One use per customer");
  return parts.join(" • ");
}

function codeDiscountBasicNode(store: SandboxStore, discount: SandboxDiscount) {
  const currency = store.state.shop.currencyCode;
  const discountValue = discount.value;
  if (discountValue.type === "free_shipping") return codeDiscountFreeShippingNode(store, discount);
  const customers = () =>
    (discount.customerIds ?? []).map((id) => store.customer(id)).flatMap((c) => (c ? [customerNode(store, c)] : []));
  const appliesTo = discount.appliesTo;
  return {
    __typename: "DiscountCodeBasic",
    title: discount.title,
    status: (_args: unknown, context: AdminApiContext) => discountStatus(discount, context.now()),
    summary: discountSummary(store, discount),
    shortSummary: discountSummary(store, discount).split(" • ")[0],
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    updatedAt: discount.updatedAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: discount.codes.reduce((sum, code) => sum + code.usageCount, 0),
    tags: discount.tags,
    hasTimelineComment: false,
    shareableUrls: [],
    discountClasses: appliesTo.kind === "all" ? ["ORDER"] : ["PRODUCT"],
    discountClass: appliesTo.kind === "all" ? "ORDER" : "PRODUCT",
    combinesWith: { ...discount.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    codesCount: count(discount.codes.length),
    codes: (args: ConnectionArgs & { query?: string | null }, context: AdminApiContext) =>
      connection(
        applySearch(discount.codes, args.query, { fields: { code: (c, t) => matchExact(c.code, t) }, freeText: (c, text) => c.code.toLowerCase().includes(text) }, context, ["codes"]),
        args,
        { id: (code) => code.id, sortValue: (code) => code.id, node: (code) => ({ __typename: "DiscountRedeemCode", id: gidOf("DiscountRedeemCode", code.id), code: code.code, asyncUsageCount: code.usageCount }) },
      ),
    context:
      discount.customerIds === null
        ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" }
        : { __typename: "DiscountCustomers", customers },
    customerSelection:
      discount.customerIds === null
        ? { __typename: "DiscountCustomerAll", allCustomers: true }
        : { __typename: "DiscountCustomers", customers },
    customerGets: {
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
      value:
        discountValue.type === "percentage"
          ? { __typename: "DiscountPercentage", percentage: discountValue.percentage }
          : { __typename: "DiscountAmount", amount: moneyV2(discountValue.amountCents, currency), appliesOnEachItem: discountValue.appliesOnEachItem },
      items:
        appliesTo.kind === "all"
          ? { __typename: "AllDiscountItems", allItems: true }
          : appliesTo.kind === "collections"
            ? {
                __typename: "DiscountCollections",
                collections: (args: ConnectionArgs) =>
                  connection(store.state.collections.filter((c) => appliesTo.collectionIds.includes(c.id)), args, {
                    id: (c) => c.id,
                    node: (c) => collectionNode(store, c),
                  }),
              }
            : {
                __typename: "DiscountProducts",
                products: (args: ConnectionArgs) =>
                  connection(appliesTo.productIds.flatMap((id) => store.product(id) ?? []), args, { id: (p) => p.id, node: (p) => productNode(store, p) }),
                productVariants: (args: ConnectionArgs) =>
                  connection(appliesTo.variantIds.flatMap((id) => store.variant(id) ?? []), args, {
                    id: (found) => found.variant.id,
                    node: (found) => variantNode(store, found.product, found.variant),
                  }),
              },
    },
    minimumRequirement:
      discount.minimumSubtotalCents !== null
        ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: moneyV2(discount.minimumSubtotalCents, currency) }
        : discount.minimumQuantity !== null
          ? { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: String(discount.minimumQuantity) }
          : null,
  };
}

/** A free-shipping code discount (`discountCodeFreeShippingCreate`): all destinations, no price cap. */
function codeDiscountFreeShippingNode(store: SandboxStore, discount: SandboxDiscount) {
  const currency = store.state.shop.currencyCode;
  const customers = () =>
    (discount.customerIds ?? []).map((id) => store.customer(id)).flatMap((c) => (c ? [customerNode(store, c)] : []));
  return {
    __typename: "DiscountCodeFreeShipping",
    title: discount.title,
    status: (_args: unknown, context: AdminApiContext) => discountStatus(discount, context.now()),
    summary: discountSummary(store, discount),
    shortSummary: "Free shipping",
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    updatedAt: discount.updatedAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    asyncUsageCount: discount.codes.reduce((sum, code) => sum + code.usageCount, 0),
    tags: discount.tags,
    hasTimelineComment: false,
    shareableUrls: [],
    discountClasses: ["SHIPPING"],
    discountClass: "SHIPPING",
    combinesWith: { ...discount.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    codesCount: count(discount.codes.length),
    destinationSelection: { __typename: "DiscountCountryAll", allCountries: true },
    maximumShippingPrice: null,
    context: discount.customerIds === null ? { __typename: "DiscountBuyerSelectionAll", all: "ALL" } : { __typename: "DiscountCustomers", customers },
    customerSelection: discount.customerIds === null ? { __typename: "DiscountCustomerAll", allCustomers: true } : { __typename: "DiscountCustomers", customers },
    minimumRequirement:
      discount.minimumSubtotalCents !== null
        ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: moneyV2(discount.minimumSubtotalCents, currency) }
        : discount.minimumQuantity !== null
          ? { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: String(discount.minimumQuantity) }
          : null,
  };
}

export function codeDiscountNode(store: SandboxStore, discount: SandboxDiscount) {
  return { __typename: "DiscountCodeNode", id: gidOf("DiscountCodeNode", discount.id), codeDiscount: codeDiscountBasicNode(store, discount) };
}

function discountNode(store: SandboxStore, discount: SandboxDiscount) {
  return { __typename: "DiscountNode", id: gidOf("DiscountNode", discount.id), discount: codeDiscountBasicNode(store, discount) };
}

/** The code discount a code belongs to (codes are case-insensitive), with the code as stored. */
export function findCodeDiscount(store: SandboxStore, code: string): { discount: SandboxDiscount; code: string } | null {
  const wanted = code.trim().toLowerCase();
  if (!wanted) return null;
  for (const discount of discountsOf(store)) {
    const match = discount.codes.find((c) => c.code.toLowerCase() === wanted);
    if (match) return { discount, code: match.code };
  }
  return null;
}

function discountSearch(): SearchSpec<SandboxDiscount> {
  return {
    fields: {
      title: (d, t) => matchWords(d.title, t),
      code: (d, t) => d.codes.some((c) => matchExact(c.code, t)),
      id: (d, t) => matchId(d.id, t),
      created_at: (d, t) => matchDate(d.createdAt, t),
      updated_at: (d, t) => matchDate(d.updatedAt, t),
      starts_at: (d, t) => matchDate(d.startsAt, t),
      ends_at: (d, t) => matchDate(d.endsAt, t),
      tag: (d, t) => matchTags(d.tags, t),
      discount_type: (d, t) => matchExact(d.value.type, t),
      type: (_d, t) => matchExact("basic", t),
    },
    freeText: (d, text) => d.title.toLowerCase().includes(text) || d.codes.some((c) => c.code.toLowerCase().includes(text)),
  };
}

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

export function discountQueries(store: SandboxStore) {
  const list = (fieldName: string, node: (d: SandboxDiscount) => object) => (args: ListArgs, context: AdminApiContext) => {
    requireScope(context, fieldName, "read_discounts");
    const filtered = applySearch(discountsOf(store), args.query, discountSearch(), context, [fieldName]);
    return connection(filtered, args, {
      id: (d) => d.id,
      sortValue: sortValueFor(fieldName, args.sortKey, { ID: (d) => d.id, CREATED_AT: (d) => d.createdAt, UPDATED_AT: (d) => d.updatedAt, TITLE: (d) => d.title.toLowerCase(), STARTS_AT: (d) => d.startsAt, ENDS_AT: (d) => d.endsAt ?? "", RELEVANCE: (d) => d.id }, "ID"),
      node,
    });
  };
  const byId = (resource: string, gid: string) => {
    const id = idOf(gid, resource);
    return discountsOf(store).find((d) => d.id === id) ?? null;
  };
  return {
    codeDiscountNode: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "codeDiscountNode", "read_discounts");
      const discount = byId("DiscountCodeNode", id);
      return discount ? codeDiscountNode(store, discount) : null;
    },
    codeDiscountNodeByCode: ({ code }: { code: string }, context: AdminApiContext) => {
      requireScope(context, "codeDiscountNodeByCode", "read_discounts");
      const discount = findCodeDiscount(store, code)?.discount;
      return discount ? codeDiscountNode(store, discount) : null;
    },
    discountNode: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "discountNode", "read_discounts");
      const discount = byId("DiscountNode", id) ?? byId("DiscountCodeNode", id);
      return discount ? discountNode(store, discount) : null;
    },
    codeDiscountNodes: list("codeDiscountNodes", (d) => codeDiscountNode(store, d)),
    discountNodes: list("discountNodes", (d) => discountNode(store, d)),
  };
}

// ---- discountCodeBasicCreate ----------------------------------------------------------------

interface IdList {
  add?: string[] | null;
  remove?: string[] | null;
}

interface DiscountCodeBasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  recurringCycleLimit?: number | null;
  tags?: string[] | null;
  combinesWith?: { orderDiscounts?: boolean | null; productDiscounts?: boolean | null; shippingDiscounts?: boolean | null; productDiscountsWithTagsOnSameCartLine?: unknown } | null;
  context?: { all?: string | null; customers?: IdList | null; customerSegments?: unknown; markets?: unknown } | null;
  customerSelection?: { all?: boolean | null; customers?: IdList | null; customerSegments?: unknown } | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | number | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | number | null } | null;
  } | null;
  customerGets?: {
    value?: { percentage?: number | null; discountAmount?: { amount?: string | number | null; appliesOnEachItem?: boolean | null } | null; discountOnQuantity?: unknown } | null;
    items?: {
      all?: boolean | null;
      products?: { productsToAdd?: string[] | null; productVariantsToAdd?: string[] | null } | null;
      collections?: IdList | null;
    } | null;
    appliesOnSubscription?: boolean | null;
    appliesOnOneTimePurchase?: boolean | null;
  } | null;
}

type DiscountCodeFreeShippingInput = Omit<DiscountCodeBasicInput, "customerGets"> & {
  destination?: { all?: boolean | null; countries?: unknown } | null;
  maximumShippingPrice?: string | number | null;
  appliesOnOneTimePurchase?: boolean | null;
  appliesOnSubscription?: boolean | null;
};

function sandboxGap(what: string): GraphQLError {
  return new GraphQLError(`The Encore sandbox does not implement ${what} (add it in app/sandbox/admin-api/discounts.ts)`, {
    extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
  });
}

function numericIds(gids: readonly string[] | null | undefined, resource: string): { valid: number[]; invalid: string[] } {
  const valid: number[] = [];
  const invalid: string[] = [];
  for (const gid of gids ?? []) {
    const parsed = parseAnyGid(gid);
    if (parsed.resource === resource) valid.push(parsed.id);
    else invalid.push(String(parsed.id));
  }
  return { valid, invalid };
}

type Fail = (path: string[], message: string, code: string) => void;
type CommonCodeInput = Pick<DiscountCodeBasicInput, "title" | "code" | "startsAt" | "endsAt" | "usageLimit" | "context" | "customerSelection" | "minimumRequirement">;

/** Title, code, dates, usage and buyers: validated alike for every code discount type. */
function validateCodeHeader(store: SandboxStore, input: CommonCodeInput, fail: Fail) {
  // title
  const title = input.title?.trim() ?? "";
  if (!title) fail(["title"], "Title can't be blank", "BLANK");
  else if (title.length > 255) fail(["title"], "Title is too long (maximum is 255 characters)", "TOO_LONG");

  // code
  const code = input.code;
  if (code == null) fail(["code"], "Code can't be blank", "BLANK");
  else if (code.length === 0) fail(["code"], "Code is too short (minimum is 1 character)", "TOO_SHORT");
  else if (/[\r\n]/.test(code)) fail(["code"], "Code cannot contain newline characters.", "INVALID");
  else if (code.length > 255) fail(["code"], "Code is too long (maximum is 255 characters)", "TOO_LONG");
  else if (findCodeDiscount(store, code)) fail(["code"], "Code must be unique. Please try a different code.", "TAKEN");

  // dates
  if (!input.startsAt) fail(["startsAt"], "Starts at can't be blank", "BLANK");
  else if (input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) fail(["endsAt"], "Ends at needs to be after starts_at", "INVALID");

  // usage
  if (input.usageLimit != null) {
    if (input.usageLimit <= 0) fail(["usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN");
    else if (input.usageLimit > INT_MAX) fail(["usageLimit"], `Usage limit must be less than or equal to ${INT_MAX}`, "LESS_THAN_OR_EQUAL_TO");
  }

  // buyers
  if (input.context && input.customerSelection) fail(["context"], "Only one of context or customerSelection can be provided.", "INVALID");
  const customerList = input.context?.customers ?? input.customerSelection?.customers ?? null;
  let customerIds: number[] | null = null;
  if (customerList) {
    const { valid, invalid } = numericIds(customerList.add, "Customer");
    const unknown = [...invalid, ...valid.filter((id) => !store.customer(id)).map(String)];
    const contextKey = input.context ? "context" : "customerSelection";
    for (const id of unknown) fail([contextKey, "customers", "add"], `Customer with id: ${id} is invalid`, "INVALID");
    customerIds = valid;
  }

  return { title, code, customerIds };
}

/** A code discount's minimum requirement (subtotal or quantity, not both). */
function validateMinimum(store: SandboxStore, input: CommonCodeInput, fail: Fail) {
  const currency = store.state.shop.currencyCode;
  // minimum requirement
  const minimum = input.minimumRequirement;
  let minimumSubtotalCents: number | null = null;
  let minimumQuantity: number | null = null;
  const subtotalValue = minimum?.subtotal?.greaterThanOrEqualToSubtotal;
  const quantityValue = minimum?.quantity?.greaterThanOrEqualToQuantity;
  if (subtotalValue != null && quantityValue != null) {
    fail(["minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], "Minimum subtotal cannot be defined when minimum quantity is.", "CONFLICT");
    fail(["minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"], "Minimum quantity cannot be defined when minimum subtotal is.", "CONFLICT");
  } else if (subtotalValue != null) {
    minimumSubtotalCents = parseMoneyToMinorUnits(subtotalValue, currency);
    if (minimumSubtotalCents === null || minimumSubtotalCents < 0) {
      fail(["minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"], "Minimum subtotal must be greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO");
    }
  } else if (quantityValue != null) {
    minimumQuantity = Number(quantityValue);
    if (!Number.isInteger(minimumQuantity) || minimumQuantity < 0) {
      fail(["minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"], "Minimum quantity must be greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO");
    } else if (minimumQuantity >= INT_MAX) {
      fail(["minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"], `Minimum quantity must be less than ${INT_MAX}`, "LESS_THAN");
    }
  }

  return { minimumSubtotalCents, minimumQuantity };
}

export function discountMutations(store: SandboxStore) {
  return {
    discountCodeBasicCreate: ({ basicCodeDiscount: input }: { basicCodeDiscount: DiscountCodeBasicInput }, context: AdminApiContext) => {
      requireScope(context, "discountCodeBasicCreate", "write_discounts");
      const currency = store.state.shop.currencyCode;
      const errors: UserError[] = [];
      const fail = (path: string[], message: string, code: string) =>
        errors.push({ field: ["basicCodeDiscount", ...path], message, code, extraInfo: null });

      const value = input.customerGets?.value;
      if (value) {
        const kinds = [value.percentage != null, value.discountAmount != null, value.discountOnQuantity != null].filter(Boolean).length;
        if (kinds > 1) {
          throw new GraphQLError("A discount can only have one of percentage, discountOnQuantity or discountAmount.", { extensions: { code: "BAD_REQUEST" } });
        }
      }
      if (input.customerSelection?.customerSegments || input.context?.customerSegments) throw sandboxGap("customer segment discount contexts");
      if (input.context?.markets) throw sandboxGap("market discount contexts");
      if (input.recurringCycleLimit != null && input.recurringCycleLimit !== 1) throw sandboxGap("recurringCycleLimit (subscriptions)");

      const { title, code, customerIds } = validateCodeHeader(store, input, fail);

      // value
      let discountValue: SandboxDiscount["value"] | null = null;
      if (!value) {
        fail(["customerGets", "value"], "Value can't be blank", "BLANK");
      } else if (value.discountOnQuantity != null) {
        fail(["customerGets", "value", "discountOnQuantity"], "discountOnQuantity field is only permitted with bxgy discounts.", "INVALID");
      } else if (value.percentage != null) {
        if (value.percentage < 0 || value.percentage > 1) fail(["customerGets", "value", "percentage"], "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
        else discountValue = { type: "percentage", percentage: value.percentage };
      } else if (value.discountAmount) {
        const cents = parseMoneyToMinorUnits(value.discountAmount.amount, currency);
        // Shopify stores amounts negated internally, hence this wording for a negative input.
        if (cents === null) fail(["customerGets", "value", "discountAmount", "amount"], "Value is not a valid decimal", "INVALID");
        else if (cents < 0) fail(["customerGets", "value", "discountAmount", "amount"], "Value must be less than or equal to 0", "LESS_THAN_OR_EQUAL_TO");
        else discountValue = { type: "fixed_amount", amountCents: cents, appliesOnEachItem: value.discountAmount.appliesOnEachItem ?? false };
      } else {
        fail(["customerGets", "value"], "Value can't be blank", "BLANK");
      }

      // items
      const items = input.customerGets?.items;
      let appliesTo: SandboxDiscount["appliesTo"] | null = null;
      if (!items || (!items.all && !items.products && !items.collections)) {
        fail(["customerGets", "items"], "Items must be defined", "APPLIES_ON_NOTHING");
      } else if (items.all) {
        appliesTo = { kind: "all" };
      } else {
        const products = numericIds(items.products?.productsToAdd, "Product");
        const variants = numericIds(items.products?.productVariantsToAdd, "ProductVariant");
        const collections = numericIds(items.collections?.add, "Collection");
        if (items.collections && items.products) {
          fail(["customerGets", "items", "collections", "add"], "Cannot entitle collections in combination with product variants or products", "CONFLICT");
        }
        const badProducts = [...products.invalid, ...products.valid.filter((id) => !store.product(id)).map(String)];
        const badVariants = [...variants.invalid, ...variants.valid.filter((id) => !store.variant(id)).map(String)];
        const badCollections = [...collections.invalid, ...collections.valid.filter((id) => !store.state.collections.some((c) => c.id === id)).map(String)];
        for (const id of badProducts) fail(["customerGets", "items", "products", "productsToAdd"], `Product with id: ${id} is invalid`, "INVALID");
        for (const id of badVariants) fail(["customerGets", "items", "products", "productVariantsToAdd"], `Product variant with id: ${id} is invalid`, "INVALID");
        for (const id of badCollections) fail(["customerGets", "items", "collections", "add"], `Collection with id: ${id} is invalid`, "INVALID");
        appliesTo = items.collections
          ? { kind: "collections", collectionIds: collections.valid }
          : { kind: "products", productIds: products.valid, variantIds: variants.valid };
      }

      const { minimumSubtotalCents, minimumQuantity } = validateMinimum(store, input, fail);

      if (errors.length || !discountValue || !appliesTo || code == null || !input.startsAt) {
        return { codeDiscountNode: null, userErrors: errors };
      }

      const discount = newCodeDiscount(store, context, input, { title, code, customerIds, minimumSubtotalCents, minimumQuantity, value: discountValue, appliesTo });
      return { codeDiscountNode: codeDiscountNode(store, discount), userErrors: [] };
    },

    discountCodeFreeShippingCreate: ({ freeShippingCodeDiscount: input }: { freeShippingCodeDiscount: DiscountCodeFreeShippingInput }, context: AdminApiContext) => {
      requireScope(context, "discountCodeFreeShippingCreate", "write_discounts");
      const errors: UserError[] = [];
      const fail = (path: string[], message: string, code: string) =>
        errors.push({ field: ["freeShippingCodeDiscount", ...path], message, code, extraInfo: null });
      if (input.customerSelection?.customerSegments || input.context?.customerSegments) throw sandboxGap("customer segment discount contexts");
      if (input.context?.markets) throw sandboxGap("market discount contexts");
      if (input.destination?.countries) throw sandboxGap("free shipping limited to countries (the sandbox shop ships domestically)");
      if (input.maximumShippingPrice != null) throw sandboxGap("maximumShippingPrice");

      const { title, code, customerIds } = validateCodeHeader(store, input, fail);
      const { minimumSubtotalCents, minimumQuantity } = validateMinimum(store, input, fail);
      if (errors.length || code == null || !input.startsAt) return { codeDiscountNode: null, userErrors: errors };

      const discount = newCodeDiscount(store, context, input, {
        title,
        code,
        customerIds,
        minimumSubtotalCents,
        minimumQuantity,
        value: { type: "free_shipping" },
        appliesTo: { kind: "all" },
      });
      return { codeDiscountNode: codeDiscountNode(store, discount), userErrors: [] };
    },

    /** Shopify ends the discount now (status EXPIRED); the code stops applying at checkout. */
    discountCodeDeactivate: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "discountCodeDeactivate", "write_discounts");
      const discountId = idOf(id, "DiscountCodeNode");
      const discount = discountsOf(store).find((d) => d.id === discountId);
      if (!discount) return { codeDiscountNode: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null }] };
      const now = nowIso(context);
      if (discountStatus(discount, Date.parse(now)) !== "EXPIRED") {
        discount.endsAt = now;
        discount.updatedAt = now;
        store.changed();
        context.onResourceUpdated?.("DiscountCodeNode", discount.id);
      }
      return { codeDiscountNode: codeDiscountNode(store, discount), userErrors: [] };
    },
  };
}

/** Stores a validated code discount of any type. */
function newCodeDiscount(
  store: SandboxStore,
  context: AdminApiContext,
  input: Pick<DiscountCodeBasicInput, "startsAt" | "endsAt" | "usageLimit" | "appliesOncePerCustomer" | "combinesWith" | "tags">,
  fields: Pick<SandboxDiscount, "title" | "customerIds" | "minimumSubtotalCents" | "minimumQuantity" | "value" | "appliesTo"> & { code: string },
): SandboxDiscount {
  const createdAt = nowIso(context);
  const { code, ...rest } = fields;
  const discount: SandboxDiscount = {
    id: store.nextId(),
    ...rest,
    codes: [{ id: store.nextId(), code, usageCount: 0 }],
    startsAt: new Date(input.startsAt!).toISOString().replace(/\.\d{3}Z$/, "Z"),
    endsAt: input.endsAt ? new Date(input.endsAt).toISOString().replace(/\.\d{3}Z$/, "Z") : null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    combinesWith: {
      orderDiscounts: input.combinesWith?.orderDiscounts ?? false,
      productDiscounts: input.combinesWith?.productDiscounts ?? false,
      shippingDiscounts: input.combinesWith?.shippingDiscounts ?? false,
    },
    tags: input.tags ?? [],
    createdAt,
    updatedAt: createdAt,
  };
  discountsOf(store).push(discount);
  store.changed();
  context.onResourceUpdated?.("DiscountCodeNode", discount.id);
  return discount;
}
