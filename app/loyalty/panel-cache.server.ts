import { TtlCache } from "../lib/ttl-cache";

/**
 * The per-shop part of the storefront loyalty panel (program settings, enabled rewards, tiers and
 * their rules), kept 10 s per process: every shopper of a shop sees the same, and under load these
 * reads were half of the panel's queries. A merchant's save clears the process that made it at
 * once (the save functions call forgetLoyaltyPanelShop); another process (or instance) may show the
 * old settings for up to 10 s. Nothing that spends points trusts this copy: redeeming reads the
 * reward and the balance from the database.
 */
export const loyaltyPanelShops = new TtlCache<unknown>({ maxEntries: 5_000, ttlMs: 10_000 });

/** After a merchant changes the program, a reward or a tier. */
export function forgetLoyaltyPanelShop(shop: string): void {
  loyaltyPanelShops.deleteWhere((key) => key === shop);
}
