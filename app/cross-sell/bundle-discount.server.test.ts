import { GraphqlQueryError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AdminApiError } from "../shopify/admin-api.server";
import { BundleDiscountError, bundleDiscountFailure } from "./bundle-discount.server";

describe("bundleDiscountFailure", () => {
  it("explains Shopify's refusals and the missing function to the merchant", () => {
    expect(bundleDiscountFailure(new BundleDiscountError("Encore's bundle discount function is not deployed"))).toBe("Encore's bundle discount function is not deployed");
    expect(bundleDiscountFailure(new AdminApiError("BundleDiscountCreate failed: automaticAppDiscount.title: Title can't be blank", "BundleDiscountCreate", []))).toBe(
      "Shopify did not accept the change (BundleDiscountCreate failed: automaticAppDiscount.title: Title can't be blank). Nothing was changed.",
    );
    expect(bundleDiscountFailure(new GraphqlQueryError({ message: "Access denied for discountAutomaticAppCreate field.", response: {} as Record<string, unknown> }))).toMatch(/^Shopify refused the request \(Access denied/);
  });

  it("leaves bugs to the error boundary", () => {
    expect(bundleDiscountFailure(new TypeError("x is undefined"))).toBeNull();
  });
});
