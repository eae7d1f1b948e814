import { z } from "zod";

/**
 * A shop's cross-sell settings (pure: the schema, the defaults and the form parsing). Stored as
 * one CrossSellSettings row per shop; a shop without a row gets DEFAULT_SETTINGS.
 */
export const FALLBACK_SOURCES = ["manual-rules", "same-collection", "same-type", "same-vendor", "best-sellers"] as const;
export type FallbackSource = (typeof FALLBACK_SOURCES)[number];

export const FALLBACK_LABELS: Record<FallbackSource, string> = {
  "manual-rules": "Your category rules",
  "same-collection": "Same collection",
  "same-type": "Same product type",
  "same-vendor": "Same vendor",
  "best-sellers": "Best sellers",
};

export interface CrossSellSettingsValues {
  itemsToShow: number;
  hideOutOfStock: boolean;
  hideUnpublished: boolean;
  hideGiftCards: boolean;
  hideInCart: boolean;
  fallbackOrder: FallbackSource[];
  holdoutPercent: number;
}

export const DEFAULT_SETTINGS: CrossSellSettingsValues = {
  itemsToShow: 4,
  hideOutOfStock: true,
  hideUnpublished: true,
  hideGiftCards: true,
  hideInCart: true,
  fallbackOrder: [...FALLBACK_SOURCES],
  holdoutPercent: 5,
};

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/** The settings form (checkboxes absent when unticked). fallbackOrder: comma-separated sources. */
export const settingsFormSchema = z.object({
  itemsToShow: z.coerce
    .number({ invalid_type_error: "Items to show must be a number" })
    .int("Items to show must be a whole number")
    .min(1, "Items to show must be between 1 and 8")
    .max(8, "Items to show must be between 1 and 8"),
  hideOutOfStock: checkbox,
  hideUnpublished: checkbox,
  hideGiftCards: checkbox,
  hideInCart: checkbox,
  fallbackOrder: z
    .string({ required_error: "Choose the fallback order" })
    .transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean))
    .refine(
      (list) => list.length === FALLBACK_SOURCES.length && FALLBACK_SOURCES.every((source) => list.includes(source)),
      `The fallback order must list each of ${FALLBACK_SOURCES.join(", ")} exactly once`,
    )
    .transform((list) => list as FallbackSource[]),
  holdoutPercent: z.coerce
    .number({ invalid_type_error: "Holdout must be a number" })
    .int("Holdout must be a whole number")
    .min(0, "Holdout must be between 0 and 50 percent")
    .max(50, "Holdout must be between 0 and 50 percent"),
});

/** A stored row (or none) as settings; a damaged fallback order falls back to the default order. */
export function settingsFromRow(
  row: Omit<CrossSellSettingsValues, "fallbackOrder"> & { fallbackOrder: string } | null,
): CrossSellSettingsValues {
  if (!row) return { ...DEFAULT_SETTINGS, fallbackOrder: [...DEFAULT_SETTINGS.fallbackOrder] };
  let order: FallbackSource[] = [...FALLBACK_SOURCES];
  try {
    const parsed = JSON.parse(row.fallbackOrder) as unknown;
    if (Array.isArray(parsed) && parsed.length === FALLBACK_SOURCES.length && FALLBACK_SOURCES.every((s) => parsed.includes(s))) {
      order = parsed as FallbackSource[];
    }
  } catch {
    // keep the default order
  }
  return {
    itemsToShow: row.itemsToShow,
    hideOutOfStock: row.hideOutOfStock,
    hideUnpublished: row.hideUnpublished,
    hideGiftCards: row.hideGiftCards,
    hideInCart: row.hideInCart,
    fallbackOrder: order,
    holdoutPercent: row.holdoutPercent,
  };
}
