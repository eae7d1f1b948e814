import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLE_DISCOUNT_CREATE_MUTATION } from "../../shopify/graphql/BundleDiscountCreate";
import { BUNDLE_DISCOUNT_DELETE_MUTATION } from "../../shopify/graphql/BundleDiscountDelete";
import { BUNDLE_DISCOUNT_FUNCTIONS_QUERY } from "../../shopify/graphql/BundleDiscountFunctions";
import { BUNDLE_DISCOUNT_STATUS_QUERY } from "../../shopify/graphql/BundleDiscountStatus";
import { BUNDLE_DISCOUNT_UPDATE_MUTATION } from "../../shopify/graphql/BundleDiscountUpdate";
import { hasAdminSchema } from "./schema";
import { setUpAdminApi } from "./test-fixture";

const extensionsDir = fileURLToPath(new URL("../../../extensions", import.meta.url));
const config = JSON.stringify({ kind: "percentage", percentage: 10, minComplements: 1, requireAll: false, bundles: { "1": ["2"] } });
const input = (overrides: Record<string, unknown> = {}) => ({
  title: "Encore bundle discount",
  functionHandle: "encore-bundle-discount",
  startsAt: "2026-01-01T00:00:00Z",
  discountClasses: ["PRODUCT"],
  combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
  metafields: [{ namespace: "$app:encore", key: "bundle-config", type: "json", value: config }],
  ...overrides,
});

describe.skipIf(!hasAdminSchema())("automatic app discounts in the sandbox Admin API", () => {
  it("lists the app's functions from extensions/", async () => {
    const { graphql } = setUpAdminApi({ extensionsDir });
    const { body } = await graphql(BUNDLE_DISCOUNT_FUNCTIONS_QUERY);
    expect(body.errors).toBeUndefined();
    expect(body.data.shopifyFunctions.nodes).toEqual([
      expect.objectContaining({ handle: "encore-bundle-discount", apiVersion: "2026-04", title: "Encore bundle discount" }),
      expect.objectContaining({ handle: "encore-tier-discount", apiVersion: "2026-04", title: "Encore loyalty tier discount" }),
    ]);
    expect(body.data.shopifyFunctions.nodes[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("creates, reads, updates and deletes a discount bound to the function, with its metafield", async () => {
    const { graphql, store } = setUpAdminApi({ extensionsDir });
    const created = await graphql(BUNDLE_DISCOUNT_CREATE_MUTATION, { discount: input() });
    expect(created.body.data.discountAutomaticAppCreate.userErrors).toEqual([]);
    const id = created.body.data.discountAutomaticAppCreate.automaticAppDiscount.discountId as string;
    expect(id).toMatch(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/);
    expect(store.state.appDiscounts?.[0].metafields[0]).toMatchObject({ namespace: "app--1--encore", key: "bundle-config", value: config });

    const status = await graphql(BUNDLE_DISCOUNT_STATUS_QUERY, { id });
    expect(status.body.data.automaticDiscountNode).toMatchObject({
      id,
      automaticDiscount: { title: "Encore bundle discount", status: "ACTIVE", discountClasses: ["PRODUCT"], combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true } },
      metafield: { value: config },
    });

    const next = JSON.stringify({ ...JSON.parse(config), percentage: 20 });
    const updated = await graphql(BUNDLE_DISCOUNT_UPDATE_MUTATION, { id, discount: { combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true }, metafields: [{ namespace: "$app:encore", key: "bundle-config", type: "json", value: next }] } });
    expect(updated.body.data.discountAutomaticAppUpdate.userErrors).toEqual([]);
    expect(store.state.appDiscounts?.[0]).toMatchObject({ combinesWith: { orderDiscounts: false, shippingDiscounts: true }, metafields: [{ value: next }] });

    const deleted = await graphql(BUNDLE_DISCOUNT_DELETE_MUTATION, { id });
    expect(deleted.body.data.discountAutomaticDelete).toEqual({ deletedAutomaticDiscountId: id, userErrors: [] });
    expect((await graphql(BUNDLE_DISCOUNT_STATUS_QUERY, { id })).body.data.automaticDiscountNode).toBeNull();
    const again = await graphql(BUNDLE_DISCOUNT_DELETE_MUTATION, { id });
    expect(again.body.data.discountAutomaticDelete.userErrors).toEqual([{ field: ["id"], message: "Discount does not exist", code: null }]);
  });

  it("answers Shopify-shaped userErrors and saves nothing on bad input", async () => {
    const { graphql, store } = setUpAdminApi({ extensionsDir });
    const result = await graphql(BUNDLE_DISCOUNT_CREATE_MUTATION, {
      discount: input({ title: "", functionHandle: "no-such-function", metafields: [{ namespace: "$app:encore", key: "bundle-config", type: "json", value: "{not json" }] }),
    });
    expect(result.body.data.discountAutomaticAppCreate).toEqual({
      automaticAppDiscount: null,
      userErrors: [
        { field: ["automaticAppDiscount", "title"], message: "Title can't be blank", code: "BLANK" },
        { field: ["automaticAppDiscount", "functionHandle"], message: "Function not found.", code: "INVALID" },
        { field: ["automaticAppDiscount", "metafields", "0", "value"], message: "Value is invalid JSON.", code: "INVALID" },
      ],
    });
    expect(store.state.appDiscounts ?? []).toEqual([]);
  });

  it("needs write_discounts", async () => {
    const { graphql } = setUpAdminApi({ extensionsDir, scopes: "read_products" });
    const result = await graphql(BUNDLE_DISCOUNT_CREATE_MUTATION, { discount: input() });
    expect(result.body.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });
});
