/**
 * The bundle discount's rules, without a database or Shopify: what a merchant may set (validated
 * here), the configuration the discount function reads from its metafield, and the offer the
 * storefront shows. See docs/decisions/006-bundle-discount-function.md.
 */
import { z } from "zod";
import { currencyDecimals, toMinorUnits } from "../money/money";

/** The extension's handle (extensions/encore-bundle-discount/shopify.extension.toml). */
export const BUNDLE_FUNCTION_HANDLE = "encore-bundle-discount";
export const BUNDLE_CONFIG_NAMESPACE = "$app:encore";
export const BUNDLE_CONFIG_KEY = "bundle-config";
export const BUNDLE_DISCOUNT_TITLE = "Encore bundle discount";

/**
 * Complements allowed per anchor: the most the storefront block shows (its max_items), so "all"
 * means every suggestion the block can show and nothing the shopper never saw counts.
 */
export const BUNDLE_COMPLEMENTS = 4;

/**
 * Shopify passes a metafield to a function's input only up to 10,000 bytes (and caps the whole
 * input at 64,000): the configuration keeps the best-selling anchors that fit.
 */
export const MAX_CONFIG_BYTES = 10_000;

export type BundleKind = "percentage" | "fixed";

/** What the merchant chose (as stored, in the shop currency's minor units). */
export interface BundleSettings {
  enabled: boolean;
  kind: BundleKind;
  percentage: number | null;
  amountCents: number | null;
  requireAll: boolean;
  minComplements: number;
  combinesWith: { productDiscounts: boolean; orderDiscounts: boolean; shippingDiscounts: boolean };
}

export const DEFAULT_BUNDLE_SETTINGS: BundleSettings = {
  enabled: false,
  kind: "percentage",
  percentage: 10,
  amountCents: null,
  requireAll: false,
  minComplements: 1,
  combinesWith: { productDiscounts: false, orderDiscounts: true, shippingDiscounts: true },
};

/** The admin form as posted (checkboxes are "on" or absent). */
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true");

export const bundleSettingsFormSchema = z.object({
  enabled: checkbox,
  kind: z.enum(["percentage", "fixed"], { errorMap: () => ({ message: "Choose a percentage or a fixed amount" }) }),
  value: z.string({ required_error: "Enter the discount's value" }).trim().min(1, "Enter the discount's value"),
  scope: z.enum(["all", "atLeast"], { errorMap: () => ({ message: "Choose which complements the shopper must buy" }) }),
  minComplements: z.string().trim().optional(),
  combinesWithProductDiscounts: checkbox,
  combinesWithOrderDiscounts: checkbox,
  combinesWithShippingDiscounts: checkbox,
});

export type BundleFormErrors = Partial<Record<"kind" | "value" | "scope" | "minComplements" | "form", string>>;

/**
 * The form's fields to settings, or the messages to show beside the fields. Amounts are read in
 * the shop's currency (exact decimal parsing, no floats).
 */
