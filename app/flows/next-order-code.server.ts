import type { Database } from "../db.server";
import type { CreatedCode, SingleUseCodeInput } from "../shopify/discount-codes.server";
import { isUniqueViolation } from "./flows.server";
import { DEFAULT_THANK_YOU_SETTINGS, nextOrderCodeInput, type ThankYouSettings } from "./next-order-code";

/**
 * The thank-you block's per-order record (decision 017): one ThankYouOrder row per (shop, order),
 * claimed before the code is made, so a reload of the thank-you page or two requests at once get
 * the same code and Shopify is asked for it once.
 */

export async function loadThankYouSettings(db: Database, shop: string): Promise<ThankYouSettings> {
  const row = await db.thankYouSettings.findUnique({ where: { shop } });
  return row ? { codeEnabled: row.codeEnabled, percent: row.percent, validDays: row.validDays } : DEFAULT_THANK_YOU_SETTINGS;
}

export async function saveThankYouSettings(db: Database, shop: string, settings: ThankYouSettings): Promise<void> {
  await db.thankYouSettings.upsert({ where: { shop }, create: { shop, ...settings }, update: settings });
}

export interface ProductCard {
  productId: string;
  title: string;
  /** Storefront path (relative: the thank-you page is on the shop's own domain). */
  url: string;
  imageUrl: string | null;
  imageAlt: string;
  priceCents: number;
  currencyCode: string;
}

export interface ThankYouRecord {
  /** issued | none (codes off, or the code could not be made this time) | creating (another request is still at it) */
  status: "issued" | "none" | "creating";
  code: string | null;
  percent: number | null;
  expiresAt: Date | null;
  recommendations: ProductCard[];
}

export interface ThankYouOrderInput {
  shop: string;
  orderId: string;
  orderName: string;
  customerId: string | null;
}

export interface ThankYouDependencies {
  createCode(input: SingleUseCodeInput): Promise<CreatedCode>;
  recommendations(): Promise<ProductCard[]>;
  now?: () => Date;
  /** How long a request waits for another one that is making the code (ms). */
  waitMs?: number;
}

/** A claim older than this belongs to a request that died: the next one takes over. */
const STALE_CLAIM_MS = 60_000;
const POLL_MS = 100;

type Row = NonNullable<Awaited<ReturnType<Database["thankYouOrder"]["findUnique"]>>>;

function toRecord(row: Row): ThankYouRecord {
  let recommendations: ProductCard[] = [];
  try {
    const parsed: unknown = JSON.parse(row.recommendations);
    if (Array.isArray(parsed)) recommendations = parsed as ProductCard[];
  } catch {
    // an unreadable list shows no products rather than failing the page
  }
  const status = row.status === "issued" ? "issued" : row.status === "creating" ? "creating" : "none";
  return { status, code: status === "issued" ? row.code : null, percent: row.percent, expiresAt: row.expiresAt, recommendations };
}

/** Takes the order's row for this request: a new one, a failed one, or one whose holder died. */
async function claim(db: Database, input: ThankYouOrderInput, now: Date): Promise<boolean> {
  const { shop, orderId, customerId } = input;
  try {
    await db.thankYouOrder.create({ data: { shop, orderId, customerId, status: "creating" } });
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const retaken = await db.thankYouOrder.updateMany({
    where: { shop, orderId, OR: [{ status: "failed" }, { status: "creating", updatedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } }] },
    data: { status: "creating" },
  });
  return retaken.count === 1;
}

/**
 * The order's code and recommendations, made once. The first request claims the row, asks Shopify
 * for the code and stores the answer; the others wait for it (up to waitMs) and share it. When
 * Shopify refuses, the page shows no code and the row is marked failed so a reload tries again.
 */
export async function thankYouRecord(db: Database, settings: ThankYouSettings, input: ThankYouOrderInput, deps: ThankYouDependencies): Promise<ThankYouRecord> {
  const now = deps.now?.() ?? new Date();
  const { shop, orderId } = input;
  const existing = await db.thankYouOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
  if (existing && (existing.status === "issued" || existing.status === "none")) return toRecord(existing);

  if (!(await claim(db, input, now))) return waitForOther(db, shop, orderId, deps.waitMs ?? 8_000);

  const [recommendations, created] = await Promise.all([
    deps.recommendations().catch((error: unknown) => {
      console.error(`[thank-you] ${shop}: recommendations for order ${orderId} failed`, error);
      return [] as ProductCard[];
    }),
    settings.codeEnabled
      ? deps.createCode(nextOrderCodeInput(settings, input, now)).catch((): CreatedCode => ({ ok: false, message: "Shopify could not be reached." }))
      : null,
  ]);
  const codeData =
    created === null
      ? { status: "none", code: null, discountId: null, percent: null, expiresAt: null }
      : created.ok
        ? { status: "issued", code: created.code, discountId: created.discountId, percent: settings.percent, expiresAt: nextOrderCodeInput(settings, input, now).endsAt ?? null }
        : { status: "failed", code: null, discountId: null, percent: null, expiresAt: null };
  if (created && !created.ok) console.error(`[thank-you] ${shop}: no next-order code for order ${orderId}: ${created.message}`);
  const row = await db.thankYouOrder.update({
    where: { shop_orderId: { shop, orderId } },
    data: { ...codeData, recommendations: JSON.stringify(recommendations) },
  });
  return toRecord(row);
}

async function waitForOther(db: Database, shop: string, orderId: string, waitMs: number): Promise<ThankYouRecord> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await db.thankYouOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
    if (row && row.status !== "creating") return toRecord(row);
    if (Date.now() >= deadline) return row ? toRecord(row) : { status: "creating", code: null, percent: null, expiresAt: null, recommendations: [] };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
