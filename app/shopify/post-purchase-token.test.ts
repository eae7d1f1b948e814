import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changesetClaims, signChangeset, signHs256, verifyHs256, verifyPostPurchaseInputToken } from "./post-purchase-token";

const SECRET = "app-secret";
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const nowSeconds = NOW / 1000;
const inputClaims = (extra: Record<string, unknown> = {}) => ({ iss: "shopify", sub: "ref-1", dest: "demo.myshopify.com", iat: nowSeconds - 5, exp: nowSeconds + 600, ...extra });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("Shopify's input token", () => {
  it("gives the purchase and the shop when signed with the app's secret", () => {
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims(), SECRET), SECRET, NOW)).toEqual({ ok: true, input: { referenceId: "ref-1", shop: "demo.myshopify.com" } });
    // dest as an https URL, as session tokens carry it
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ dest: "https://Demo.myshopify.com" }), SECRET), SECRET, NOW)).toMatchObject({ ok: true, input: { shop: "demo.myshopify.com" } });
  });

  it("refuses a token signed with another secret (another app, or forged)", () => {
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims(), "other"), SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });

  it("refuses a token whose claims were changed after signing", () => {
    const [header, , signature] = signHs256(inputClaims(), SECRET).split(".");
    expect(verifyPostPurchaseInputToken(`${header}.${b64(inputClaims({ sub: "ref-2" }))}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: "signature" });
  });

  it('refuses alg "none" and other algorithms', () => {
    const payload = b64(inputClaims());
    expect(verifyPostPurchaseInputToken(`${b64({ alg: "none" })}.${payload}.`, SECRET, NOW)).toEqual({ ok: false, reason: "algorithm" });
    const hs512Input = `${b64({ alg: "HS512" })}.${payload}`;
    expect(verifyPostPurchaseInputToken(`${hs512Input}.${createHmac("sha512", SECRET).update(hs512Input).digest("base64url")}`, SECRET, NOW)).toEqual({ ok: false, reason: "algorithm" });
  });

  it("refuses an expired token, and one issued in the future", () => {
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ exp: nowSeconds - 60 }), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "expired" });
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ iat: nowSeconds + 600 }), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a token not issued by Shopify, or without the purchase or shop", () => {
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ iss: "encore" }), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "issuer" });
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ sub: undefined }), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "claims" });
    expect(verifyPostPurchaseInputToken(signHs256(inputClaims({ dest: "evil.example.com" }), SECRET), SECRET, NOW)).toEqual({ ok: false, reason: "claims" });
  });

  it("refuses what is not a JWT", () => {
    for (const token of ["", "abc", "a.b", "a.b.c.d", "a.b.c"]) expect(verifyPostPurchaseInputToken(token, SECRET, NOW).ok).toBe(false);
  });
});

describe("the changeset token", () => {
  it("carries Shopify's claims: iss = API key, unique jti, iat in seconds, sub = reference id, the changes", () => {
    const changes = [{ type: "add_variant" as const, variantID: 42, quantity: 1, discount: { value: 15, valueType: "percentage" as const, title: "15% off" } }];
    const a = changesetClaims({ apiKey: "key", referenceId: "ref-1", changes, nowMs: NOW });
    const b = changesetClaims({ apiKey: "key", referenceId: "ref-1", changes, nowMs: NOW });
    expect(a).toMatchObject({ iss: "key", iat: nowSeconds, sub: "ref-1", changes });
    expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.jti).not.toBe(b.jti);

    const token = signChangeset(a, SECRET);
    expect(JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(verifyHs256(token, SECRET)).toEqual({ ok: true, claims: a });
    expect(verifyHs256(token, "other")).toEqual({ ok: false, reason: "signature" });
  });
});
