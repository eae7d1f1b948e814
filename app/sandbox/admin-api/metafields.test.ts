import { describe, expect, it } from "vitest";
import { hasAdminSchema } from "./schema";
import { setUpAdminApi } from "./test-fixture";

const SET = `mutation Set($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { namespace key type value } userErrors { field message code elementIndex } }
}`;
const READ = `query Read($id: ID!) { customer(id: $id) { points: metafield(namespace: "$app:loyalty", key: "points") { value type } tier: metafield(namespace: "$app:loyalty", key: "tier") { value } } }`;
const ada = "gid://shopify/Customer/500";

describe.skipIf(!hasAdminSchema())("sandbox metafieldsSet on customers", () => {
  it("creates, then updates, app metafields that the customer query reads back", async () => {
    const { graphql } = setUpAdminApi();
    const first = await graphql(SET, {
      metafields: [
        { ownerId: ada, namespace: "$app:loyalty", key: "points", type: "number_integer", value: "120" },
        { ownerId: ada, namespace: "$app:loyalty", key: "tier", type: "single_line_text_field", value: "Gold" },
      ],
    });
    expect(first.body.data.metafieldsSet.userErrors).toEqual([]);
    expect(first.body.data.metafieldsSet.metafields[0]).toEqual({ namespace: "app--1--loyalty", key: "points", type: "number_integer", value: "120" });
    // The type may be left out once the metafield exists.
    expect((await graphql(SET, { metafields: [{ ownerId: ada, namespace: "$app:loyalty", key: "points", value: "80" }] })).body.data.metafieldsSet.userErrors).toEqual([]);
    const read = await graphql(READ, { id: ada });
    expect(read.body.data.customer).toEqual({ points: { value: "80", type: "number_integer" }, tier: { value: "Gold" } });
  });

  it("sets nothing when one input is wrong, naming it like Shopify", async () => {
    const { graphql } = setUpAdminApi();
    const result = await graphql(SET, {
      metafields: [
        { ownerId: ada, namespace: "$app:loyalty", key: "points", type: "number_integer", value: "12" },
        { ownerId: ada, namespace: "$app:loyalty", key: "tier", type: "number_integer", value: "Gold" },
        { ownerId: "gid://shopify/Customer/999", namespace: "$app:loyalty", key: "points", type: "number_integer", value: "1" },
        { ownerId: ada, namespace: "$app:loyalty", key: "x", type: "number_integer", value: "1" },
      ],
    });
    expect(result.body.data.metafieldsSet).toEqual({
      metafields: null,
      userErrors: [
        { field: ["metafields", "1", "value"], message: "Value must be an integer.", code: "INVALID_VALUE", elementIndex: 1 },
        { field: ["metafields", "2", "ownerId"], message: "Owner does not exist.", code: "INVALID", elementIndex: 2 },
        { field: ["metafields", "3", "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT", elementIndex: 3 },
      ],
    });
    expect((await graphql(READ, { id: ada })).body.data.customer).toEqual({ points: null, tier: null });
  });

  it("refuses more than 25 metafields at once and needs write_customers", async () => {
    const { graphql } = setUpAdminApi();
    const many = Array.from({ length: 26 }, (_, i) => ({ ownerId: ada, namespace: "$app:loyalty", key: `k${i}`, type: "number_integer", value: "1" }));
    expect((await graphql(SET, { metafields: many })).body.data.metafieldsSet.userErrors[0]).toMatchObject({ code: "LESS_THAN_OR_EQUAL_TO" });
    const readOnly = setUpAdminApi({ scopes: "read_customers" });
    const denied = await readOnly.graphql(SET, { metafields: [{ ownerId: ada, namespace: "$app:loyalty", key: "points", type: "number_integer", value: "1" }] });
    expect(denied.body.errors?.[0]?.message).toMatch(/access denied|write_customers/i);
  });
});
