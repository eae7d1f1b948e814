import { rebuildCoPurchases } from "../cross-sell/co-purchase.server";
import type { Database } from "../db.server";
import { upsertOrders } from "../shop-data/orders.server";
import { upsertProduct } from "../shop-data/products.server";
import { adminMutation, adminQuery, type AdminGraphql } from "../shopify/admin-api.server";
import { bulkObjectType, orderFromBulk, productFromBulk } from "../shopify/bulk-records";
import { BULK_OPERATION_RUN_QUERY_MUTATION } from "../shopify/graphql/BulkOperationRunQuery";
import { BULK_OPERATION_STATUS_QUERY } from "../shopify/graphql/BulkOperationStatus";
import { ORDERS_BULK_QUERY, PRODUCTS_BULK_QUERY } from "../shopify/graphql/HistoryBulkQueries";
import { ORDERS_COUNT_QUERY } from "../shopify/graphql/OrdersCount";
import type { OrderRecord } from "../shopify/webhook-payloads";

/**
 * Importing a shop's history on install: products, then orders, each through one Admin API bulk
 * operation (Shopify writes JSONL in the background; Encore streams the file), then a recount of
 * the co-purchase statistics. Each call to advanceHistoryImport does one step and records it, so
 * the import resumes where it stopped after a crash or restart.
 */
export type HistoryImportStage = "products" | "orders" | "recount" | "done" | "failed";
export type StepOutcome = "poll-later" | "continue" | "finished";

const IMPORT_BATCH = 200;

interface BulkOperationStatusResult {
  node: {
    id: string;
    status: string;
    errorCode: string | null;
    objectCount: string;
    rootObjectCount: string;
    url: string | null;
    partialDataUrl: string | null;
  } | null;
}

/** Starts the import (or restarts a failed one). Returns true when a new run was started. */
export async function beginHistoryImport(db: Database, shop: string): Promise<boolean> {
  const existing = await db.historyImport.findUnique({ where: { shop } });
  if (existing && existing.stage !== "failed") return false;
  const fresh = {
    stage: "products",
    bulkOperationId: null,
    objectCount: 0,
    linesImported: 0,
    productsImported: 0,
    ordersImported: 0,
    error: null,
    finishedAt: null,
    startedAt: new Date(),
  };
  await db.historyImport.upsert({ where: { shop }, create: { shop, ...fresh }, update: fresh });
  return true;
}

export async function advanceHistoryImport(
  db: Database,
  admin: AdminGraphql,
  shop: string,
  downloadFile: (url: string) => Promise<Response> = (url) => fetch(url),
): Promise<StepOutcome> {
  const state = await db.historyImport.findUnique({ where: { shop } });
  if (!state || state.stage === "done" || state.stage === "failed") return "finished";

  if (state.stage === "recount") {
    await rebuildCoPurchases(db, shop);
    await db.historyImport.update({ where: { shop }, data: { stage: "done", finishedAt: new Date() } });
    return "finished";
  }

  const stage = state.stage as "products" | "orders";
  if (!state.bulkOperationId) {
    const ordersExpected =
      stage === "orders" ? (await adminQuery<{ ordersCount: { count: number } }>(admin, "OrdersCount", ORDERS_COUNT_QUERY)).ordersCount.count : null;
    const started = await adminMutation<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: { field?: string[] | null; message: string }[] } }>(
      admin,
      "BulkOperationRunQuery",
      BULK_OPERATION_RUN_QUERY_MUTATION,
      { query: stage === "products" ? PRODUCTS_BULK_QUERY : ORDERS_BULK_QUERY },
      "bulkOperationRunQuery",
    );
    const operationId = started.bulkOperationRunQuery.bulkOperation?.id;
    if (!operationId) throw new Error("bulkOperationRunQuery returned no operation");
    await db.historyImport.update({
      where: { shop },
      data: { bulkOperationId: operationId, objectCount: 0, linesImported: 0, ...(ordersExpected !== null ? { ordersExpected } : {}) },
    });
    return "poll-later";
  }

  const { node: operation } = await adminQuery<BulkOperationStatusResult>(admin, "BulkOperationStatus", BULK_OPERATION_STATUS_QUERY, {
    id: state.bulkOperationId,
  });
  if (!operation) throw new Error(`Bulk operation ${state.bulkOperationId} not found`);
  if (operation.status === "CREATED" || operation.status === "RUNNING") {
    await db.historyImport.update({ where: { shop }, data: { objectCount: Number(operation.rootObjectCount) } });
    return "poll-later";
  }
  if (operation.status !== "COMPLETED") {
    await db.historyImport.update({
      where: { shop },
      data: { stage: "failed", error: `Shopify's bulk export of ${stage} ended ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}` },
    });
    return "finished";
  }

  // COMPLETED: stream the file from where the last run stopped. No url means nothing to import.
  if (operation.url) await importFile(db, shop, stage, operation.url, state.linesImported, downloadFile);
  await db.historyImport.update({
    where: { shop },
    data: { stage: stage === "products" ? "orders" : "recount", bulkOperationId: null, objectCount: Number(operation.rootObjectCount), linesImported: 0 },
  });
  return "continue";
}

