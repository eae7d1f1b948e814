import { describe, expect, it } from "vitest";
import { cartLinesDiscountsGenerateRun, parseBundleConfig } from "../../extensions/encore-bundle-discount/src/cart_lines_discounts_generate_run.js";
import {
  BUNDLE_COMPLEMENTS,
  buildBundleConfig,
  bundleOffer,
  DEFAULT_BUNDLE_SETTINGS,
  MAX_CONFIG_BYTES,
  parseBundleSettingsForm,
  type BundleSettings,
} from "./bundle-discount";

const form = (fields: Record<string, string>) => ({ kind: "percentage", value: "10", scope: "atLeast", minComplements: "2", enabled: "on", ...fields });

describe("parseBundleSettingsForm", () => {
  it("reads a percentage bundle", () => {
    const result = parseBundleSettingsForm(form({ value: "12.5", combinesWithOrderDiscounts: "on" }), "USD");
    expect(result).toEqual({
      ok: true,
      settings: {
        enabled: true,
        kind: "percentage",
        percentage: 12.5,
        amountCents: null,
        requireAll: false,
        minComplements: 2,
        combinesWith: { productDiscounts: false, orderDiscounts: true, shippingDiscounts: false },
      },
    });
  });

  it("reads a fixed amount exactly, in the shop currency's minor units", () => {
    const usd = parseBundleSettingsForm(form({ kind: "fixed", value: "5.10", scope: "all" }), "USD");
    expect(usd.ok && usd.settings).toMatchObject({ kind: "fixed", amountCents: 510, percentage: null, requireAll: true, minComplements: 1 });
    const jpy = parseBundleSettingsForm(form({ kind: "fixed", value: "500" }), "JPY");
    expect(jpy.ok && jpy.settings.amountCents).toBe(500);
  });

  it.each([
    [{ value: "0" }, "value", "The percentage must be more than 0 and at most 100"],
    [{ value: "101" }, "value", "The percentage must be more than 0 and at most 100"],
    [{ value: "ten" }, "value", "Enter a percentage like 10 or 12.5"],
    [{ value: "" }, "value", "Enter the discount's value"],
    [{ kind: "fixed", value: "-5" }, "value", "The amount cannot be negative"],
    [{ kind: "fixed", value: "0.00" }, "value", "The amount must be more than 0"],
    [{ kind: "fixed", value: "5.123" }, "value", "Enter an amount in USD like 5 or 5.50"],
    [{ minComplements: "0" }, "minComplements", `Choose between 1 and ${BUNDLE_COMPLEMENTS} complements`],
    [{ minComplements: "9" }, "minComplements", `Choose between 1 and ${BUNDLE_COMPLEMENTS} complements`],
    [{ kind: "bogus" }, "kind", "Choose a percentage or a fixed amount"],
    [{ scope: "some" }, "scope", "Choose which complements the shopper must buy"],
  ])("rejects %o with a message on %s", (fields, field, message) => {
    const result = parseBundleSettingsForm(form(fields), "USD");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[field as "value"]).toBe(message);
  });
});

const settings: BundleSettings = { ...DEFAULT_BUNDLE_SETTINGS, enabled: true, percentage: 15, minComplements: 2 };

describe("buildBundleConfig", () => {
  it("keeps at most BUNDLE_COMPLEMENTS complements per anchor and skips anchors that can never qualify", () => {
    const { config, anchors } = buildBundleConfig(
      settings,
      [
        { productId: "1", complementIds: ["2", "3", "4", "5", "6", "1"] },
        { productId: "7", complementIds: ["8"] },
        { productId: "9", complementIds: ["1", "1", "2"] },
      ],
      "USD",
    );
    expect(config).toEqual({ kind: "percentage", percentage: 15, requireAll: false, minComplements: 2, bundles: { "1": ["2", "3", "4", "5"], "9": ["1", "2"] } });
    expect(anchors).toBe(2);
  });

  it("stays under Shopify's function-input metafield limit, keeping the first (best-selling) anchors", () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ productId: String(9_000_000_000_000 + i), complementIds: [1, 2, 3, 4].map((k) => String(8_000_000_000_000 + i * 10 + k)) }));
    const { json, anchors, dropped, config } = buildBundleConfig(settings, many, "USD");
    expect(new TextEncoder().encode(json).length).toBeLessThanOrEqual(MAX_CONFIG_BYTES);
    expect(anchors).toBeGreaterThan(100);
    expect(anchors + dropped).toBe(1000);
    expect(Object.keys(config.bundles)[0]).toBe("9000000000000");
    expect(JSON.parse(json)).toEqual(config);
  });

  it("writes what the discount function accepts, and the function discounts a bundle with it", () => {
    const fixed = buildBundleConfig({ ...settings, kind: "fixed", percentage: null, amountCents: 700, minComplements: 1 }, [{ productId: "1", complementIds: ["2"] }], "USD");
    expect(parseBundleConfig(JSON.parse(fixed.json))).not.toBeNull();
    const line = (id: number, product: string, anchor?: string) => ({
      id: `gid://shopify/CartLine/${id}`,
      quantity: 1,
      anchor: anchor ? { value: anchor } : null,
      cost: { amountPerQuantity: { amount: "10.0" } },
      merchandise: { __typename: "ProductVariant", id: `gid://shopify/ProductVariant/${id}`, product: { id: `gid://shopify/Product/${product}` } },
    });
    const output = cartLinesDiscountsGenerateRun({
      cart: { lines: [line(1, "1"), line(2, "2", "1")] },
      discount: { discountClasses: ["PRODUCT"], metafield: { jsonValue: JSON.parse(fixed.json) } },
      presentmentCurrencyRate: "1.0",
    });
    expect(output.operations[0].productDiscountsAdd.candidates[0].value).toEqual({ fixedAmount: { amount: 7, appliesToEachItem: false } });
  });
});

describe("bundleOffer (contract 2)", () => {
  it("is null when the discount is off or absent", () => {
    expect(bundleOffer(null)).toBeNull();
    expect(bundleOffer({ ...settings, enabled: false })).toBeNull();
  });

  it("tells the storefront the kind, value and how many complements it takes", () => {
    expect(bundleOffer(settings)).toEqual({ kind: "percentage", percentage: 15, minComplements: 2 });
    expect(bundleOffer({ ...settings, kind: "fixed", percentage: null, amountCents: 500, requireAll: true })).toEqual({ kind: "fixed", amountCents: 500, minComplements: BUNDLE_COMPLEMENTS });
  });

  it("for one product: all of its allowed complements, or nothing when it cannot qualify", () => {
    expect(bundleOffer({ ...settings, requireAll: true }, 3)).toEqual({ kind: "percentage", percentage: 15, minComplements: 3 });
    expect(bundleOffer(settings, 1)).toBeNull();
    expect(bundleOffer(settings, 0)).toBeNull();
  });
});
