import "@shopify/shopify-api/adapters/node";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import type { SandboxConfig, SandboxContext } from "../sandbox-context";
import { createAdminFrameHandler } from "./handler";
import { mintSessionToken } from "./session-token";

const config = {
  publicUrl: "http://localhost:3100",
  shopDomain: "encore-demo.myshopify.com",
  appUrl: "http://localhost:3000",
  apiKey: "encore-test-key",
  apiSecret: "encore-test-secret",
  scopes: ["read_products"],
  apiVersion: ADMIN_API_VERSION,
} as SandboxConfig;
const context = { config } as SandboxContext;
const adminFrameHandler = createAdminFrameHandler();

// The Shopify library as Encore configures it: the judge of what a valid token and launch URL are.
function shopifyLibrary(apiSecretKey = config.apiSecret) {
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey,
    apiVersion: ADMIN_API_VERSION,
    hostName: "localhost:3000",
    hostScheme: "http",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}

async function handle(path: string, init?: RequestInit): Promise<Response> {
  const response = await adminFrameHandler(new Request(`${config.publicUrl}${path}`, init), context);
  if (!response) throw new Error(`the admin frame handler did not answer ${path}`);
  return response;
}

async function iframeSrc(response: Response): Promise<URL> {
  const html = await response.text();
  const src = html.match(/<iframe[^>]*\ssrc="([^"]+)"/)?.[1];
  if (!src) throw new Error("no iframe in the admin page");
  return new URL(src.replace(/&amp;/g, "&"));
}

describe("mintSessionToken", () => {
  it("mints a token the Shopify library accepts, with Shopify's claims", async () => {
    const now = Date.now();
    const payload = await shopifyLibrary().session.decodeSessionToken(mintSessionToken(config, { now, userId: "42" }));
    const nowSeconds = Math.floor(now / 1000);
    expect(payload).toMatchObject({
      iss: "https://encore-demo.myshopify.com/admin",
      dest: "https://encore-demo.myshopify.com",
      aud: config.apiKey,
      sub: "42",
      iat: nowSeconds,
      exp: nowSeconds + 60,
    });
    expect(payload.nbf).toBeLessThan(nowSeconds);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is rejected when signed with another secret, for another app or after it expired", async () => {
    const token = mintSessionToken(config);
    await expect(shopifyLibrary("not-the-secret").session.decodeSessionToken(token)).rejects.toThrow();
    const otherApp = mintSessionToken({ ...config, apiKey: "another-app" });
    await expect(shopifyLibrary().session.decodeSessionToken(otherApp)).rejects.toThrow(/invalid API key/);
    const expired = mintSessionToken(config, { now: Date.now() - 2 * 60_000 });
    await expect(shopifyLibrary().session.decodeSessionToken(expired)).rejects.toThrow();
  });

  it("gives every token its own jti", () => {
    const jti = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).jti;
    expect(jti(mintSessionToken(config))).not.toBe(jti(mintSessionToken(config)));
  });
});

describe("admin page", () => {
  it("embeds the app with Shopify's launch parameters and a valid id_token", async () => {
    const response = await handle("/admin/apps/encore");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");

    const src = await iframeSrc(response);
    expect(`${src.origin}${src.pathname}`).toBe("http://localhost:3000/app");
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(config.shopDomain);
    expect(src.searchParams.get("locale")).toBe("en");

    const shopify = shopifyLibrary();
    const host = src.searchParams.get("host")!;
    expect(shopify.utils.sanitizeHost(host)).toBe(host);
    expect(Buffer.from(host, "base64").toString()).toBe("admin.shopify.com/store/encore-demo");
    const payload = await shopify.session.decodeSessionToken(src.searchParams.get("id_token")!);
    expect(payload.dest).toBe(`https://${config.shopDomain}`);
    expect(await shopify.utils.validateHmac(src.searchParams)).toBe(true);
  });

  it("opens deep links at the matching app path, keeping the app's own query", async () => {
    const src = await iframeSrc(await handle("/admin/apps/encore/loyalty?tab=rewards&shop=evil.myshopify.com"));
    expect(src.pathname).toBe("/app/loyalty");
    expect(src.searchParams.get("tab")).toBe("rewards");
    expect(src.searchParams.getAll("shop")).toEqual([config.shopDomain]);
  });

  it("shows the app at /admin too, with the shop name in the top bar", async () => {
    const response = await handle("/admin");
    const html = await response.clone().text();
    expect((await iframeSrc(response)).pathname).toBe("/app");
    expect(html).toContain("encore-demo");
  });

  it("leaves the Admin API, token exchange and other paths to other handlers", async () => {
    for (const path of ["/admin/api/2026-10/graphql.json", "/admin/oauth/access_token", "/admin/apps/other", "/"]) {
      expect(await adminFrameHandler(new Request(`${config.publicUrl}${path}`), context)).toBeNull();
    }
  });
});

describe("GET /admin/session-token", () => {
  it("returns a fresh token with CORS for the app's origin", async () => {
    const response = await handle(`/admin/session-token?shop=${config.shopDomain}`, {
      headers: { Origin: "http://localhost:3000" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:3000");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { token } = (await response.json()) as { token: string };
    expect((await shopifyLibrary().session.decodeSessionToken(token)).aud).toBe(config.apiKey);
  });

  it("answers a CORS preflight", async () => {
    const response = await handle(`/admin/session-token?shop=${config.shopDomain}`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:3000");
  });

  it("refuses another shop, or none, with 400", async () => {
    for (const query of ["?shop=someone-else.myshopify.com", ""]) {
      const response = await handle(`/admin/session-token${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:3000");
      expect(await response.json()).toMatchObject({ error: expect.stringContaining(config.shopDomain) });
    }
  });
});

describe("GET /sandbox-assets/app-bridge.js", () => {
  it("serves the App Bridge stand-in as JavaScript to any origin", async () => {
    const response = await handle("/sandbox-assets/app-bridge.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/javascript/);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const script = await response.text();
    expect(script).toContain("window.shopify");
    expect(() => new Function(script)).not.toThrow(); // parses as a classic script
  });
});
