import type { Database } from "../db.server";
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
// a few seconds. A save in this process drops its copy at once; other processes catch up within
// CONFIG_TTL_MS (the proxy's answers are cacheable for a minute anyway).
const CONFIG_TTL_MS = 5_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

export function invalidateCrossSellConfig(shop: string) {
  cache.delete(shop);
}

export function cachedCrossSellConfig<T>(shop: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = cache.get(shop);
  if (hit && now - hit.at < CONFIG_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(shop, { at: now, value });
  value.catch(() => cache.delete(shop));
  if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
  return value;
}
