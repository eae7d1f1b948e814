// Automatic app discounts: the discounts that run one of the app's Shopify Functions
// (discountAutomaticAppCreate / Update, discountAutomaticDelete), their metafields (the function's
// configuration), and the shopifyFunctions the app deployed (read from extensions/ by
// ../functions/app-functions.ts). Shapes, field paths and messages follow Shopify's.
import { GraphQLError } from "graphql";
import { listAppFunctions, type AppFunction } from "../functions/app-functions";
import type { SandboxStore } from "../store/store";
import type { SandboxAppDiscount, SandboxMetafield } from "../store/types";
import { connection, type ConnectionArgs } from "./connection";
import { nowIso, requireScope, type AdminApiContext, type UserError } from "./context";
import { gidOf, idOf } from "./ids";

/** The numeric id in "$app" namespaces ("$app:encore" is stored as "app--1--encore"). */
const APP_NUMERIC_ID = 1;
/** Shopify's size limit for JSON metafield writes from API 2026-04 on (128 KB). */
const JSON_METAFIELD_MAX_BYTES = 128 * 1024;

export interface AppFunctionsSource {
  apiKey: string;
  extensionsDir?: string;
}

export function appDiscountsOf(store: SandboxStore): SandboxAppDiscount[] {
  store.state.appDiscounts ??= [];
  return store.state.appDiscounts;
}

/** "$app:encore" -> "app--1--encore"; "$app" -> "app--1"; other namespaces unchanged. */
export function resolveNamespace(namespace: string): string {
  if (namespace === "$app") return `app--${APP_NUMERIC_ID}`;
  if (namespace.startsWith("$app:")) return `app--${APP_NUMERIC_ID}--${namespace.slice("$app:".length)}`;
  return namespace;
}

export function findMetafield(metafields: readonly SandboxMetafield[], namespace: string | null | undefined, key: string): SandboxMetafield | null {
  const wanted = resolveNamespace(namespace ?? `$app`);
  return metafields.find((m) => m.namespace === wanted && m.key === key) ?? null;
}

export function appDiscountStatus(discount: SandboxAppDiscount, nowMs: number): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (Date.parse(discount.startsAt) > nowMs) return "SCHEDULED";
  if (discount.endsAt && Date.parse(discount.endsAt) <= nowMs) return "EXPIRED";
  return "ACTIVE";
}

