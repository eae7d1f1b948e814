/**
 * The bundle discount's persistence and its Shopify side: the merchant's settings in the database,
 * and the automatic app discount that runs Encore's discount function with the configuration
 * metafield. Shopify is changed first and the database only once Shopify accepted, so a failed
 * Admin API call leaves both as they were (docs/decisions/006-bundle-discount-function.md).
 */
import { GraphqlQueryError } from "@shopify/shopify-api";
import type { BundleDiscount as BundleDiscountRow } from "../db/generated/sqlite/client";
import type { Database } from "../db.server";
import { AdminApiError, adminMutation, adminQuery, type AdminGraphql, type MutationPayloads } from "../shopify/admin-api.server";
import { BUNDLE_DISCOUNT_CREATE_MUTATION, type BundleDiscountCreateMutation } from "../shopify/graphql/BundleDiscountCreate";
import { BUNDLE_DISCOUNT_DELETE_MUTATION, type BundleDiscountDeleteMutation } from "../shopify/graphql/BundleDiscountDelete";
import { BUNDLE_DISCOUNT_FUNCTIONS_QUERY, type BundleDiscountFunctionsQuery } from "../shopify/graphql/BundleDiscountFunctions";
import { BUNDLE_DISCOUNT_STATUS_QUERY, type BundleDiscountStatusQuery } from "../shopify/graphql/BundleDiscountStatus";
import { BUNDLE_DISCOUNT_UPDATE_MUTATION, type BundleDiscountUpdateMutation } from "../shopify/graphql/BundleDiscountUpdate";
import {
  BUNDLE_COMPLEMENTS,
  BUNDLE_CONFIG_KEY,
  BUNDLE_CONFIG_NAMESPACE,
  BUNDLE_DISCOUNT_TITLE,
  BUNDLE_FUNCTION_HANDLE,
  buildBundleConfig,
  bundleOffer,
  DEFAULT_BUNDLE_SETTINGS,
  type AnchorComplements,
  type Bundle,
  type BundleFunctionConfig,
  type BundleSettings,
} from "./bundle-discount";
import { forgetStorefrontAnswers } from "./storefront-cache.server";
import { storefrontRecommendations } from "./storefront-recommendations.server";

type CreatePayload = MutationPayloads<BundleDiscountCreateMutation>;
type UpdatePayload = MutationPayloads<BundleDiscountUpdateMutation>;
type DeletePayload = MutationPayloads<BundleDiscountDeleteMutation>;

/** Anchors considered for the configuration, best sellers first (about 150 fit in 10,000 bytes). */
const ANCHOR_CANDIDATES = 250;

/** A failure the merchant should read (the Admin API refused, or the function is not deployed). */
export class BundleDiscountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleDiscountError";
  }
}

/** Why saving failed, in words a merchant can act on; null for errors that are bugs (rethrow them). */
export function bundleDiscountFailure(error: unknown): string | null {
  if (error instanceof BundleDiscountError) return error.message;
  if (error instanceof AdminApiError) return `Shopify did not accept the change (${error.message}). Nothing was changed.`;
  if (error instanceof GraphqlQueryError) return `Shopify refused the request (${error.message}). Nothing was changed.`;
  return null;
}

function settingsOf(row: BundleDiscountRow): BundleSettings {
  return {
    enabled: row.enabled,
    kind: row.kind === "fixed" ? "fixed" : "percentage",
    percentage: row.percentage,
    amountCents: row.amountCents,
    requireAll: row.requireAll,
    minComplements: row.minComplements,
    combinesWith: {
      productDiscounts: row.combinesWithProductDiscounts,
      orderDiscounts: row.combinesWithOrderDiscounts,
      shippingDiscounts: row.combinesWithShippingDiscounts,
    },
  };
}

export async function loadBundleDiscount(db: Database, shop: string) {
  const row = await db.bundleDiscount.findUnique({ where: { shop } });
  return {
    settings: row ? settingsOf(row) : DEFAULT_BUNDLE_SETTINGS,
    shopifyDiscountId: row?.shopifyDiscountId ?? null,
    configAnchors: row?.configAnchors ?? 0,
    configSyncedAt: row?.configSyncedAt ?? null,
  };
}

async function shopCurrency(db: Database, shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? "USD";
}

/**
 * Each best-selling product with the complements the storefront shows for it (the same lookup the
 * block uses), so the allowed list is exactly what a shopper can be offered.
 */
