import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { describe, expect, it } from "vitest";
import { CachedSessionStorage } from "./cached-session-storage.server";

function memoryStorage() {
  const rows = new Map<string, Session>();
  let loads = 0;
  const storage: SessionStorage = {
    storeSession: async (session) => (rows.set(session.id, session), true),
    loadSession: async (id) => (loads++, rows.get(id)),
    deleteSession: async (id) => rows.delete(id),
    deleteSessions: async (ids) => (ids.forEach((id) => rows.delete(id)), true),
    findSessionsByShop: async (shop) => [...rows.values()].filter((s) => s.shop === shop),
  };
  return { storage, rows, loads: () => loads };
}

const T0 = Date.parse("2026-11-22T12:00:00Z");
const offline = (id: string, expiresInMs: number) =>
  new Session({ id, shop: "a.myshopify.com", state: "", isOnline: false, accessToken: `token-${id}`, expires: new Date(T0 + expiresInMs) });

describe("CachedSessionStorage", () => {
  it("reads a session once per ttl and forgets it when it is replaced or deleted", async () => {
    let now = T0;
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 10_000, now: () => now });
    await cached.storeSession(offline("offline_a", 3_600_000));
    await cached.loadSession("offline_a");
    await cached.loadSession("offline_a");
    expect(inner.loads()).toBe(1);

    const refreshed = offline("offline_a", 3_600_000);
    refreshed.accessToken = "token-refreshed";
    await cached.storeSession(refreshed);
    expect((await cached.loadSession("offline_a"))?.accessToken).toBe("token-refreshed");

    await cached.deleteSession("offline_a");
    expect(await cached.loadSession("offline_a")).toBeUndefined();

    now += 10_000;
    await cached.storeSession(offline("offline_a", 3_600_000));
    expect(await cached.loadSession("offline_a")).toBeDefined();
  });

  it("never caches a session close to expiry (it is about to be refreshed)", async () => {
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 10_000, now: () => T0 });
    await inner.storage.storeSession(offline("offline_b", 9 * 60_000));
    await cached.loadSession("offline_b");
    await cached.loadSession("offline_b");
    expect(inner.loads()).toBe(2);
  });

  it("caches a missing session briefly, and a store makes it visible at once", async () => {
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 10_000, now: () => T0 });
    expect(await cached.loadSession("offline_c")).toBeUndefined();
    expect(await cached.loadSession("offline_c")).toBeUndefined();
    expect(inner.loads()).toBe(1);
    await cached.storeSession(offline("offline_c", 3_600_000));
    expect(await cached.loadSession("offline_c")).toBeDefined();
  });
});

describe("forgetCachedSessions", () => {
  it("drops a shop's cached sessions whose rows were changed directly (uninstall, redact)", async () => {
    const { forgetCachedSessions } = await import("./cached-session-storage.server");
    const inner = memoryStorage();
    const cached = new CachedSessionStorage(inner.storage, { ttlMs: 10_000, now: () => T0 });
    await inner.storage.storeSession(offline("offline_d", 3_600_000));
    await cached.loadSession("offline_d");
    inner.rows.delete("offline_d"); // as markUninstalled's deleteMany does
    expect(await cached.loadSession("offline_d")).toBeDefined();
    forgetCachedSessions("a.myshopify.com");
    expect(await cached.loadSession("offline_d")).toBeUndefined();
  });
});