export function parseBundleSettingsForm(
  fields: Record<string, unknown>,
  currencyCode: string,
): { ok: true; settings: BundleSettings } | { ok: false; errors: BundleFormErrors } {
  const parsed = bundleSettingsFormSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: BundleFormErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form") as keyof BundleFormErrors;
      errors[field in { kind: 1, value: 1, scope: 1, minComplements: 1 } ? field : "form"] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const form = parsed.data;
  const errors: BundleFormErrors = {};
  let percentage: number | null = null;
  let amountCents: number | null = null;
  if (form.kind === "percentage") {
    if (!/^\d+(\.\d{1,2})?$/.test(form.value)) errors.value = "Enter a percentage like 10 or 12.5";
    else {
      percentage = Number(form.value);
      if (!(percentage > 0 && percentage <= 100)) errors.value = "The percentage must be more than 0 and at most 100";
    }
  } else {
    const decimals = currencyDecimals(currencyCode);
    const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`);
    if (form.value.startsWith("-")) errors.value = "The amount cannot be negative";
    else if (!pattern.test(form.value)) errors.value = decimals === 0 ? `Enter a whole amount in ${currencyCode}` : `Enter an amount in ${currencyCode} like 5 or 5.50`;
    else {
      amountCents = toMinorUnits(form.value, currencyCode);
      if (amountCents <= 0) errors.value = "The amount must be more than 0";
      else if (amountCents > 100_000_000) errors.value = "That amount is too large";
    }
  }
  let minComplements = 1;
  if (form.scope === "atLeast") {
    const raw = form.minComplements ?? "";
    if (!/^\d+$/.test(raw)) errors.minComplements = `Enter how many complements (1 to ${BUNDLE_COMPLEMENTS})`;
    else {
      minComplements = Number(raw);
      if (minComplements < 1 || minComplements > BUNDLE_COMPLEMENTS) errors.minComplements = `Choose between 1 and ${BUNDLE_COMPLEMENTS} complements`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      enabled: form.enabled,
      kind: form.kind,
      percentage,
      amountCents,
      requireAll: form.scope === "all",
      minComplements,
      combinesWith: {
        productDiscounts: form.combinesWithProductDiscounts,
        orderDiscounts: form.combinesWithOrderDiscounts,
        shippingDiscounts: form.combinesWithShippingDiscounts,
      },
    },
  };
}

/** The discount function's configuration (extensions/encore-bundle-discount reads exactly this). */
export interface BundleFunctionConfig {
  kind: BundleKind;
  percentage?: number;
  amountCents?: number;
  currencyDecimals?: number;
  requireAll: boolean;
  minComplements: number;
  /** Anchor product id -> the complement product ids allowed with it (numeric ids). */
  bundles: Record<string, string[]>;
}

const encoder = new TextEncoder();
function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

export interface AnchorComplements {
  productId: string;
  complementIds: string[];
}

/**
 * The metafield value: anchors in the order given (best sellers first, so the cap drops the
 * least bought), each with at most BUNDLE_COMPLEMENTS complements, kept under MAX_CONFIG_BYTES.
 * Anchors that can never qualify (too few complements) are left out.
 */
export function buildBundleConfig(
  settings: BundleSettings,
  anchors: AnchorComplements[],
  currencyCode: string,
  maxBytes = MAX_CONFIG_BYTES,
): { config: BundleFunctionConfig; json: string; anchors: number; dropped: number } {
  const config: BundleFunctionConfig = {
    kind: settings.kind,
    ...(settings.kind === "percentage" ? { percentage: settings.percentage ?? 0 } : { amountCents: settings.amountCents ?? 0, currencyDecimals: currencyDecimals(currencyCode) }),
    requireAll: settings.requireAll,
    minComplements: settings.minComplements,
    bundles: {},
  };
  const needed = settings.requireAll ? 1 : settings.minComplements;
  let bytes = utf8Bytes(JSON.stringify(config));
  let included = 0;
  let dropped = 0;
  for (const anchor of anchors) {
    const complements = [...new Set(anchor.complementIds.filter((id) => id !== anchor.productId))].slice(0, BUNDLE_COMPLEMENTS);
    if (complements.length < needed || anchor.productId in config.bundles) continue;
    // "id":["a","b"] plus a comma when it is not the first entry.
    const entryBytes = utf8Bytes(`${JSON.stringify(anchor.productId)}:${JSON.stringify(complements)}`) + (included > 0 ? 1 : 0);
    if (bytes + entryBytes > maxBytes) {
      dropped++;
      continue;
    }
    config.bundles[anchor.productId] = complements;
    bytes += entryBytes;
    included++;
  }
  const json = JSON.stringify(config);
  return { config, json, anchors: included, dropped };
}

/** Contract 2: what the storefront block shows next to the suggestions. */
export type Bundle =
  | { kind: "percentage"; percentage: number; minComplements: number }
  | { kind: "fixed"; amountCents: number; minComplements: number };

/**
 * The offer for the storefront, or null when there is none. For "all", minComplements is the
 * number of the anchor's allowed complements when known, else BUNDLE_COMPLEMENTS.
 */
export function bundleOffer(settings: BundleSettings | null, allowedForAnchor?: number): Bundle | null {
  if (!settings?.enabled) return null;
  const minComplements = settings.requireAll ? Math.max(1, allowedForAnchor ?? BUNDLE_COMPLEMENTS) : settings.minComplements;
  if (allowedForAnchor !== undefined && (allowedForAnchor === 0 || allowedForAnchor < minComplements)) return null;
  if (settings.kind === "percentage" && settings.percentage) return { kind: "percentage", percentage: settings.percentage, minComplements };
  if (settings.kind === "fixed" && settings.amountCents) return { kind: "fixed", amountCents: settings.amountCents, minComplements };
  return null;
}