function metafieldNode(discount: SandboxAppDiscount, metafield: SandboxMetafield) {
  return {
    __typename: "Metafield",
    id: gidOf("Metafield", metafield.id),
    legacyResourceId: String(metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: metafield.type === "json" ? JSON.parse(metafield.value) : metafield.value,
    sizeInBytes: Buffer.byteLength(metafield.value),
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
    ownerType: "DISCOUNT",
    description: null,
    compareDigest: metafield.updatedAt,
    owner: () => automaticNode(null, discount),
  };
}

function metafieldFields(discount: SandboxAppDiscount) {
  return {
    metafield: ({ namespace, key }: { namespace?: string | null; key: string }) => {
      const found = findMetafield(discount.metafields, namespace, key);
      return found ? metafieldNode(discount, found) : null;
    },
    metafields: (args: ConnectionArgs & { namespace?: string | null; keys?: string[] | null }) => {
      const namespace = args.namespace ? resolveNamespace(args.namespace) : null;
      const list = discount.metafields.filter(
        (m) => (!namespace || m.namespace === namespace) && (!args.keys || args.keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(list, args, { id: (m) => m.id, node: (m) => metafieldNode(discount, m) });
    },
  };
}

function appDiscountObject(fn: AppFunction | null, discount: SandboxAppDiscount) {
  return {
    __typename: "DiscountAutomaticApp",
    discountId: gidOf("DiscountAutomaticNode", discount.id),
    title: discount.title,
    status: (_args: unknown, context: AdminApiContext) => appDiscountStatus(discount, context.now()),
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    updatedAt: discount.updatedAt,
    discountClasses: discount.discountClasses,
    discountClass: discount.discountClasses[0] ?? "PRODUCT",
    combinesWith: { ...discount.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    asyncUsageCount: 0,
    recurringCycleLimit: 0,
    tags: [],
    errorHistory: null,
    context: { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    appDiscountType: {
      __typename: "AppDiscountType",
      functionId: fn?.id ?? "",
      title: fn?.title ?? discount.functionHandle,
      description: fn?.description ?? null,
      appKey: "",
      discountClasses: discount.discountClasses,
      discountClass: discount.discountClasses[0] ?? "PRODUCT",
      targetType: "LINE_ITEM",
    },
  };
}

function automaticNode(fn: AppFunction | null, discount: SandboxAppDiscount) {
  return { __typename: "DiscountAutomaticNode", id: gidOf("DiscountAutomaticNode", discount.id), automaticDiscount: appDiscountObject(fn, discount), ...metafieldFields(discount) };
}

function discountNode(fn: AppFunction | null, discount: SandboxAppDiscount) {
  return { __typename: "DiscountNode", id: gidOf("DiscountNode", discount.id), discount: appDiscountObject(fn, discount), ...metafieldFields(discount) };
}

function functionNode(fn: AppFunction, source: AppFunctionsSource) {
  return {
    __typename: "ShopifyFunction",
    id: fn.id,
    handle: fn.handle,
    title: fn.title,
    description: fn.description,
    apiType: fn.apiType,
    apiVersion: fn.apiVersion,
    appKey: source.apiKey,
    inputQuery: fn.targets[0].inputQuery,
    useCreationUi: false,
  };
}

interface DiscountAutomaticAppInput {
  title?: string | null;
  functionId?: string | null;
  functionHandle?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  discountClasses?: ("PRODUCT" | "ORDER" | "SHIPPING")[] | null;
  combinesWith?: { orderDiscounts?: boolean | null; productDiscounts?: boolean | null; shippingDiscounts?: boolean | null; productDiscountsWithTagsOnSameCartLine?: unknown } | null;
  metafields?: { id?: string | null; namespace?: string | null; key?: string | null; type?: string | null; value?: string | null }[] | null;
  context?: unknown;
  recurringCycleLimit?: number | null;
  tags?: string[] | null;
  appliesOnSubscription?: boolean | null;
  appliesOnOneTimePurchase?: boolean | null;
}

function sandboxGap(what: string): GraphQLError {
  return new GraphQLError(`The Encore sandbox does not implement ${what} (add it in app/sandbox/admin-api/app-discounts.ts)`, {
    extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
  });
}

function isoSeconds(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function appDiscountFields(store: SandboxStore, source: AppFunctionsSource) {
  const functions = () => listAppFunctions(source.extensionsDir, source.apiKey);
  const functionOf = (discount: SandboxAppDiscount) => functions().find((f) => f.handle === discount.functionHandle) ?? null;
  const byGid = (gid: string, resource: string) => {
    const id = idOf(gid, resource);
    return id === null ? null : (appDiscountsOf(store).find((d) => d.id === id) ?? null);
  };

  /** Validates and applies metafield inputs onto `metafields` (a copy); errors use `path`. */
  const applyMetafields = (metafields: SandboxMetafield[], inputs: DiscountAutomaticAppInput["metafields"], fail: (path: string[], message: string, code: string) => void, now: string) => {
    const result = metafields.map((m) => ({ ...m }));
    (inputs ?? []).forEach((input, index) => {
      const at = ["metafields", String(index)];
      if (input.id) throw sandboxGap("metafield updates by id");
      if (!input.key) return fail([...at, "key"], "Key can't be blank", "BLANK");
      if (!input.namespace) return fail([...at, "namespace"], "Namespace can't be blank", "BLANK");
      if (input.value == null) return fail([...at, "value"], "Value can't be blank", "BLANK");
      const type = input.type ?? "json";
      if (type === "json") {
        try {
          JSON.parse(input.value);
        } catch {
          return fail([...at, "value"], "Value is invalid JSON.", "INVALID");
        }
        if (Buffer.byteLength(input.value) > JSON_METAFIELD_MAX_BYTES) return fail([...at, "value"], `Value is too large (maximum is ${JSON_METAFIELD_MAX_BYTES} bytes)`, "TOO_LONG");
      } else if (type !== "single_line_text_field" && type !== "multi_line_text_field" && type !== "number_integer" && type !== "boolean") {
        throw sandboxGap(`metafields of type ${type}`);
      }
      const namespace = resolveNamespace(input.namespace);
      const existing = result.find((m) => m.namespace === namespace && m.key === input.key);
      if (existing) Object.assign(existing, { type, value: input.value, updatedAt: now });
      else result.push({ id: store.nextId(), namespace, key: input.key, type, value: input.value, createdAt: now, updatedAt: now });
    });
    return result;
  };

  const commonChecks = (input: DiscountAutomaticAppInput, fail: (path: string[], message: string, code: string) => void, requireAll: boolean) => {
    if (input.context) throw sandboxGap("discount contexts on app discounts");
    if (input.recurringCycleLimit != null && input.recurringCycleLimit > 1) throw sandboxGap("recurringCycleLimit (subscriptions)");
    if (requireAll || input.title !== undefined) {
      const title = input.title?.trim() ?? "";
      if (!title) fail(["title"], "Title can't be blank", "BLANK");
      else if (title.length > 255) fail(["title"], "Title is too long (maximum is 255 characters)", "TOO_LONG");
    }
    if (requireAll && !input.startsAt) fail(["startsAt"], "Starts at can't be blank", "BLANK");
    if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) fail(["endsAt"], "Ends at needs to be after starts_at", "INVALID");
    if (input.discountClasses && input.discountClasses.length === 0) fail(["discountClasses"], "Discount classes can't be blank", "BLANK");
  };

  const combines = (input: DiscountAutomaticAppInput["combinesWith"], previous?: SandboxAppDiscount["combinesWith"]) => ({
    orderDiscounts: input?.orderDiscounts ?? previous?.orderDiscounts ?? false,
    productDiscounts: input?.productDiscounts ?? previous?.productDiscounts ?? false,
    shippingDiscounts: input?.shippingDiscounts ?? previous?.shippingDiscounts ?? false,
  });

  return {
    queries: {
      shopifyFunctions: (args: ConnectionArgs & { apiType?: string | null; useCreationUi?: boolean | null }) => {
        const list = functions().filter((f) => !args.apiType || f.apiType === args.apiType);
        // Connection cursors need numeric ids: the position in the stable list stands in for one.
        const indexed = list.map((fn, index) => ({ fn, index: index + 1 }));
        return connection(indexed, args, { id: (entry) => entry.index, node: (entry) => functionNode(entry.fn, source) });
      },
      shopifyFunction: ({ id }: { id: string }) => {
        const fn = functions().find((f) => f.id === id);
        return fn ? functionNode(fn, source) : null;
      },
      automaticDiscountNode: ({ id }: { id: string }, context: AdminApiContext) => {
        requireScope(context, "automaticDiscountNode", "read_discounts");
        const discount = byGid(id, "DiscountAutomaticNode");
        return discount ? automaticNode(functionOf(discount), discount) : null;
      },
    },
    /** discountNode(id) for an automatic app discount, or null (the code-discount resolver handles the rest). */
    discountNode: (gid: string) => {
      const discount = byGid(gid, "DiscountNode") ?? byGid(gid, "DiscountAutomaticNode");
      return discount ? discountNode(functionOf(discount), discount) : null;
    },
    mutations: {
      discountAutomaticAppCreate: ({ automaticAppDiscount: input }: { automaticAppDiscount: DiscountAutomaticAppInput }, context: AdminApiContext) => {
        requireScope(context, "discountAutomaticAppCreate", "write_discounts");
        const errors: UserError[] = [];
        const fail = (path: string[], message: string, code: string) => errors.push({ field: ["automaticAppDiscount", ...path], message, code, extraInfo: null });
        commonChecks(input, fail, true);
        let fn: AppFunction | null = null;
        if (input.functionHandle && input.functionId) fail(["functionHandle"], "Only one of functionId or functionHandle can be provided.", "INVALID");
        else if (!input.functionHandle && !input.functionId) fail(["functionHandle"], "Function handle can't be blank", "BLANK");
        else {
          fn = functions().find((f) => (input.functionHandle ? f.handle === input.functionHandle : f.id === input.functionId)) ?? null;
          if (!fn) fail([input.functionHandle ? "functionHandle" : "functionId"], "Function not found.", "INVALID");
          else if (fn.apiType !== "discount") fail([input.functionHandle ? "functionHandle" : "functionId"], "Function is not a discount function.", "INVALID");
        }
        const now = nowIso(context);
        const metafields = applyMetafields([], input.metafields, fail, now);
        if (errors.length > 0 || !fn || !input.startsAt) return { automaticAppDiscount: null, userErrors: errors };
        const discount: SandboxAppDiscount = {
          id: store.nextId(),
          title: input.title!.trim(),
          functionHandle: fn.handle,
          discountClasses: input.discountClasses ?? ["PRODUCT"],
          startsAt: isoSeconds(input.startsAt),
          endsAt: input.endsAt ? isoSeconds(input.endsAt) : null,
          combinesWith: combines(input.combinesWith),
          metafields,
          createdAt: now,
          updatedAt: now,
        };
        appDiscountsOf(store).push(discount);
        store.changed();
        return { automaticAppDiscount: appDiscountObject(fn, discount), userErrors: [] };
      },
      discountAutomaticAppUpdate: ({ id, automaticAppDiscount: input }: { id: string; automaticAppDiscount: DiscountAutomaticAppInput }, context: AdminApiContext) => {
        requireScope(context, "discountAutomaticAppUpdate", "write_discounts");
        const discount = byGid(id, "DiscountAutomaticNode");
        if (!discount) return { automaticAppDiscount: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null, extraInfo: null }] };
        const errors: UserError[] = [];
        const fail = (path: string[], message: string, code: string) => errors.push({ field: ["automaticAppDiscount", ...path], message, code, extraInfo: null });
        commonChecks(input, fail, false);
        if (input.functionId || input.functionHandle) {
          const requested = input.functionHandle ?? functions().find((f) => f.id === input.functionId)?.handle;
          if (requested !== discount.functionHandle) fail([input.functionHandle ? "functionHandle" : "functionId"], "Function cannot be changed.", "INVALID");
        }
        const now = nowIso(context);
        const metafields = applyMetafields(discount.metafields, input.metafields, fail, now);
        if (errors.length > 0) return { automaticAppDiscount: null, userErrors: errors };
        Object.assign(discount, {
          title: input.title?.trim() || discount.title,
          discountClasses: input.discountClasses ?? discount.discountClasses,
          startsAt: input.startsAt ? isoSeconds(input.startsAt) : discount.startsAt,
          endsAt: input.endsAt === undefined ? discount.endsAt : input.endsAt ? isoSeconds(input.endsAt) : null,
          combinesWith: combines(input.combinesWith, discount.combinesWith),
          metafields,
          updatedAt: now,
        });
        store.changed();
        return { automaticAppDiscount: appDiscountObject(functionOf(discount), discount), userErrors: [] };
      },
      discountAutomaticDelete: ({ id }: { id: string }, context: AdminApiContext) => {
        requireScope(context, "discountAutomaticDelete", "write_discounts");
        const discount = byGid(id, "DiscountAutomaticNode");
        if (!discount) return { deletedAutomaticDiscountId: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null, extraInfo: null }] };
        const list = appDiscountsOf(store);
        list.splice(list.indexOf(discount), 1);
        store.changed();
        return { deletedAutomaticDiscountId: gidOf("DiscountAutomaticNode", discount.id), userErrors: [] };
      },
    },
  };
}
