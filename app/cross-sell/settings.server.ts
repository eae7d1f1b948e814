import { TtlCache } from "~/lib/ttl-cache";
import type { Database } from "../db.server";
import { forgetStorefrontAnswers } from "./storefront-cache.server";
import { settingsFormSchema, settingsFromRow, type CrossSellSettingsValues } from "./settings";
import { fieldErrors } from "./rules-input";

export async function loadCrossSellSettings(db: Database, shop: string): Promise<CrossSellSettingsValues> {
  return settingsFromRow(await db.crossSellSettings.findUnique({ where: { shop } }));
}

export type SaveSettingsResult = { ok: true; settings: CrossSellSettingsValues } | { ok: false; errors: Record<string, string> };

export async function saveCrossSellSettings(db: Database, shop: string, form: Record<string, unknown>): Promise<SaveSettingsResult> {
  const parsed = settingsFormSchema.safeParse(form);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const values = { ...parsed.data, fallbackOrder: JSON.stringify(parsed.data.fallbackOrder) };
  await db.crossSellSettings.upsert({ where: { shop }, create: { shop, ...values }, update: values });
  invalidateCrossSellConfig(shop);
  return { ok: true, settings: parsed.data };
}

// The storefront reads a shop's settings and rules on every request; this process keeps them for
// a few seconds. A save in this process drops its copy (and its cached storefront answers) at
// once; other processes catch up within CONFIG_TTL_MS (the proxy's answers are cacheable for a
// minute anyway).
const CONFIG_TTL_MS = 5_000;
const configs = new TtlCache<unknown>({ maxEntries: 10_000, ttlMs: CONFIG_TTL_MS });

export function invalidateCrossSellConfig(shop: string) {
  configs.deleteWhere((key) => key === shop);
  forgetStorefrontAnswers(shop);
}

export function cachedCrossSellConfig<T>(shop: string, load: () => Promise<T>): Promise<T> {
  return configs.getOrLoad(shop, load) as Promise<T>;
}
