import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { TtlCache } from "~/lib/ttl-cache";

/** Sessions this close to expiry are always read from the database: they are about to be refreshed. */
const NEAR_EXPIRY_MS = 10 * 60 * 1000;

/**
 * Keeps recently loaded sessions in memory for a few seconds. Every app-proxy request loads the
 * shop's offline session (shopify-app-remix does, before the route runs), and under storefront
 * load that read was the largest single cost of a request (docs/decisions/008-storefront-request-path.md).
 * Writes go straight through and clear this process's copy. Another instance may keep serving a
 * session it read for up to `ttlMs` after it was replaced or deleted; a session within ten minutes
 * of expiry (the library refreshes at five) is never cached, so no cached token is one that is
 * being refreshed.
 */
const instances = new Set<CachedSessionStorage>();

/** Clears this process's cached sessions of a shop whose session rows were changed directly. */
export function forgetCachedSessions(shop: string): void {
  for (const storage of instances) storage.forgetShop(shop);
}

export class CachedSessionStorage implements SessionStorage {
  private readonly sessions: TtlCache<Session | null>;
  private readonly shops = new Map<string, string>(); // session id -> shop, for forgetShop

  constructor(
    private readonly inner: SessionStorage,
    options: { ttlMs: number; maxEntries?: number; now?: () => number },
  ) {
    this.sessions = new TtlCache({ maxEntries: options.maxEntries ?? 10_000, ttlMs: options.ttlMs, now: options.now });
    this.now = options.now ?? Date.now;
    instances.add(this);
  }

  private readonly now: () => number;

  async loadSession(id: string): Promise<Session | undefined> {
    const cached = this.sessions.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const session = await this.inner.loadSession(id);
    if (!session) this.sessions.set(id, null);
    else if (!session.expires || session.expires.getTime() - this.now() > NEAR_EXPIRY_MS) {
      this.sessions.set(id, session);
      this.shops.set(id, session.shop);
    }
    return session;
  }

  /** After a shop's sessions changed behind the storage's back (uninstall, scopes update). */
  forgetShop(shop: string): void {
    this.sessions.deleteWhere((id) => this.shops.get(id) === shop);
  }

  async storeSession(session: Session): Promise<boolean> {
    this.sessions.deleteWhere((id) => id === session.id);
    return this.inner.storeSession(session);
  }

  async deleteSession(id: string): Promise<boolean> {
    this.sessions.deleteWhere((key) => key === id);
    return this.inner.deleteSession(id);
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    const gone = new Set(ids);
    this.sessions.deleteWhere((id) => gone.has(id));
    return this.inner.deleteSessions(ids);
  }

  findSessionsByShop(shop: string): Promise<Session[]> {
    return this.inner.findSessionsByShop(shop);
  }
}
