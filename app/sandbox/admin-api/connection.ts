// Relay-style connections (edges/nodes/pageInfo) over in-memory lists, with Shopify's rules:
// one of `first`/`last` is required, at most 250 per page, `reverse` flips the sort order.
//
// Cursors are base64 JSON `{"last_id":123,"last_value":"..."}` (the shape Shopify's own cursors
// decode to). Paging compares (sort value, id) keys rather than list positions, so a cursor stays
// valid when items are added or removed between pages.
import { GraphQLError } from "graphql";

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

type SortValue = string | number;

interface CursorKey {
  id: number;
  value: SortValue;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify({ last_id: key.id, last_value: key.value })).toString("base64");
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === "number" && (typeof parsed.last_value === "string" || typeof parsed.last_value === "number")) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.value !== b.value) {
    if (typeof a.value === "number" && typeof b.value === "number") return a.value - b.value;
    return String(a.value) < String(b.value) ? -1 : 1;
  }
  return a.id - b.id;
}

export interface ConnectionOptions<T> {
  id: (item: T) => number;
  /** Sort value for the chosen sortKey; omitted = keep the list's own order (positions). */
  sortValue?: (item: T) => SortValue;
  node: (item: T) => object;
}

/** Throws Shopify's error when neither `first` nor `last` is given, or a page is too large. */
export function checkPageArgs(args: ConnectionArgs): void {
  if (args.first == null && args.last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value == null) continue;
    if (value < 0) throw new GraphQLError(`${name} must be non-negative`, { extensions: { code: "BAD_REQUEST" } });
    if (value > MAX_PAGE_SIZE) {
      throw new GraphQLError(`${name} must be less than or equal to ${MAX_PAGE_SIZE} (Shopify's page size limit)`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
}

export function connection<T>(items: readonly T[], args: ConnectionArgs, options: ConnectionOptions<T>) {
  checkPageArgs(args);
  const keyed = items.map((item, index) => ({
    item,
    key: { id: options.id(item), value: options.sortValue ? options.sortValue(item) : index },
  }));
  if (options.sortValue) keyed.sort((a, b) => compareKeys(a.key, b.key));
  const reverse = Boolean(args.reverse);
  if (reverse) keyed.reverse();
  const inOrder = (a: CursorKey, b: CursorKey) => (reverse ? -compareKeys(a, b) : compareKeys(a, b));

  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    const index = keyed.findIndex((entry) => inOrder(entry.key, after) > 0);
    start = index === -1 ? keyed.length : index;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    const index = keyed.findIndex((entry) => inOrder(entry.key, before) >= 0);
    end = Math.max(start, index === -1 ? keyed.length : index);
  }
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);

  const page = keyed.slice(start, end);
  const edges = page.map((entry) => ({ cursor: encodeCursor(entry.key), node: options.node(entry.item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: end < keyed.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Shopify's `Count` object. */
export function count(value: number, limit?: number | null) {
  if (limit != null && value > limit) return { count: limit, precision: "AT_LEAST" };
  return { count: value, precision: "EXACT" };
}
