import { describe, expect, it } from "vitest";
import { SandboxStore } from "../store/store";
import type { SandboxLineItem, SandboxOrder, SandboxState } from "../store/types";
import { BulkOperationRegistry, type BulkOperationOptions } from "./bulk-operations";
import { hasAdminSchema } from "./schema";
import { APP_SCOPES, fixtureState, setUpAdminApi, SHOP } from "./test-fixture";

const FAST: BulkOperationOptions = { startDelayMs: 0, tickDelayMs: 0 };
const ALL_ORDERS_SCOPES = `${APP_SCOPES},read_all_orders`;

const RUN = `mutation Run($query: String!, $groupObjects: Boolean) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { id status type errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl query }
    userErrors { field message code }
  }
}`;
const FIELDS = "id status type errorCode createdAt completedAt objectCount rootObjectCount fileSize url partialDataUrl query";

const ORDERS_WITH_LINE_ITEMS = `{ orders { edges { node { id name createdAt lineItems { edges { node { id quantity product { id } } } } } } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lineItem(id: number, quantity = 1): SandboxLineItem {
  return {
    id, productId: 200, variantId: 201, title: "Canvas Tote", variantTitle: "Default Title", sku: "TOTE", vendor: "Encore Goods",
    quantity, priceCents: 1250, discountCents: 0, properties: [],
  };
}

/** A fresh fixture store, edited before use (more orders or line items). */
function storeWith(edit: (state: SandboxState) => void = () => {}): SandboxStore {
  const state = fixtureState();
  edit(state);
  return new SandboxStore(state, null);
}

function setUp(options: Parameters<typeof setUpAdminApi>[0] = {}) {
  const api = setUpAdminApi({ bulkOperations: FAST, ...options });

  async function run(query: string, groupObjects?: boolean) {
    const { body } = await api.graphql(RUN, { query, groupObjects });
    expect(body.errors).toBeUndefined();
    return body.data.bulkOperationRunQuery;
  }

  async function current() {
    const { body } = await api.graphql(`{ currentBulkOperation { ${FIELDS} } }`);
    expect(body.errors).toBeUndefined();
    return body.data.currentBulkOperation;
  }

  /** Polls like an app would until the operation is no longer CREATED/RUNNING/CANCELING. */
  async function pollUntilDone(id: string, onPoll: (op: Record<string, string | null>) => void = () => {}) {
    for (let i = 0; i < 2000; i++) {
      const { body } = await api.graphql(`query($id: ID!) { bulkOperation(id: $id) { ${FIELDS} } }`, { id });
      const op = body.data.bulkOperation;
      onPoll(op);
      if (!["CREATED", "RUNNING", "CANCELING"].includes(op.status)) return op;
      await sleep(2);
    }
    throw new Error("bulk operation did not finish");
  }

  async function download(url: string) {
    const response = await api.handler(new Request(url));
    if (!response) throw new Error(`handler did not serve ${url}`);
    return response;
  }

  async function lines(url: string): Promise<Record<string, unknown>[]> {
    const response = await download(url);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    return text.trimEnd().split("\n").map((line) => JSON.parse(line));
  }

  return { ...api, run, current, pollUntilDone, download, lines };
}

describe.skipIf(!hasAdminSchema())("sandbox bulk query operations", () => {
  it("exports orders and their line items as Shopify's JSONL", async () => {
    const store = storeWith((state) => state.orders.find((o) => o.id === 602)?.lineItems.push(lineItem(6022, 3), lineItem(6023)));
    const api = setUp({ store, scopes: ALL_ORDERS_SCOPES });

    const { bulkOperation, userErrors } = await api.run(ORDERS_WITH_LINE_ITEMS);
    expect(userErrors).toEqual([]);
    expect(bulkOperation).toEqual({
      id: "gid://shopify/BulkOperation/1",
      status: "CREATED",
      type: "QUERY",
      errorCode: null,
      createdAt: "2026-11-01T12:00:00Z",
      completedAt: null,
      objectCount: "0",
      rootObjectCount: "0",
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query: ORDERS_WITH_LINE_ITEMS,
    });

    const done = await api.pollUntilDone(bulkOperation.id);
    const orders = store.state.orders;
    const lineItemCount = orders.reduce((sum, o) => sum + o.lineItems.length, 0);
    expect(done).toMatchObject({
      status: "COMPLETED",
      errorCode: null,
      completedAt: "2026-11-01T12:00:00Z",
      objectCount: String(orders.length + lineItemCount),
      rootObjectCount: String(orders.length),
      url: `https://${SHOP}/sandbox-files/bulk/1.jsonl`,
      partialDataUrl: null,
    });
    expect(await api.current()).toEqual(done);

    const response = await api.download(done.url);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
    const text = await response.text();
    expect(String(Buffer.byteLength(text))).toBe(done.fileSize);

    const rows = text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(rows).toHaveLength(orders.length + lineItemCount);
    const orderRows = rows.filter((row) => String(row.id).startsWith("gid://shopify/Order/"));
    const itemRows = rows.filter((row) => String(row.id).startsWith("gid://shopify/LineItem/"));
    expect(orderRows).toHaveLength(orders.length);
    expect(itemRows).toHaveLength(lineItemCount);

    // An order line: its own fields only (the nested connection is not inline), no __parentId.
    expect(orderRows.find((row) => row.id === "gid://shopify/Order/602")).toEqual({
      id: "gid://shopify/Order/602",
      name: "#1003",
      createdAt: "2026-10-01T10:00:00Z",
    });
    // A line item line: nested objects stay inline, __parentId comes last.
    const item = itemRows.find((row) => row.id === "gid://shopify/LineItem/6022");
    expect(item).toEqual({ id: "gid://shopify/LineItem/6022", quantity: 3, product: { id: "gid://shopify/Product/200" }, __parentId: "gid://shopify/Order/602" });
    expect(Object.keys(item as object).at(-1)).toBe("__parentId");

    // Every line item points at its order, which comes earlier in the file.
    for (const order of orders) {
      const orderIndex = rows.findIndex((row) => row.id === `gid://shopify/Order/${order.id}`);
      for (const line of order.lineItems) {
        const index = rows.findIndex((row) => row.id === `gid://shopify/LineItem/${line.id}`);
        expect(rows[index].__parentId).toBe(`gid://shopify/Order/${order.id}`);
        expect(index).toBeGreaterThan(orderIndex);
      }
    }
  });

  it("honours the 60-day order window of apps without read_all_orders", async () => {
    const api = setUp();
    const { bulkOperation } = await api.run(`{ orders { edges { node { id } } } }`);
    const done = await api.pollUntilDone(bulkOperation.id);
    expect(done.rootObjectCount).toBe("4");
    expect((await api.lines(done.url)).map((row) => row.id)).not.toContain("gid://shopify/Order/600");
  });

  it("groups children under their parent only with groupObjects: true", async () => {
    const store = storeWith((state) => state.orders.forEach((o, i) => o.lineItems.push(lineItem(9000 + i))));
    const api = setUp({ store, scopes: ALL_ORDERS_SCOPES });
    const kinds = (rows: Record<string, unknown>[]) => rows.map((row) => (String(row.id).includes("/Order/") ? "O" : "L")).join("");

    const ungrouped = await api.pollUntilDone((await api.run(ORDERS_WITH_LINE_ITEMS)).bulkOperation.id);
    expect(kinds(await api.lines(ungrouped.url))).toBe("OOOOOLLLLLLLLLL");

    const grouped = await api.pollUntilDone((await api.run(ORDERS_WITH_LINE_ITEMS, true)).bulkOperation.id);
    const rows = await api.lines(grouped.url);
    expect(kinds(rows)).toBe("OLLOLLOLLOLLOLL");
    expect(rows[1].__parentId).toBe(rows[0].id);
  });

  it("exports products with their variants (edges, aliases, fragments)", async () => {
    const api = setUp();
    const query = `
      query Catalog {
        products(first: 1, sortKey: TITLE) {
          edges { cursor node { id name: title ...Vendor variants { edges { node { id sku price } } } } }
          pageInfo { hasNextPage }
        }
      }
      fragment Vendor on Product { vendor }`;
    const { bulkOperation, userErrors } = await api.run(query);
    expect(userErrors).toEqual([]);
    const done = await api.pollUntilDone(bulkOperation.id);
    expect(done).toMatchObject({ status: "COMPLETED", objectCount: "7", rootObjectCount: "3" });
    // `first: 1` is ignored (bulk reads everything); the sort key is kept.
    expect(await api.lines(done.url)).toEqual([
      { id: "gid://shopify/Product/200", name: "Canvas Tote", vendor: "Encore Goods" },
      { id: "gid://shopify/Product/100", name: "Linen Shirt", vendor: "Encore Goods" },
      { id: "gid://shopify/Product/300", name: "Wool Socks", vendor: "Other Vendor" },
      { id: "gid://shopify/ProductVariant/201", sku: "TOTE", price: "12.50", __parentId: "gid://shopify/Product/200" },
      { id: "gid://shopify/ProductVariant/101", sku: "SHIRT-S", price: "25.00", __parentId: "gid://shopify/Product/100" },
      { id: "gid://shopify/ProductVariant/102", sku: "SHIRT-M", price: "27.50", __parentId: "gid://shopify/Product/100" },
      { id: "gid://shopify/ProductVariant/301", sku: "SOCKS", price: "9.00", __parentId: "gid://shopify/Product/300" },
    ]);
  });

  it("reads every page of large root and nested connections (more than 250 each)", async () => {
    const store = storeWith((state) => {
      const template = state.orders.find((o) => o.id === 604) as SandboxOrder;
      for (let i = 0; i < 260; i++) {
        state.orders.push({ ...template, id: 20_000 + i, name: `#${3000 + i}`, lineItems: [lineItem(30_000 + i)] });
      }
      template.lineItems = Array.from({ length: 301 }, (_, i) => lineItem(40_000 + i));
    });
    const api = setUp({ store });
    const done = await api.pollUntilDone((await api.run(ORDERS_WITH_LINE_ITEMS)).bulkOperation.id);
    const rows = await api.lines(done.url);
    expect(done.rootObjectCount).toBe(String(4 + 260));
    expect(done.objectCount).toBe(String(rows.length));
    expect(rows.filter((row) => row.__parentId === "gid://shopify/Order/604")).toHaveLength(301);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
  });

  it("stays RUNNING for a while with objectCount growing, then completes", async () => {
    const store = storeWith((state) => {
      const template = state.orders.find((o) => o.id === 604) as SandboxOrder;
      for (let i = 0; i < 20; i++) state.orders.push({ ...template, id: 20_000 + i, lineItems: [lineItem(30_000 + i)] });
    });
    const api = setUp({ store, bulkOperations: { startDelayMs: 5, tickDelayMs: 25, rootObjectsPerTick: 3 } });
    const { bulkOperation } = await api.run(ORDERS_WITH_LINE_ITEMS);
    const seen: { status: string; objectCount: number; rootObjectCount: number }[] = [];
    const done = await api.pollUntilDone(bulkOperation.id, (op) =>
      seen.push({ status: op.status as string, objectCount: Number(op.objectCount), rootObjectCount: Number(op.rootObjectCount) }),
    );
    expect(done.status).toBe("COMPLETED");
    expect(done.rootObjectCount).toBe("24");
    const running = seen.filter((s) => s.status === "RUNNING");
    const counts = [...new Set(running.map((s) => s.objectCount))];
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(running.some((s) => s.rootObjectCount > 0 && s.rootObjectCount < 24)).toBe(true);
  });

  it("answers Shopify's userErrors for invalid bulk queries", async () => {
    const api = setUp();
    const errorsOf = async (query: string) => {
      const { bulkOperation, userErrors } = await api.run(query);
      expect(bulkOperation).toBeNull();
      return userErrors;
    };
    const invalid = (message: string) => ({ field: ["query"], message, code: "INVALID" });

    expect(await errorsOf(`{ orders { edges { node { id nope } } } }`)).toEqual([invalid("Invalid bulk query: Field 'nope' doesn't exist on type 'Order'")]);
    expect(await errorsOf("")).toEqual([invalid("Invalid bulk query: syntax error, unexpected end of file")]);
    expect(await errorsOf(`{ shop { id } }`)).toEqual([invalid("Bulk queries must contain at least one connection.")]);
    expect(await errorsOf(`{ products { nodes { id title } } }`)).toEqual([
      invalid(
        "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'products'.",
      ),
    ]);
    expect(await errorsOf(`{ node(id: "gid://shopify/Product/100") { id } }`)).toEqual([
      invalid("Bulk queries cannot contain a top level `node` field."),
      invalid("Bulk queries must contain at least one connection."),
    ]);
    expect(
      await errorsOf(
        `{ collections { edges { node { id products { edges { node { id variants { edges { node { id } } } } } } } } } }`,
      ),
    ).toEqual([invalid("Bulk queries cannot contain connections with a nesting depth greater than 2.")]);
    expect(
      await errorsOf(
        `{ products { edges { node { id variants { edges { node { id } } } metafields { edges { node { id } } } collections { edges { node { id } } } media { edges { node { id } } } images { edges { node { id } } } } } } }`,
      ),
    ).toEqual([invalid("Bulk queries cannot contain more than 5 connections.")]);
    expect(await errorsOf(`{ products { edges { node { title variants { edges { node { id } } } } } } }`)).toEqual([
      invalid(
        "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': products.",
      ),
    ]);
    expect(await errorsOf(`{ orders { edges { node { id refunds { refundLineItems { edges { node { quantity } } } } } } } }`)).toEqual([
      invalid("Queries that contain a connection field within a list field are not currently supported."),
    ]);
    expect(await errorsOf(`mutation { tagsAdd(id: "gid://shopify/Order/601", tags: ["x"]) { userErrors { message } } }`)).toEqual([
      invalid("Invalid operation type. Only `query` operations are supported."),
    ]);
    expect(await api.current()).toBeNull();
  });

  it("allows 5 running bulk queries per shop (API 2026-01+), then answers OPERATION_IN_PROGRESS", async () => {
    const registry = new BulkOperationRegistry({ startDelayMs: 60_000 });
    const api = setUp({ bulkOperations: registry });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { bulkOperation, userErrors } = await api.run(`{ products { edges { node { id } } } }`);
      expect(userErrors).toEqual([]);
      ids.push(bulkOperation.id);
    }
    expect(await api.run(`{ products { edges { node { id } } } }`)).toEqual({
      bulkOperation: null,
      userErrors: [{ field: null, message: `A bulk query operation for this app and shop is already in progress: ${ids.join(", ")}.`, code: "OPERATION_IN_PROGRESS" }],
    });
    expect(registry.maxConcurrentQueries("2025-10")).toBe(1);

    // Canceling one frees a slot.
    const { body } = await api.graphql(`mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`, { id: ids[0] });
    expect(body.data.bulkOperationCancel).toEqual({ bulkOperation: { id: ids[0], status: "CANCELING" }, userErrors: [] });
    registry.dispose();
  });

  it("answers OPERATION_IN_PROGRESS for a second run while one runs, with a limit of 1", async () => {
    const api = setUp({ bulkOperations: { startDelayMs: 200, tickDelayMs: 50, maxConcurrentQueries: 1 } });
    const first = await api.run(ORDERS_WITH_LINE_ITEMS);
    const second = await api.run(`{ products { edges { node { id } } } }`);
    expect(second).toEqual({
      bulkOperation: null,
      userErrors: [
        { field: null, message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation.id}.`, code: "OPERATION_IN_PROGRESS" },
      ],
    });
    await api.pollUntilDone(first.bulkOperation.id);
    expect((await api.run(`{ products { edges { node { id } } } }`)).userErrors).toEqual([]);
  });

  it("cancels: CANCELING, then CANCELED; terminal and unknown operations answer userErrors", async () => {
    const api = setUp({ bulkOperations: { startDelayMs: 200, tickDelayMs: 50 } });
    const { bulkOperation } = await api.run(ORDERS_WITH_LINE_ITEMS);
    const cancel = (id: string) =>
      api.graphql(`mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`, { id });

    expect((await cancel(bulkOperation.id)).body.data.bulkOperationCancel).toEqual({ bulkOperation: { id: bulkOperation.id, status: "CANCELING" }, userErrors: [] });
    const done = await api.pollUntilDone(bulkOperation.id);
    expect(done).toMatchObject({ status: "CANCELED", completedAt: null, url: null, partialDataUrl: null, fileSize: null });

    expect((await cancel(bulkOperation.id)).body.data.bulkOperationCancel).toEqual({
      bulkOperation: { id: bulkOperation.id, status: "CANCELED" },
      userErrors: [{ field: null, message: "A bulk operation cannot be canceled when it is canceled" }],
    });
    expect((await cancel("gid://shopify/BulkOperation/999")).body.data.bulkOperationCancel).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
    });
  });

  it("reads operations through bulkOperation, node and bulkOperations (newest first)", async () => {
    const api = setUp();
    const a = await api.pollUntilDone((await api.run(`{ products { edges { node { id } } } }`)).bulkOperation.id);
    const b = await api.pollUntilDone((await api.run(`{ customers { edges { node { id } } } }`)).bulkOperation.id);

    const { body } = await api.graphql(`query($id: ID!) {
      node(id: $id) { __typename ... on BulkOperation { id status objectCount } }
      missing: bulkOperation(id: "gid://shopify/BulkOperation/404") { id }
      all: bulkOperations(first: 5) { nodes { id } }
      oldestFirst: bulkOperations(first: 5, reverse: true) { nodes { id } }
      completed: bulkOperations(first: 5, query: "status:completed operation_type:query") { edges { node { id } } }
      byId: bulkOperations(first: 5, query: "id:1") { nodes { id } }
      mutations: currentBulkOperation(type: MUTATION) { id }
    }`, { id: a.id });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      node: { __typename: "BulkOperation", id: a.id, status: "COMPLETED", objectCount: "3" },
      missing: null,
      all: { nodes: [{ id: b.id }, { id: a.id }] },
      oldestFirst: { nodes: [{ id: a.id }, { id: b.id }] },
      completed: { edges: [{ node: { id: b.id } }, { node: { id: a.id } }] },
      byId: { nodes: [{ id: a.id }] },
      mutations: null,
    });

    const both = await api.graphql(`{ bulkOperations(first: 1, last: 1) { nodes { id } } }`);
    expect(both.body.errors[0]).toMatchObject({ message: "providing both first and last is not supported", extensions: { code: "BAD_REQUEST" } });
    const none = await api.graphql(`{ bulkOperations { nodes { id } } }`);
    expect(none.body.errors[0]).toMatchObject({ message: "you must provide one of first or last" });
  });

  it("serves result files from publicUrl; unknown files are 404", async () => {
    const api = setUp({ publicUrl: "http://localhost:8090/" });
    const done = await api.pollUntilDone((await api.run(`{ products { edges { node { id } } } }`)).bulkOperation.id);
    expect(done.url).toBe("http://localhost:8090/sandbox-files/bulk/1.jsonl");
    const local = `https://${SHOP}/sandbox-files/bulk/1.jsonl`;
    expect((await api.download(local)).status).toBe(200);
    expect((await api.download(`https://${SHOP}/sandbox-files/bulk/2.jsonl`)).status).toBe(404);
    const post = await api.handler(new Request(local, { method: "POST" }));
    expect(post?.status).toBe(405);
    expect(await api.handler(new Request(`https://${SHOP}/sandbox-files/other.jsonl`))).toBeNull();
  });

  it("completes with url null when nothing matches", async () => {
    const api = setUp();
    const done = await api.pollUntilDone((await api.run(`{ products(query: "title:nothing-like-this") { edges { node { id } } } }`)).bulkOperation.id);
    expect(done).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null, fileSize: null });
  });

  it("fails with ACCESS_DENIED when the token lacks the scope the inner query needs", async () => {
    const api = setUp({ scopes: "read_products", bulkOperations: { ...FAST, log: () => {} } });
    const done = await api.pollUntilDone((await api.run(`{ orders { edges { node { id } } } }`)).bulkOperation.id);
    expect(done).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED", url: null, partialDataUrl: null, completedAt: null });
  });

  it("fault injection: operations end FAILED with partial data", async () => {
    const store = storeWith((state) => {
      const template = state.orders.find((o) => o.id === 604) as SandboxOrder;
      for (let i = 0; i < 10; i++) state.orders.push({ ...template, id: 20_000 + i, lineItems: [lineItem(30_000 + i)] });
    });
    const api = setUp({ store, bulkOperations: { ...FAST, rootObjectsPerTick: 4, faults: { rate: 1, afterPages: 1 } } });
    const done = await api.pollUntilDone((await api.run(ORDERS_WITH_LINE_ITEMS)).bulkOperation.id);
    expect(done).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null, rootObjectCount: "4", objectCount: "8" });
    expect(done.partialDataUrl).toBe(`https://${SHOP}/sandbox-files/bulk/1.jsonl`);
    expect(await api.lines(done.partialDataUrl)).toHaveLength(8);

    const registry = new BulkOperationRegistry({ startDelayMs: 0, tickDelayMs: 20, rootObjectsPerTick: 2 });
    const manual = setUp({ store, bulkOperations: registry });
    const { bulkOperation } = await manual.run(ORDERS_WITH_LINE_ITEMS);
    registry.fail(bulkOperation.id, "TIMEOUT");
    expect(await registry.settled(bulkOperation.id)).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT" });
  });

  it("charges a bulk run like any mutation (10 points)", async () => {
    const api = setUp();
    const { body } = await api.graphql(RUN, { query: `{ products { edges { node { id } } } }` });
    expect(body.extensions.cost.requestedQueryCost).toBe(10);
  });
});
