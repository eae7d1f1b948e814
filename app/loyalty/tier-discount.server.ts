/**
 * The loyalty tier discount in Shopify: one automatic app discount per shop running Encore's tier
 * function, its configuration (percent per tier) in the discount's metafield. It follows the
 * shop's tiers: some tier has a standing discount -> created or updated; none -> deleted.
 * Shopify is changed first and the row only once Shopify accepted, so a refusal leaves the row
 * describing what Shopify really has (docs/decisions/015-loyalty-tier-discount.md).
 * The Admin API operations are the bundle discount's (app/shopify/graphql/BundleDiscount*.ts):
 * they are generic over automatic app discounts.
 */
import { GraphqlQueryError } from "@shopify/shopify-api";
import { isMissingDiscount } from "../cross-sell/bundle-discount.server";
import type { Database } from "../db.server";
import { AdminApiError, adminMutation, adminQuery, type AdminGraphql, type MutationPayloads } from "../shopify/admin-api.server";
import { BUNDLE_DISCOUNT_CREATE_MUTATION, type BundleDiscountCreateMutation } from "../shopify/graphql/BundleDiscountCreate";
import { BUNDLE_DISCOUNT_DELETE_MUTATION, type BundleDiscountDeleteMutation } from "../shopify/graphql/BundleDiscountDelete";
import { BUNDLE_DISCOUNT_FUNCTIONS_QUERY, type BundleDiscountFunctionsQuery } from "../shopify/graphql/BundleDiscountFunctions";
import { BUNDLE_DISCOUNT_UPDATE_MUTATION, type BundleDiscountUpdateMutation } from "../shopify/graphql/BundleDiscountUpdate";
import { TIER_DISCOUNT_STATUS_QUERY, type TierDiscountStatusQuery } from "../shopify/graphql/TierDiscountStatus";
import {
  buildTierDiscountConfig,
  TIER_CONFIG_KEY,
  TIER_CONFIG_NAMESPACE,
  TIER_DISCOUNT_COMBINES_WITH,
  TIER_DISCOUNT_TITLE,
  TIER_FUNCTION_HANDLE,
  tierConfigJson,
  tierDiscountState,
  type TierDiscountState,
} from "./tier-discount";
import { listTiers } from "./tiers.server";

/** A failure the merchant should read (the function is not deployed). */
export class TierDiscountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TierDiscountError";
  }
}

/** Why Shopify's discount could not follow the tiers, in words a merchant can act on; null for bugs. */
export function tierDiscountFailure(error: unknown): string | null {
  if (error instanceof TierDiscountError) return error.message;
  if (error instanceof AdminApiError || error instanceof GraphqlQueryError) return `Shopify did not accept the tier discount (${error.message}).`;
  return null;
}

function discountInput(configJson: string) {
  return {
    title: TIER_DISCOUNT_TITLE,
    discountClasses: ["PRODUCT"],
    combinesWith: TIER_DISCOUNT_COMBINES_WITH,
    metafields: [{ namespace: TIER_CONFIG_NAMESPACE, key: TIER_CONFIG_KEY, type: "json", value: configJson }],
  };
}

async function tierFunctionHandle(admin: AdminGraphql): Promise<string> {
  const data = await adminQuery<BundleDiscountFunctionsQuery>(admin, "BundleDiscountFunctions", BUNDLE_DISCOUNT_FUNCTIONS_QUERY);
  const fn = data.shopifyFunctions.nodes.find((node) => node.handle === TIER_FUNCTION_HANDLE);
  if (!fn) throw new TierDiscountError("Encore's tier discount function is not deployed to this store yet (deploy the app's extensions, then save again).");
  return fn.handle;
}

/**
 * Makes Shopify's discount follow the shop's tiers. Returns the discount's id (null when off).
 * Throws (AdminApiError, TierDiscountError…) after recording the refusal on the row.
 */