export async function bundleAnchors(db: Database, shop: string): Promise<AnchorComplements[]> {
  const products = await db.productBasketCount.findMany({
    where: { shop },
    orderBy: [{ baskets: "desc" }, { productId: "asc" }],
    take: ANCHOR_CANDIDATES,
    select: { productId: true },
  });
  const anchors: AnchorComplements[] = [];
  for (const { productId } of products) {
    const items = await storefrontRecommendations(db, shop, productId, BUNDLE_COMPLEMENTS);
    anchors.push({ productId, complementIds: items.map((item) => item.productId) });
  }
  return anchors;
}

async function shopConfig(db: Database, shop: string, settings: BundleSettings) {
  return buildBundleConfig(settings, await bundleAnchors(db, shop), await shopCurrency(db, shop));
}

function discountInput(settings: BundleSettings, configJson: string) {
  return {
    title: BUNDLE_DISCOUNT_TITLE,
    discountClasses: ["PRODUCT"],
    combinesWith: settings.combinesWith,
    metafields: [{ namespace: BUNDLE_CONFIG_NAMESPACE, key: BUNDLE_CONFIG_KEY, type: "json", value: configJson }],
  };
}

/** Shopify answers this when the discount was deleted in its admin since Encore created it. */
export function isMissingDiscount(error: unknown): boolean {
  return error instanceof AdminApiError && Array.isArray(error.details) && (error.details as { field?: string[] | null }[]).some((e) => e.field?.[0] === "id");
}

async function findBundleFunctionHandle(admin: AdminGraphql): Promise<string> {
  const data = await adminQuery<BundleDiscountFunctionsQuery>(admin, "BundleDiscountFunctions", BUNDLE_DISCOUNT_FUNCTIONS_QUERY);
  const fn = data.shopifyFunctions.nodes.find((node) => node.handle === BUNDLE_FUNCTION_HANDLE);
  if (!fn) throw new BundleDiscountError("Encore's bundle discount function is not deployed to this store yet (deploy the app's extensions, then try again).");
  return fn.handle;
}

export interface SaveOutcome {
  shopifyDiscountId: string | null;
  anchors: number;
  dropped: number;
}

/**
 * Applies the merchant's settings: creates or updates the automatic discount (on), or deletes it
 * (off), then stores the settings. Throws AdminApiError / BundleDiscountError with nothing saved.
 */
export async function saveBundleDiscount(db: Database, admin: AdminGraphql, shop: string, settings: BundleSettings, now = new Date()): Promise<SaveOutcome> {
  const previous = await db.bundleDiscount.findUnique({ where: { shop }, select: { shopifyDiscountId: true } });
  let discountId = previous?.shopifyDiscountId ?? null;
  let built: { json: string; anchors: number; dropped: number; config: BundleFunctionConfig } | null = null;

  if (settings.enabled) {
    built = await shopConfig(db, shop, settings);
    const input = discountInput(settings, built.json);
    if (discountId) {
      try {
        await adminMutation<UpdatePayload>(admin, "BundleDiscountUpdate", BUNDLE_DISCOUNT_UPDATE_MUTATION, { id: discountId, discount: input }, "discountAutomaticAppUpdate");
      } catch (error) {
        if (!isMissingDiscount(error)) throw error;
        discountId = null; // deleted in Shopify's admin: make a new one
      }
    }
    if (!discountId) {
      const functionHandle = await findBundleFunctionHandle(admin);
      const created = await adminMutation<CreatePayload>(
        admin,
        "BundleDiscountCreate",
        BUNDLE_DISCOUNT_CREATE_MUTATION,
        { discount: { ...input, functionHandle, startsAt: now.toISOString() } },
        "discountAutomaticAppCreate",
      );
      discountId = created.discountAutomaticAppCreate?.automaticAppDiscount?.discountId ?? null;
      if (!discountId) throw new BundleDiscountError("Shopify did not return the new discount.");
    }
  } else if (discountId) {
    try {
      await adminMutation<DeletePayload>(admin, "BundleDiscountDelete", BUNDLE_DISCOUNT_DELETE_MUTATION, { id: discountId }, "discountAutomaticDelete");
    } catch (error) {
      if (!isMissingDiscount(error)) throw error;
    }
    discountId = null;
  }

  const data = {
    enabled: settings.enabled,
    kind: settings.kind,
    percentage: settings.kind === "percentage" ? settings.percentage : null,
    amountCents: settings.kind === "fixed" ? settings.amountCents : null,
    requireAll: settings.requireAll,
    minComplements: settings.minComplements,
    combinesWithProductDiscounts: settings.combinesWith.productDiscounts,
    combinesWithOrderDiscounts: settings.combinesWith.orderDiscounts,
    combinesWithShippingDiscounts: settings.combinesWith.shippingDiscounts,
    shopifyDiscountId: discountId,
    configJson: built?.json ?? null,
    configAnchors: built?.anchors ?? 0,
    configSyncedAt: built ? now : null,
  };
  await db.bundleDiscount.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  forgetStorefrontAnswers(shop); // the storefront's answers carry the bundle offer
  return { shopifyDiscountId: discountId, anchors: built?.anchors ?? 0, dropped: built?.dropped ?? 0 };
}

