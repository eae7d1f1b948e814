import { describe, expect, it } from "vitest";
import { hasAdminSchema } from "./schema";
import { setUpAdminApi, SHOP } from "./test-fixture";

// The real schema comes from `bash scripts/shopify-schemas.sh` (gitignored download).
describe.skipIf(!hasAdminSchema())("sandbox Admin GraphQL", () => {
  describe("schema validation", () => {
    it("rejects a field that does not exist in Shopify's schema with Shopify's message", async () => {
      const { graphql } = setUpAdminApi();
      const { status, body } = await graphql(`query Products { products(first: 1) { nodes { id definitelyNotAField } } }`);
      expect(status).toBe(200);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        {
          message: "Field 'definitelyNotAField' doesn't exist on type 'Product'",
          locations: [{ line: 1, column: 50 }],
          path: ["query Products", "products", "nodes", "definitelyNotAField"],
          extensions: { code: "undefinedField", typeName: "Product", fieldName: "definitelyNotAField" },
        },
      ]);
    });

    it("gives a clear sandbox error for a real field the sandbox does not implement", async () => {
      const { graphql } = setUpAdminApi();
      const { body } = await graphql(`{ product(id: "gid://shopify/Product/100") { id seo { title } } }`);
      expect(body.errors[0].message).toBe(
        "The Encore sandbox does not implement Product.seo (it exists in Shopify's Admin API 2026-10 schema; add it in app/sandbox/admin-api/)",
      );
      expect(body.errors[0].extensions.code).toBe("SANDBOX_NOT_IMPLEMENTED");
      expect(body.errors[0].path).toEqual(["product", "seo"]);
    });

    it("words missing arguments, missing selections and bad variables like Shopify", async () => {
      const { graphql } = setUpAdminApi();
      expect((await graphql(`{ product { id } }`)).body.errors[0].message).toBe("Field 'product' is missing required arguments: id");
      expect((await graphql(`{ shop }`)).body.errors[0].message).toBe(
        "Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)",
      );
      const missingVariable = await graphql(`query($id: ID!) { product(id: $id) { id } }`, {});
      expect(missingVariable.body.errors[0]).toMatchObject({
        message: "Variable $id of type ID! was provided invalid value",
        extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
      });
    });

    it("requires first or last on connections", async () => {
      const { graphql } = setUpAdminApi();
      const { body } = await graphql(`{ products { nodes { id } } }`);
      expect(body.errors[0]).toMatchObject({ message: "you must provide one of first or last", extensions: { code: "BAD_REQUEST" }, path: ["products"] });
    });
  });

  describe("reads", () => {
    it("returns the shop", async () => {
      const { graphql } = setUpAdminApi();
      const { body } = await graphql(`{ shop { id name email myshopifyDomain currencyCode ianaTimezone plan { displayName } } }`);
      expect(body.data.shop).toMatchObject({
        name: "Encore Test",
        myshopifyDomain: SHOP,
        currencyCode: "USD",
        ianaTimezone: "America/New_York",
        plan: { displayName: "Shopify" },
      });
      expect(body.data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    });

    it("formats money like Shopify (Money scalar fixed decimals, MoneyV2 Decimal)", async () => {
      const { graphql } = setUpAdminApi();
      const { body } = await graphql(`{
        productVariant(id: "gid://shopify/ProductVariant/101") {
          price compareAtPrice availableForSale selectedOptions { name value }
          product { priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount } } }
        }
      }`);
      expect(body.data.productVariant).toEqual({
        price: "25.00",
        compareAtPrice: "30.00",
        availableForSale: true,
        selectedOptions: [{ name: "Size", value: "S" }],
        product: { priceRangeV2: { minVariantPrice: { amount: "25.0", currencyCode: "USD" }, maxVariantPrice: { amount: "27.5" } } },
      });
    });

    it("paginates products with cursors in both directions", async () => {
      const { graphql } = setUpAdminApi();
      const page = `query($after: String, $before: String, $first: Int, $last: Int) {
        products(first: $first, last: $last, after: $after, before: $before, sortKey: TITLE) {
          edges { cursor node { title } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }`;
      const first = (await graphql(page, { first: 2 })).body.data.products;
      expect(first.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(["Canvas Tote", "Linen Shirt"]);
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

      const second = (await graphql(page, { first: 2, after: first.pageInfo.endCursor })).body.data.products;
      expect(second.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(["Wool Socks"]);
      expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

      const back = (await graphql(page, { last: 1, before: second.pageInfo.startCursor })).body.data.products;
      expect(back.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(["Linen Shirt"]);
    });

    it("filters products with Shopify search syntax and reports unknown fields as warnings", async () => {
      const { graphql } = setUpAdminApi();
      const titles = async (query: string) => {
        const { body } = await graphql(`query($q: String) { products(first: 10, query: $q) { nodes { title } } }`, { q: query });
        return { titles: body.data.products.nodes.map((n: { title: string }) => n.title), search: body.extensions.search };
      };
      expect((await titles("status:active")).titles).toEqual(["Linen Shirt", "Canvas Tote"]);
      expect((await titles("tag:winter OR vendor:'Encore Goods'")).titles).toEqual(["Linen Shirt", "Canvas Tote", "Wool Socks"]);
      expect((await titles("-tag:summer status:active")).titles).toEqual(["Canvas Tote"]);
      expect((await titles("shirt")).titles).toEqual(["Linen Shirt"]);
      const unknown = await titles("colour:red");
      expect(unknown.titles).toHaveLength(3);
      expect(unknown.search).toEqual([
        { path: ["products"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query.", code: "invalid_field" }] },
      ]);
    });

    it("paginates and filters orders (last 60 days only without read_all_orders)", async () => {
      const { graphql } = setUpAdminApi();
      const names = async (variables: Record<string, unknown>) => {
        const { body } = await graphql(
          `query($q: String, $after: String, $first: Int!, $reverse: Boolean) {
            orders(first: $first, after: $after, query: $q, sortKey: CREATED_AT, reverse: $reverse) {
              nodes { name } pageInfo { hasNextPage endCursor }
            }
          }`,
          variables,
        );
        return body.data.orders;
      };
      // #1001 is a year old: invisible without read_all_orders, as at Shopify.
      expect((await names({ first: 10 })).nodes.map((o: { name: string }) => o.name)).toEqual(["#1002", "#1003", "#1004", "#1005"]);
      const page1 = await names({ first: 3, reverse: true });
      expect(page1.nodes.map((o: { name: string }) => o.name)).toEqual(["#1005", "#1004", "#1003"]);
      const page2 = await names({ first: 3, reverse: true, after: page1.pageInfo.endCursor });
      expect(page2.nodes.map((o: { name: string }) => o.name)).toEqual(["#1002"]);
      expect(page2.pageInfo.hasNextPage).toBe(false);

      const pick = async (q: string) => (await names({ first: 10, q })).nodes.map((o: { name: string }) => o.name);
      expect(await pick("created_at:>=2026-10-01")).toEqual(["#1003", "#1004", "#1005"]);
      expect(await pick("updated_at:>'2026-10-04T00:00:00Z' created_at:<2026-10-25")).toEqual(["#1003", "#1004"]);
      expect(await pick("financial_status:paid")).toEqual(["#1004", "#1005"]);
      expect(await pick("customer_id:501")).toEqual(["#1004"]);
      expect(await pick("fulfillment_status:unfulfilled financial_status:pending")).toEqual(["#1002"]);

      const withAllOrders = setUpAdminApi({ scopes: "read_orders,read_all_orders" });
      const all = await withAllOrders.graphql(`{ orders(first: 10) { nodes { name } } }`);
      expect(all.body.data.orders.nodes).toHaveLength(5);
    });

    it("reads an order with line items, refunds and its customer", async () => {
      const { graphql } = setUpAdminApi();
      const { body } = await graphql(`{
        order(id: "gid://shopify/Order/602") {
          name displayFinancialStatus displayFulfillmentStatus discountCodes
          totalPriceSet { shopMoney { amount currencyCode } }
          currentTotalPriceSet { shopMoney { amount } }
          lineItems(first: 5) { nodes { sku quantity currentQuantity variantTitle customAttributes { key value }
            originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } } product { id } variant { id } } }
          refunds { createdAt note refundLineItems(first: 5) { nodes { quantity subtotalSet { shopMoney { amount } } lineItem { sku } } } }
          customer { id numberOfOrders amountSpent { amount } }
        }
      }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.order).toMatchObject({
        name: "#1003",
        displayFinancialStatus: "PARTIALLY_REFUNDED",
        displayFulfillmentStatus: "UNFULFILLED",
        discountCodes: ["WELCOME10"],
        totalPriceSet: { shopMoney: { amount: "50.0", currencyCode: "USD" } },
        currentTotalPriceSet: { shopMoney: { amount: "27.5" } },
        lineItems: {
          nodes: [
            {
              sku: "SHIRT-S", quantity: 2, currentQuantity: 1, variantTitle: "S",
              customAttributes: [{ key: "_encore_source", value: "thank-you" }],
              originalUnitPriceSet: { shopMoney: { amount: "25.0" } }, discountedTotalSet: { shopMoney: { amount: "45.0" } },
              product: { id: "gid://shopify/Product/100" }, variant: { id: "gid://shopify/ProductVariant/101" },
            },
          ],
        },
        refunds: [{ note: "Too small", refundLineItems: { nodes: [{ quantity: 1, subtotalSet: { shopMoney: { amount: "22.5" } }, lineItem: { sku: "SHIRT-S" } }] } }],
        customer: { id: "gid://shopify/Customer/500", numberOfOrders: "4" },
      });
    });

    it("denies fields the token has no scope for, with Shopify's ACCESS_DENIED", async () => {
      const { graphql } = setUpAdminApi({ scopes: "read_products" });
      const { body } = await graphql(`{ customers(first: 1) { nodes { id } } }`);
      expect(body.errors[0]).toMatchObject({
        message: "Access denied for customers field. Required access: `read_customers` access scope.",
        extensions: { code: "ACCESS_DENIED" },
      });
    });
  });

  describe("mutations", () => {
    it("adds and removes tags", async () => {
      const { graphql, store } = setUpAdminApi();
      const add = await graphql(
        `mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id ... on Customer { tags } } userErrors { field message } } }`,
        { id: "gid://shopify/Customer/500", tags: ["loyal, gold", "VIP"] },
      );
      expect(add.body.data.tagsAdd).toEqual({ node: { id: "gid://shopify/Customer/500", tags: ["vip", "loyal", "gold"] }, userErrors: [] });
      await graphql(`mutation { tagsRemove(id: "gid://shopify/Customer/500", tags: ["Loyal"]) { userErrors { message } } }`);
      expect(store.customer(500)?.tags).toEqual(["vip", "gold"]);

      const missing = await graphql(`mutation { tagsAdd(id: "gid://shopify/Order/999", tags: ["x"]) { node { id } userErrors { field message } } }`);
      expect(missing.body.data.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] });
    });

    it("returns userErrors for invalid customerUpdate input", async () => {
      const { graphql, store } = setUpAdminApi();
      const update = (input: Record<string, unknown>) =>
        graphql(`mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id tags } userErrors { field message } } }`, { input });
      expect((await update({ id: "gid://shopify/Customer/500", email: "not-an-email" })).body.data.customerUpdate).toEqual({
        customer: null,
        userErrors: [{ field: ["email"], message: "Email is invalid" }],
      });
      expect((await update({ id: "gid://shopify/Customer/500", email: "bob@example.com" })).body.data.customerUpdate.userErrors).toEqual([
        { field: ["email"], message: "Email has already been taken" },
      ]);
      expect((await update({ id: "gid://shopify/Customer/999" })).body.data.customerUpdate.userErrors).toEqual([
        { field: ["id"], message: "Customer does not exist" },
      ]);
      // Shopify routes consent changes to their own mutation.
      expect(
        (await update({ id: "gid://shopify/Customer/500", emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } })).body.data.customerUpdate.userErrors,
      ).toEqual([{ field: ["emailMarketingConsent"], message: "To update emailMarketingConsent, please use the customerEmailMarketingConsentUpdate Mutation instead" }]);
      expect(store.customer(500)?.emailMarketingConsent).toBe("SUBSCRIBED");

      const ok = await update({ id: "gid://shopify/Customer/500", tags: ["repeat-buyer"] });
      expect(ok.body.data.customerUpdate).toEqual({ customer: { id: "gid://shopify/Customer/500", tags: ["repeat-buyer"] }, userErrors: [] });
    });

    it("updates email marketing consent through customerEmailMarketingConsentUpdate", async () => {
      const { graphql, store } = setUpAdminApi();
      const { body } = await graphql(
        `mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
          customerEmailMarketingConsentUpdate(input: $input) { customer { emailMarketingConsent { marketingState } } userErrors { field message code } }
        }`,
        { input: { customerId: "gid://shopify/Customer/501", emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN" } } },
      );
      expect(body.data.customerEmailMarketingConsentUpdate).toEqual({ customer: { emailMarketingConsent: { marketingState: "SUBSCRIBED" } }, userErrors: [] });
      expect(store.customer(501)?.emailMarketingConsent).toBe("SUBSCRIBED");
    });

    it("creates a basic code discount and rejects a duplicate code and bad input", async () => {
      const { graphql, store } = setUpAdminApi();
      const create = (input: Record<string, unknown>) =>
        graphql(
          `mutation($input: DiscountCodeBasicInput!) {
            discountCodeBasicCreate(basicCodeDiscount: $input) {
              codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 1) { nodes { code } } } } }
              userErrors { field message code }
            }
          }`,
          { input },
        );
      const valid = {
        title: "Come back: 15% off",
        code: "ENCORE-ADA-15",
        startsAt: "2026-11-01T00:00:00Z",
        context: { all: "ALL" },
        customerGets: { value: { percentage: 0.15 }, items: { all: true } },
        appliesOncePerCustomer: true,
        usageLimit: 1,
      };
      const created = (await create(valid)).body.data.discountCodeBasicCreate;
      expect(created.userErrors).toEqual([]);
      expect(created.codeDiscountNode).toMatchObject({
        id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/),
        codeDiscount: { title: "Come back: 15% off", status: "ACTIVE", codes: { nodes: [{ code: "ENCORE-ADA-15" }] } },
      });
      expect(store.state.discounts).toHaveLength(1);

      const duplicate = (await create({ ...valid, code: "encore-ada-15" })).body.data.discountCodeBasicCreate;
      expect(duplicate).toEqual({
        codeDiscountNode: null,
        userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }],
      });

      const invalid = (await create({ ...valid, code: "OTHER", title: "", customerGets: { value: { percentage: 1.5 }, items: { all: true } } })).body.data
        .discountCodeBasicCreate;
      expect(invalid.userErrors).toEqual([
        { field: ["basicCodeDiscount", "title"], message: "Title can't be blank", code: "BLANK" },
        { field: ["basicCodeDiscount", "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "VALUE_OUTSIDE_RANGE" },
      ]);
      expect(store.state.discounts).toHaveLength(1);
    });
  });
});