export async function syncTierDiscount(db: Database, admin: AdminGraphql, shop: string, now = new Date()): Promise<string | null> {
  const [tiers, row] = await Promise.all([listTiers(db, shop), db.loyaltyTierDiscount.findUnique({ where: { shop } })]);
  const config = buildTierDiscountConfig(tiers);
  const json = config ? tierConfigJson(config) : null;
  let discountId = row?.shopifyDiscountId ?? null;
  try {
    if (json) {
      if (discountId) {
        try {
          await adminMutation<MutationPayloads<BundleDiscountUpdateMutation>>(admin, "BundleDiscountUpdate", BUNDLE_DISCOUNT_UPDATE_MUTATION, { id: discountId, discount: discountInput(json) }, "discountAutomaticAppUpdate");
        } catch (error) {
          if (!isMissingDiscount(error)) throw error;
          discountId = null; // deleted in Shopify's admin: make a new one
        }
      }
      if (!discountId) {
        const functionHandle = await tierFunctionHandle(admin);
        const created = await adminMutation<MutationPayloads<BundleDiscountCreateMutation>>(
          admin,
          "BundleDiscountCreate",
          BUNDLE_DISCOUNT_CREATE_MUTATION,
          { discount: { ...discountInput(json), functionHandle, startsAt: now.toISOString() } },
          "discountAutomaticAppCreate",
        );
        discountId = created.discountAutomaticAppCreate?.automaticAppDiscount?.discountId ?? null;
        if (!discountId) throw new TierDiscountError("Shopify did not return the new discount.");
      }
    } else if (discountId) {
      try {
        await adminMutation<MutationPayloads<BundleDiscountDeleteMutation>>(admin, "BundleDiscountDelete", BUNDLE_DISCOUNT_DELETE_MUTATION, { id: discountId }, "discountAutomaticDelete");
      } catch (error) {
        if (!isMissingDiscount(error)) throw error;
      }
      discountId = null;
    }
  } catch (error) {
    const message = tierDiscountFailure(error);
    // A discount created before the failure (none here: creation is the last call) would be lost; the
    // row keeps what Shopify had, plus why it could not follow.
    if (message) await db.loyaltyTierDiscount.upsert({ where: { shop }, create: { shop, lastError: message }, update: { lastError: message } });
    throw error;
  }
  const data = { shopifyDiscountId: discountId, configJson: discountId ? json : null, lastError: null, syncedAt: now };
  await db.loyaltyTierDiscount.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  return discountId;
}

/** Shopify may store JSON metafields re-serialised: compare configurations, not bytes. */
function canonical(value: string | null): string | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as { tiers?: unknown };
    return parsed.tiers && typeof parsed.tiers === "object" ? tierConfigJson(parsed as { tiers: Record<string, number> }) : value;
  } catch {
    return value;
  }
}

export interface TierDiscountStatus {
  state: TierDiscountState;
  /** Shopify's status of the discount ("ACTIVE", "SCHEDULED", "EXPIRED", "MISSING" when deleted there), null without one. */
  shopifyStatus: string | null;
  lastError: string | null;
}

/** What the VIP tiers page says: whether Shopify runs the discount with the current percentages. */
export async function tierDiscountStatus(db: Database, admin: AdminGraphql, shop: string): Promise<TierDiscountStatus> {
  const [tiers, row] = await Promise.all([listTiers(db, shop), db.loyaltyTierDiscount.findUnique({ where: { shop } })]);
  const config = buildTierDiscountConfig(tiers);
  let shopifyStatus: string | null = null;
  let shopifyConfigJson: string | null = null;
  if (row?.shopifyDiscountId) {
    const data = await adminQuery<TierDiscountStatusQuery>(admin, "TierDiscountStatus", TIER_DISCOUNT_STATUS_QUERY, { id: row.shopifyDiscountId });
    const node = data.automaticDiscountNode;
    shopifyStatus = node ? ((node.automaticDiscount as { status?: string }).status ?? null) : "MISSING";
    shopifyConfigJson = canonical(node?.metafield?.value ?? null);
  }
  return {
    state: tierDiscountState({ wantedJson: config ? tierConfigJson(config) : null, shopifyStatus, shopifyConfigJson }),
    shopifyStatus,
    lastError: row?.lastError ?? null,
  };
}
