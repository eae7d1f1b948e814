// Access tokens the sandbox has issued through token exchange, as Shopify keeps them per
// shop and app: offline tokens (optionally expiring, with a refresh token) and online tokens
// (tied to a staff user, expiring after a day).
import { randomBytes } from "node:crypto";

export const EXPIRING_OFFLINE_TOKEN_TTL_S = 60 * 60; // 1 hour
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 60 * 60; // 30 days
export const ONLINE_TOKEN_TTL_S = 24 * 60 * 60 - 1; // Shopify answers expires_in 86399

export interface IssuedAccessToken {
  accessToken: string;
  kind: "offline" | "online";
  shop: string;
  scope: string;
  issuedAt: number;
  /** Epoch ms; null for non-expiring offline tokens. */
  expiresAt: number | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: number | null;
  /** Staff user id (the session token's `sub`) for online tokens. */
  userId: string | null;
}

function newToken(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

export class AccessTokenRegistry {
  /** Comma-separated scopes granted to every token (the app's configured scopes). */
  readonly scope: string;
  private readonly now: () => number;
  private readonly byAccessToken = new Map<string, IssuedAccessToken>();
  private readonly byRefreshToken = new Map<string, IssuedAccessToken>();

  constructor(scope: string | readonly string[], options: { now?: () => number; tokens?: readonly IssuedAccessToken[] } = {}) {
    const scopes = typeof scope === "string" ? scope.split(",") : scope;
    this.scope = scopes.map((s) => s.trim()).filter(Boolean).join(",");
    this.now = options.now ?? Date.now;
    for (const token of options.tokens ?? []) this.add(token);
  }

  scopes(): string[] {
    return this.scope ? this.scope.split(",") : [];
  }

  private add(token: IssuedAccessToken): IssuedAccessToken {
    this.byAccessToken.set(token.accessToken, token);
    if (token.refreshToken) this.byRefreshToken.set(token.refreshToken, token);
    return token;
  }

  /**
   * An offline token for `shop`. A non-expiring one is stable per shop (like Shopify's, it
   * stays the same across token exchanges); an expiring one is new each time, with a refresh token.
   */
  issueOffline(shop: string, options: { expiring: boolean }): IssuedAccessToken {
    const issuedAt = this.now();
    if (!options.expiring) {
      const existing = [...this.byAccessToken.values()].find((t) => t.shop === shop && t.kind === "offline" && t.expiresAt === null);
      if (existing) return existing;
    }
    return this.add({
      accessToken: newToken("shpat_"),
      kind: "offline",
      shop,
      scope: this.scope,
      issuedAt,
      expiresAt: options.expiring ? issuedAt + EXPIRING_OFFLINE_TOKEN_TTL_S * 1000 : null,
      refreshToken: options.expiring ? newToken("shprt_") : null,
      refreshTokenExpiresAt: options.expiring ? issuedAt + REFRESH_TOKEN_TTL_S * 1000 : null,
      userId: null,
    });
  }

  issueOnline(shop: string, userId: string): IssuedAccessToken {
    const issuedAt = this.now();
    return this.add({
      accessToken: newToken("shpua_"),
      kind: "online",
      shop,
      scope: this.scope,
      issuedAt,
      expiresAt: issuedAt + ONLINE_TOKEN_TTL_S * 1000,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      userId,
    });
  }

  /** The token if it was issued here and has not expired or been revoked. */
  lookup(accessToken: string): IssuedAccessToken | null {
    const token = this.byAccessToken.get(accessToken);
    if (!token) return null;
    if (token.expiresAt !== null && token.expiresAt <= this.now()) return null;
    return token;
  }

  /**
   * Exchanges a refresh token for a new expiring offline token and a new refresh token; the used
   * refresh token stops working (rotation). Null if unknown, used or expired.
   */
  refresh(refreshToken: string): IssuedAccessToken | null {
    const previous = this.byRefreshToken.get(refreshToken);
    if (!previous || previous.refreshTokenExpiresAt === null || previous.refreshTokenExpiresAt <= this.now()) return null;
    this.byRefreshToken.delete(refreshToken);
    previous.refreshToken = null;
    previous.refreshTokenExpiresAt = null;
    return this.issueOffline(previous.shop, { expiring: true });
  }

  revoke(accessToken: string): void {
    const token = this.byAccessToken.get(accessToken);
    if (!token) return;
    this.byAccessToken.delete(accessToken);
    if (token.refreshToken) this.byRefreshToken.delete(token.refreshToken);
  }

  /** Drops every token of a shop (app uninstalled). */
  revokeShop(shop: string): void {
    for (const token of [...this.byAccessToken.values()]) if (token.shop === shop) this.revoke(token.accessToken);
  }

  /** All tokens, e.g. to persist them so a sandbox restart keeps sessions working. */
  list(): IssuedAccessToken[] {
    return [...this.byAccessToken.values()];
  }
}
