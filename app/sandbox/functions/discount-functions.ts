// The sandbox cart and checkout run the shop's automatic app discounts as Shopify does: for each
// active discount bound to one of the app's functions, the function's input query is executed on
// Shopify's published Function schema over the cart, the function's JavaScript is called with the
// result, its output is checked against the schema's result type, and the product discount
// candidates are turned into per-line discount allocations.
//
// Simplifications (documented in docs/decisions/006): only product discounts
// (cart.lines.discounts.generate.run / productDiscountsAdd) are applied; discounts from several
// functions on the same line add up (capped at the line's price) instead of Shopify's combination
// rules; the cart is always in the shop currency (presentmentCurrencyRate 1.0). The buyer
// (cart.buyerIdentity.customer) is the logged-in customer only, as at Shopify: an email typed at
// checkout does not make the buyer a known customer.
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  coerceInputValue,
  execute,
  GraphQLError,
  isInputType,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
} from "graphql";
import { appDiscountsOf, appDiscountStatus, findMetafield } from "../admin-api/app-discounts";
import { customerMetafields } from "../admin-api/metafields";
import type { SandboxStore } from "../store/store";
import type { SandboxAppDiscount, SandboxCustomer } from "../store/types";
import { exportFunctionName, listAppFunctions, loadDiscountFunctionSchema, type AppFunction } from "./app-functions";

const TARGET = "cart.lines.discounts.generate.run";

/** A cart line with its price, as the discount evaluation needs it. */
export interface PricedLine {
  key: string;
  productId: number;
  variantId: number;
  productTitle: string;
  productHandle: string;
  variantTitle: string;
  sku: string;
  quantity: number;
  priceCents: number;
  requiresShipping: boolean;
  properties: Record<string, string>;
}

export interface DiscountAllocation {
  discountId: number;
  title: string;
  /** The candidate's message (what the shopper reads), or the discount title. */
  message: string;
  amountCents: number;
}

export interface AppliedDiscounts {
  /** Line key -> what each discount took off that line (whole line, all units). */
  byLine: Map<string, DiscountAllocation[]>;
  /** One entry per discount that applied, with its total. */
  applications: { discountId: number; title: string; amountCents: number }[];
}

export type DiscountEvaluator = (lines: PricedLine[]) => AppliedDiscounts;

export const NO_DISCOUNTS: DiscountEvaluator = () => ({ byLine: new Map(), applications: [] });

const requireModule = createRequire(import.meta.url);

/** The function's JS export, loaded synchronously (Node 22 requires ES modules) so cart.js stays synchronous. */
function loadExport(fn: AppFunction, exportName: string): (input: unknown) => unknown {
  const module = requireModule(join(fn.dir, "src", "index.js")) as Record<string, unknown>;
  const exported = module[exportFunctionName(exportName)];
  if (typeof exported !== "function") throw new Error(`Function ${fn.handle} does not export ${exportFunctionName(exportName)}`);
  return exported as (input: unknown) => unknown;
}

const queryCache = new Map<string, DocumentNode>();

function money(cents: number, currencyCode: string) {
  return { amount: (cents / 100).toFixed(2), currencyCode };
}

/** Function-input objects: a missing field is a sandbox gap, reported loudly (never a silent null). */
const strictResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as (a: unknown, c: unknown, i: unknown) => unknown).call(source, args, context, info) : value;
  }
  throw new GraphQLError(`The Encore sandbox does not implement the Function input field ${info.parentType.name}.${info.fieldName} (add it in app/sandbox/functions/discount-functions.ts)`);
};

/** Function-input metafield lookup over stored metafields ("$app:…" namespaces resolved). */
function metafieldField(metafields: Parameters<typeof findMetafield>[0]) {
  return ({ namespace, key }: { namespace?: string | null; key: string }) => {
    const found = findMetafield(metafields, namespace, key);
    return found ? { type: found.type, value: found.value, jsonValue: found.type === "json" ? JSON.parse(found.value) : found.value } : null;
  };
}

