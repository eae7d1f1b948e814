// The one-click post-purchase offer: choose it (cross-sell complements of the purchase, priced and
// stocked by Shopify), record it as shown, and sign the changeset that adds it to the order when
// the buyer accepts. Every read and write is scoped by shop.
import { randomUUID } from "node:crypto";
import { cartRecommendations } from "../cross-sell/cart-recommendations.server";
import type { Database } from "../db.server";
import { toMinorUnits } from "../money/money";
import { adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { POST_PURCHASE_OFFER_PRODUCTS_QUERY, type PostPurchaseOfferProductsQuery } from "../shopify/graphql/PostPurchaseOfferProducts";
import { changesetClaims, signChangeset } from "../shopify/post-purchase-token";
import {
  chooseOffers,
  DEFAULT_POST_PURCHASE_SETTINGS,
  offerDiscountTitle,
  postPurchaseSettingsSchema,
  type CandidateProduct,
  type ChosenOffer,
  type PostPurchaseSettingsValues,
} from "./post-purchase-offer";

/** Complements read from the cross-sell engine; more than the offers, as some are sold out. */
const CANDIDATES = 8;

export async function loadPostPurchaseSettings(db: Database, shop: string): Promise<PostPurchaseSettingsValues> {
  const row = await db.postPurchaseSettings.findUnique({ where: { shop } });
  return row ? { enabled: row.enabled, discountPercent: row.discountPercent, maxOffersPerOrder: row.maxOffersPerOrder } : { ...DEFAULT_POST_PURCHASE_SETTINGS };
}

export async function savePostPurchaseSettings(db: Database, shop: string, values: PostPurchaseSettingsValues): Promise<void> {
  await db.postPurchaseSettings.upsert({ where: { shop }, create: { shop, ...values }, update: values });
}

const legacyId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/** Title, image, price and stock of the candidates from Shopify, in the order asked for. */
async function candidateProducts(admin: AdminGraphql, productIds: string[], currencyCode: string): Promise<CandidateProduct[]> {
  if (productIds.length === 0) return [];
  const data = await adminQuery<PostPurchaseOfferProductsQuery>(admin, "PostPurchaseOfferProducts", POST_PURCHASE_OFFER_PRODUCTS_QUERY, {
    ids: productIds.map((id) => `gid://shopify/Product/${id}`),
  });
  return data.nodes.flatMap((node) =>
    node && "variants" in node && node.variants
      ? [
          {
            id: legacyId(node.id),
            title: node.title,
            imageUrl: node.featuredImage?.url ?? null,
            active: node.status === "ACTIVE",
            variants: node.variants.nodes.map((v) => ({
              id: legacyId(v.id),
              title: v.title,
              priceCents: toMinorUnits(v.price, currencyCode),
              available: v.availableForSale,
              inventoryQuantity: v.inventoryQuantity ?? null,
            })),
          },
        ]
      : [],
  );
}

export interface PurchaseInput {
  referenceId: string;
  productIds: string[];
}

export interface PostPurchaseOfferView extends ChosenOffer {
  id: string;
  currencyCode: string;
  discountTitle: string;
}

/**
 * The offers for a purchase, recorded as shown. None when the merchant switched the offer off,
 * the purchase already had its offers (a reload of the page shows the same ones again), or
 * nothing fits.
 */
export async function postPurchaseOffers(db: Database, admin: AdminGraphql, shop: string, purchase: PurchaseInput, now = new Date()): Promise<PostPurchaseOfferView[]> {
  const settings = await loadPostPurchaseSettings(db, shop);
  if (!settings.enabled) return [];
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } });
  const currencyCode = shopRow?.currencyCode ?? "USD";
  const existing = await db.postPurchaseOffer.findMany({ where: { shop, referenceId: purchase.referenceId }, orderBy: { shownAt: "asc" } });
  if (existing.length > 0) {
    // Shown before (the buyer reloaded): the same offers, not new ones; accepted ones are done.
    const open = existing.filter((o) => o.status === "shown");
    if (open.length === 0) return [];
    const products = await candidateProducts(admin, [...new Set(open.map((o) => o.productId))], currencyCode);
    return open.flatMap((o) => {
      const product = products.find((p) => p.id === o.productId);
      const variant = product?.variants.find((v) => v.id === o.variantId);
      return product && variant ? [toView(o, product.title, product.imageUrl, variant.title)] : [];
    });
  }
  const suggestions = await cartRecommendations(db, shop, purchase.productIds, CANDIDATES);
  const candidates = await candidateProducts(admin, suggestions.map((s) => s.productId), currencyCode);
  const chosen = chooseOffers(candidates, purchase.productIds, settings.discountPercent, settings.maxOffersPerOrder);
  const rows = chosen.map((offer) => ({
    shop,
    id: randomUUID(),
    referenceId: purchase.referenceId,
    productId: offer.productId,
    variantId: offer.variantId,
    quantity: offer.quantity,
    unitPriceCents: offer.unitPriceCents,
    discountPercent: offer.discountPercent,
    priceCents: offer.priceCents,
    currencyCode,
    status: "shown",
    shownAt: now,
  }));
  if (rows.length > 0) await db.postPurchaseOffer.createMany({ data: rows });
  return rows.map((row, i) => toView(row, chosen[i].productTitle, chosen[i].imageUrl, chosen[i].variantTitle));
}