async function importFile(
  db: Database,
  shop: string,
  stage: "products" | "orders",
  url: string,
  skipLines: number,
  downloadFile: (url: string) => Promise<Response>,
) {
  const response = await downloadFile(url);
  if (!response.ok || !response.body) throw new Error(`Downloading the bulk operation file failed: HTTP ${response.status}`);
  let lineIndex = 0;
  let resumePoint = skipLines; // the first line of an object not yet stored
  let batch: OrderRecord[] = [];
  let pendingOrder: { object: unknown; lines: unknown[] } | null = null;

  // Orders are stored a batch at a time; the resume point only moves past stored ones.
  const storeBatch = async (nextUnstoredLine: number) => {
    if (batch.length === 0) return;
    await upsertOrders(db, shop, batch);
    await recordProgress(db, shop, stage, nextUnstoredLine, batch.length);
    batch = [];
    resumePoint = nextUnstoredLine;
  };
  const closeOrder = async (nextObjectLine: number) => {
    if (!pendingOrder) return;
    batch.push(orderFromBulk(pendingOrder.object, pendingOrder.lines));
    pendingOrder = null;
    if (batch.length >= IMPORT_BATCH) await storeBatch(nextObjectLine);
  };

  let productsSinceProgress = 0;
  for await (const text of readLines(response.body)) {
    const index = lineIndex++;
    if (index < skipLines || !text.trim()) continue;
    const object = JSON.parse(text) as { id?: unknown; __parentId?: unknown };
    if (stage === "products") {
      if (bulkObjectType(object) !== "Product") continue;
      await upsertProduct(db, shop, productFromBulk(object));
      resumePoint = index + 1;
      if (++productsSinceProgress === IMPORT_BATCH) {
        await recordProgress(db, shop, stage, resumePoint, productsSinceProgress);
        productsSinceProgress = 0;
      }
    } else if (bulkObjectType(object) === "Order") {
      await closeOrder(index);
      pendingOrder = { object, lines: [] };
    } else if (pendingOrder && object.__parentId === (pendingOrder.object as { id: string }).id) {
      pendingOrder.lines.push(object);
    }
  }
  await closeOrder(lineIndex);
  await storeBatch(lineIndex);
  if (productsSinceProgress > 0) await recordProgress(db, shop, stage, resumePoint, productsSinceProgress);
}

async function recordProgress(db: Database, shop: string, stage: "products" | "orders", linesImported: number, newlyImported: number) {
  await db.historyImport.update({
    where: { shop },
    data: {
      linesImported,
      ...(stage === "products" ? { productsImported: { increment: newlyImported } } : { ordersImported: { increment: newlyImported } }),
    },
  });
}

async function* readLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
  buffered += decoder.decode();
  if (buffered) yield buffered;
}

/** 0-100 for the admin's progress bar: products 0-10, orders 10-95 (export then import), recount 95-100. */
export function historyImportProgress(state: {
  stage: string;
  objectCount: number;
  bulkOperationId: string | null;
  ordersExpected: number | null;
  ordersImported: number;
  linesImported: number;
}): number {
  switch (state.stage) {
    case "products":
      return state.bulkOperationId ? 5 : 0;
    case "orders": {
      const expected = Math.max(1, state.ordersExpected ?? 1);
      const exported = Math.min(1, state.objectCount / expected);
      const importedShare = Math.min(1, state.ordersImported / expected);
      return Math.round(10 + 40 * exported + 45 * importedShare);
    }
    case "recount":
      return 95;
    case "done":
      return 100;
    default:
      return 0;
  }
}