/** cart.buyerIdentity for a logged-in customer (null for a guest). */
function buyerIdentity(customer: SandboxCustomer | null) {
  if (!customer) return null;
  const hasTag = (wanted: string[] | null | undefined) => (wanted ?? []).map((tag) => ({ tag, hasTag: customer.tags.some((t) => t.toLowerCase() === tag.toLowerCase()) }));
  return {
    email: customer.email,
    phone: customer.phone,
    isAuthenticated: true,
    purchasingCompany: null,
    customer: {
      id: `gid://shopify/Customer/${customer.id}`,
      email: customer.email,
      displayName: `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
      metafield: metafieldField(customerMetafields(customer)),
      hasTags: ({ tags }: { tags?: string[] | null }) => hasTag(tags),
      hasAnyTag: ({ tags }: { tags?: string[] | null }) => hasTag(tags).some((t) => t.hasTag),
    },
  };
}

function functionInputRoot(store: SandboxStore, discount: SandboxAppDiscount, lines: PricedLine[], buyer: SandboxCustomer | null) {
  const currency = store.state.shop.currencyCode;
  const attribute = (values: Record<string, string>) => ({ key }: { key?: string | null }) =>
    key != null && values[key] !== undefined ? { key, value: values[key] } : null;
  const cartLines = lines.map((line, index) => ({
    id: `gid://shopify/CartLine/${index}`,
    quantity: line.quantity,
    attribute: attribute(line.properties),
    cost: {
      amountPerQuantity: money(line.priceCents, currency),
      compareAtAmountPerQuantity: null,
      subtotalAmount: money(line.priceCents * line.quantity, currency),
      totalAmount: money(line.priceCents * line.quantity, currency),
    },
    merchandise: {
      __typename: "ProductVariant",
      id: `gid://shopify/ProductVariant/${line.variantId}`,
      title: line.variantTitle,
      sku: line.sku || null,
      requiresShipping: line.requiresShipping,
      product: { __typename: "Product", id: `gid://shopify/Product/${line.productId}`, handle: line.productHandle, title: line.productTitle },
    },
    discountAllocations: [],
  }));
  const subtotal = lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0);
  return {
    cart: {
      lines: cartLines,
      cost: { subtotalAmount: money(subtotal, currency), totalAmount: money(subtotal, currency) },
      attribute: () => null,
      buyerIdentity: buyerIdentity(buyer),
    },
    discount: {
      discountClasses: discount.discountClasses,
      metafield: metafieldField(discount.metafields),
    },
    presentmentCurrencyRate: "1.0",
    triggeringDiscountCode: null,
    enteredDiscountCodes: [],
  };
}

interface Candidate {
  message?: string | null;
  targets: { cartLine?: { id: string; quantity?: number | null } | null }[];
  value: { percentage?: { value: string | number } | null; fixedAmount?: { amount: string | number; appliesToEachItem?: boolean | null } | null };
}

/** A candidate's discount per line index, in cents, before capping. */
function candidateAmounts(candidate: Candidate, lines: PricedLine[]): Map<number, number> {
  const eligible = new Map<number, { units: number; valueCents: number }>();
  for (const target of candidate.targets) {
    const match = /^gid:\/\/shopify\/CartLine\/(\d+)$/.exec(target.cartLine?.id ?? "");
    const line = match ? lines[Number(match[1])] : undefined;
    if (!line) continue;
    const units = Math.min(line.quantity, target.cartLine?.quantity ?? line.quantity);
    eligible.set(Number(match![1]), { units, valueCents: units * line.priceCents });
  }
  const amounts = new Map<number, number>();
  if (candidate.value.percentage) {
    const percent = Number(candidate.value.percentage.value);
    for (const [index, { valueCents }] of eligible) amounts.set(index, Math.round((valueCents * percent) / 100));
  } else if (candidate.value.fixedAmount) {
    const cents = Math.round(Number(candidate.value.fixedAmount.amount) * 100);
    if (candidate.value.fixedAmount.appliesToEachItem) {
      for (const [index, { units, valueCents }] of eligible) amounts.set(index, Math.min(valueCents, cents * units));
    } else {
      // One amount across the targets, in proportion to their value; the rounding rest goes to the last.
      const total = [...eligible.values()].reduce((sum, e) => sum + e.valueCents, 0);
      const off = Math.min(cents, total);
      let given = 0;
      const entries = [...eligible.entries()];
      entries.forEach(([index, { valueCents }], position) => {
        const share = position === entries.length - 1 ? off - given : Math.floor((off * valueCents) / total);
        given += share;
        amounts.set(index, share);
      });
    }
  }
  return amounts;
}

/**
 * The discounts of the sandbox shop (its store, and the app's functions in extensions/) for a
 * buyer: the logged-in customer, or null for a guest.
 */
export function shopDiscounts(context: { store: SandboxStore; config: { apiKey: string; extensionsDir: string } }, buyer: SandboxCustomer | null = null): DiscountEvaluator {
  return createDiscountEvaluator({ store: context.store, apiKey: context.config.apiKey, extensionsDir: context.config.extensionsDir, buyer });
}