function toView(
  row: { id: string; productId: string; variantId: string; quantity: number; unitPriceCents: number; discountPercent: number; priceCents: number; currencyCode: string },
  productTitle: string,
  imageUrl: string | null,
  variantTitle: string,
): PostPurchaseOfferView {
  return {
    id: row.id,
    productId: row.productId,
    productTitle,
    imageUrl,
    variantId: row.variantId,
    variantTitle,
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    discountPercent: row.discountPercent,
    priceCents: row.priceCents,
    currencyCode: row.currencyCode,
    discountTitle: offerDiscountTitle(row.discountPercent),
  };
}

export type AcceptOutcome = { ok: true; token: string } | { ok: false; status: 404 | 409; message: string };

/**
 * The buyer accepted an offer: sign the changeset that adds it to their order (Shopify applies it
 * and charges the difference) and count the offer as accepted. Only an offer shown for this very
 * purchase, and only once.
 */
export async function acceptPostPurchaseOffer(
  db: Database,
  shop: string,
  input: { referenceId: string; offerId: string },
  app: { apiKey: string; apiSecret: string },
  now = new Date(),
): Promise<AcceptOutcome> {
  const offer = await db.postPurchaseOffer.findFirst({ where: { shop, id: input.offerId, referenceId: input.referenceId } });
  if (!offer) return { ok: false, status: 404, message: "There is no such offer for this order." };
  const claims = changesetClaims({
    apiKey: app.apiKey,
    referenceId: input.referenceId,
    nowMs: now.getTime(),
    changes: [
      {
        type: "add_variant",
        variantID: Number(offer.variantId),
        quantity: offer.quantity,
        discount: { value: offer.discountPercent, valueType: "percentage", title: offerDiscountTitle(offer.discountPercent) },
      },
    ],
  });
  // The status check and the update are one statement, so two clicks sign one changeset.
  const updated = await db.postPurchaseOffer.updateMany({
    where: { shop, id: offer.id, status: "shown" },
    data: { status: "accepted", acceptedAt: now, changesetJti: claims.jti },
  });
  if (updated.count === 0) return { ok: false, status: 409, message: "This offer was already accepted." };
  return { ok: true, token: signChangeset(claims, app.apiSecret) };
}

export interface PostPurchaseFigures {
  shown: number;
  accepted: number;
  revenueCents: number;
}

/** Offers shown and accepted, and the revenue of accepted ones (before tax), since `since`. */
export async function postPurchaseFigures(db: Database, shop: string, since: Date): Promise<PostPurchaseFigures> {
  const [shown, accepted] = await Promise.all([
    db.postPurchaseOffer.count({ where: { shop, shownAt: { gte: since } } }),
    db.postPurchaseOffer.aggregate({ where: { shop, shownAt: { gte: since }, status: "accepted" }, _count: { _all: true }, _sum: { priceCents: true } }),
  ]);
  return { shown, accepted: accepted._count._all, revenueCents: accepted._sum.priceCents ?? 0 };
}

export type SettingsFormOutcome = { ok: true; settings: PostPurchaseSettingsValues } | { ok: false; fieldErrors: Partial<Record<keyof PostPurchaseSettingsValues, string>> };

/** The Flows page's settings card: validated form fields saved, or an error per field and nothing written. */
export async function savePostPurchaseSettingsForm(db: Database, shop: string, fields: Record<string, unknown>): Promise<SettingsFormOutcome> {
  const parsed = postPurchaseSettingsSchema.safeParse(fields);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<keyof PostPurchaseSettingsValues, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof PostPurchaseSettingsValues;
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }
  await savePostPurchaseSettings(db, shop, parsed.data);
  return { ok: true, settings: parsed.data };
}

/** Figures on the Flows page cover this many days. */
export const FIGURES_DAYS = 30;

/** What the Flows page's post-purchase card shows. */
export async function postPurchaseCard(db: Database, shop: string, now = new Date()) {
  const [settings, figures, shopRow] = await Promise.all([
    loadPostPurchaseSettings(db, shop),
    postPurchaseFigures(db, shop, new Date(now.getTime() - FIGURES_DAYS * 86_400_000)),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  return { settings, figures, days: FIGURES_DAYS, currencyCode: shopRow?.currencyCode ?? "USD" };
}