/** Whether the shop has a live bundle discount whose configuration follows its complements. */
export async function hasActiveBundleDiscount(db: Database, shop: string): Promise<boolean> {
  const row = await db.bundleDiscount.findUnique({ where: { shop }, select: { enabled: true, shopifyDiscountId: true } });
  return Boolean(row?.enabled && row.shopifyDiscountId);
}

/**
 * Rewrites the configuration metafield from the current complements (after they are recomputed).
 * Skips the Admin API call when nothing changed. Returns whether Shopify was updated.
 */
export async function refreshBundleDiscountConfig(db: Database, admin: AdminGraphql, shop: string, now = new Date()): Promise<boolean> {
  const row = await db.bundleDiscount.findUnique({ where: { shop } });
  if (!row?.enabled || !row.shopifyDiscountId) return false;
  const built = await shopConfig(db, shop, settingsOf(row));
  if (built.json === row.configJson) return false;
  await adminMutation<UpdatePayload>(
    admin,
    "BundleDiscountUpdate",
    BUNDLE_DISCOUNT_UPDATE_MUTATION,
    { id: row.shopifyDiscountId, discount: { metafields: discountInput(settingsOf(row), built.json).metafields } },
    "discountAutomaticAppUpdate",
  );
  // Only if the settings were not changed meanwhile (the admin's save writes its own config).
  await db.bundleDiscount.updateMany({
    where: { shop, updatedAt: row.updatedAt },
    data: { configJson: built.json, configAnchors: built.anchors, configSyncedAt: now },
  });
  forgetStorefrontAnswers(shop);
  return true;
}

export interface ShopifyBundleStatus {
  /** "ACTIVE" | "SCHEDULED" | "EXPIRED" in Shopify, "MISSING" when it was deleted there, null when there is none. */
  status: string | null;
  configBytes: number | null;
}

/** What Shopify has of the shop's bundle discount, for the admin page. */
export async function shopifyBundleStatus(admin: AdminGraphql, shopifyDiscountId: string | null): Promise<ShopifyBundleStatus> {
  if (!shopifyDiscountId) return { status: null, configBytes: null };
  const data = await adminQuery<BundleDiscountStatusQuery>(admin, "BundleDiscountStatus", BUNDLE_DISCOUNT_STATUS_QUERY, { id: shopifyDiscountId });
  const node = data.automaticDiscountNode;
  if (!node) return { status: "MISSING", configBytes: null };
  const discount = node.automaticDiscount as { status?: string };
  return { status: discount.status ?? null, configBytes: node.metafield ? new TextEncoder().encode(node.metafield.value).length : null };
}

/**
 * Contract 2: the bundle offer the storefront shows, or null. With a product id, the offer is for
 * that product as an anchor (null when it is not in the configuration Shopify has, or has too few
 * complements); without, the shop-wide terms. One key lookup, no scans.
 */
export async function storefrontBundleOffer(db: Database, shop: string, productId?: string): Promise<Bundle | null> {
  const row = await db.bundleDiscount.findUnique({ where: { shop } });
  if (!row?.enabled || !row.shopifyDiscountId) return null;
  const settings = settingsOf(row);
  if (productId === undefined) return bundleOffer(settings);
  let allowed = 0;
  try {
    const config = JSON.parse(row.configJson ?? "{}") as Partial<BundleFunctionConfig>;
    allowed = config.bundles?.[productId]?.length ?? 0;
  } catch {
    allowed = 0;
  }
  return bundleOffer(settings, allowed);
}