/** Runs every active automatic app discount of the store over the lines. */
export function createDiscountEvaluator(options: { store: SandboxStore; apiKey: string; extensionsDir: string; buyer?: SandboxCustomer | null; now?: () => number }): DiscountEvaluator {
  return (lines) => {
    const result: AppliedDiscounts = { byLine: new Map(), applications: [] };
    if (lines.length === 0) return result;
    const nowMs = (options.now ?? Date.now)();
    const discounts = appDiscountsOf(options.store).filter((d) => appDiscountStatus(d, nowMs) === "ACTIVE");
    if (discounts.length === 0) return result;
    const functions = listAppFunctions(options.extensionsDir, options.apiKey);
    const taken = new Map<number, number>(); // line index -> cents already discounted

    for (const discount of discounts) {
      const fn = functions.find((f) => f.handle === discount.functionHandle);
      const target = fn?.targets.find((t) => t.target === TARGET);
      if (!fn || !target || !discount.discountClasses.includes("PRODUCT")) continue;
      try {
        applyDiscount(discount, fn, target.exportName, target.inputQuery);
      } catch (error) {
        // Shopify logs a failing function run and checks out without its discount; so does the sandbox.
        console.error(`Sandbox: discount function ${fn.handle} failed for discount ${discount.id}:`, error);
      }
    }
    return result;

    function applyDiscount(discount: SandboxAppDiscount, fn: AppFunction, exportName: string, inputQuery: string) {
      const schema = loadDiscountFunctionSchema(fn.apiVersion);
      const cacheKey = `${fn.apiVersion}:${inputQuery}`;
      let document = queryCache.get(cacheKey);
      if (!document) {
        document = parse(inputQuery);
        const errors = validate(schema, document);
        if (errors.length > 0) throw new Error(`Function ${fn.handle}: input query is invalid: ${errors.map((e) => e.message).join("; ")}`);
        queryCache.set(cacheKey, document);
      }
      const executed = execute({ schema, document, rootValue: functionInputRoot(options.store, discount, lines, options.buyer ?? null), fieldResolver: strictResolver });
      if ("then" in executed) throw new Error("Function input resolution must be synchronous");
      if (executed.errors?.length) throw new Error(`Function ${fn.handle}: building its input failed: ${executed.errors.map((e) => e.message).join("; ")}`);

      const output = loadExport(fn, exportName)(JSON.parse(JSON.stringify(executed.data)));
      // Shopify rejects output that does not match the target's result type.
      const resultType = schema.getType("CartLinesDiscountsGenerateRunResult");
      if (!resultType || !isInputType(resultType)) throw new Error("Function schema has no CartLinesDiscountsGenerateRunResult");
      coerceInputValue(output, resultType, (path, _value, error) => {
        throw new Error(`Function ${fn.handle} returned invalid output at ${path.join(".")}: ${error.message}`);
      });

      const operations = (output as { operations: { productDiscountsAdd?: { candidates: Candidate[]; selectionStrategy: string }; orderDiscountsAdd?: unknown }[] }).operations;
      let discountTotal = 0;
      for (const operation of operations) {
        if (operation.orderDiscountsAdd) throw new Error(`The Encore sandbox does not apply order discounts from functions yet (${fn.handle})`);
        const add = operation.productDiscountsAdd;
        if (!add || add.candidates.length === 0) continue;
        const scored = add.candidates.map((candidate) => ({ candidate, amounts: candidateAmounts(candidate, lines) }));
        const totalOf = (amounts: Map<number, number>) => [...amounts.values()].reduce((sum, v) => sum + v, 0);
        const chosen =
          add.selectionStrategy === "ALL"
            ? scored
            : add.selectionStrategy === "MAXIMUM"
              ? [scored.reduce((best, next) => (totalOf(next.amounts) > totalOf(best.amounts) ? next : best))]
              : [scored[0]];
        for (const { candidate, amounts } of chosen) {
          for (const [index, amount] of amounts) {
            const line = lines[index];
            const room = line.priceCents * line.quantity - (taken.get(index) ?? 0);
            const applied = Math.max(0, Math.min(amount, room));
            if (applied === 0) continue;
            taken.set(index, (taken.get(index) ?? 0) + applied);
            discountTotal += applied;
            const allocations = result.byLine.get(line.key) ?? [];
            const existing = allocations.find((a) => a.discountId === discount.id);
            if (existing) existing.amountCents += applied;
            else allocations.push({ discountId: discount.id, title: discount.title, message: candidate.message || discount.title, amountCents: applied });
            result.byLine.set(line.key, allocations);
          }
        }
      }
      if (discountTotal > 0) result.applications.push({ discountId: discount.id, title: discount.title, amountCents: discountTotal });
    }
  };
}
