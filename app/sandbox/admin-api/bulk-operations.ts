// Bulk query operations (`bulkOperationRunQuery`, `bulkOperationCancel`, `bulkOperation`,
// `bulkOperations`, `currentBulkOperation`, `node` on BulkOperation), run as Shopify runs them:
//
//   - The inner query is validated against the real schema and Shopify's bulk rules, with the
//     userErrors Shopify sends (wording as captured from live 2026-04 stores): at least one
//     connection, at most 5, nesting depth at most 2, `edges { node }` only (Shopify rejects
//     `nodes` in bulk queries), no top-level `node`, no connection inside a list field, the parent
//     node of a nested connection selects `id` without an alias.
//   - From API 2026-01 an app may run 5 bulk query operations at once per shop (1 before); one
//     more answers OPERATION_IN_PROGRESS listing the running ids.
//   - The operation is CREATED, then RUNNING: each tick fetches one page of root objects (with
//     their nested connections, all pages) through the sandbox's own resolvers, so objectCount and
//     rootObjectCount grow while it runs; then COMPLETED with `url` pointing at the sandbox itself
//     (`<publicUrl>/sandbox-files/bulk/<id>.jsonl`, no auth, like Shopify's signed storage URL).
//     `first`/`last`/`after`/`before` in the inner query are ignored, as at Shopify.
//   - JSONL like Shopify's: one line per connection node; a nested connection's nodes are their own
//     lines with `"__parentId"` (last key) and come after their parent; other nested objects stay
//     inline. With `groupObjects: true` (default false since 2025-10) every parent is followed
//     directly by its children; without it the sandbox writes a page of parents, then their
//     children, so code that assumes grouping without asking for it breaks here as it can at
//     Shopify.
//   - A completed operation that found nothing has `url: null` and `fileSize: null` (what
//     developers report Shopify answering for an empty export).
//   - Cancel: CANCELING at once, CANCELED on the next tick (counters kept, no url).
//   - Faults (reliability tests): a share of operations, or one on request, ends FAILED with an
//     errorCode and `partialDataUrl` holding what was written before.
// Results stay in memory, per operation, for the life of the handler.
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { connection, MAX_PAGE_SIZE, type ConnectionArgs } from "./connection";
import { nowIso, type AdminApiContext, type UserError } from "./context";
import { gidOf, parseAnyGid } from "./ids";
import { applySearch, matchDate, matchExact, matchId, type SearchSpec, type SearchTerm } from "./search";
import { sortValueFor } from "./sorting";
import { parseAndValidate } from "./validation";

// ---- options and records ----------------------------------------------------------------------

export type BulkOperationStatus = "CREATED" | "RUNNING" | "CANCELING" | "CANCELED" | "COMPLETED" | "FAILED" | "EXPIRED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
export type BulkOperationType = "QUERY" | "MUTATION";

export interface BulkFaultOptions {
  /** Share (0..1) of bulk operations that end FAILED. */
  rate: number;
  random?: () => number;
  /** Default INTERNAL_SERVER_ERROR. */
  errorCode?: Exclude<BulkOperationErrorCode, "ACCESS_DENIED">;
  /** Pages of root objects written before the failure (default 1); they are at `partialDataUrl`. */
  afterPages?: number;
}

export interface BulkOperationOptions {
  /** Root objects fetched per tick while RUNNING, 1..250 (default 250, Shopify's page size). */
  rootObjectsPerTick?: number;
  /** How long an operation stays CREATED before it starts RUNNING (default 200 ms). */
  startDelayMs?: number;
  /** Pause between two ticks while RUNNING (default 100 ms), so progress can be watched. */
  tickDelayMs?: number;
  /** Bulk query operations one shop may run at once (default Shopify's: 5 from API 2026-01, else 1). */
  maxConcurrentQueries?: number;
  /** Make operations fail (reliability tests). Off by default. */
  faults?: BulkFaultOptions;
  /** Where the sandbox reports why an operation failed (default console.warn). */
  log?: (message: string) => void;
}

export interface BulkOperationRecord {
  id: number;
  gid: string;
  shop: string;
  type: BulkOperationType;
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  query: string;
  groupObjects: boolean;
  /** JSONL lines written so far (without their newline). */
  lines: string[];
  /** Where `url` / `partialDataUrl` point (`<publicUrl>/sandbox-files/bulk/<id>.jsonl`). */
  fileUrl: string;
  /** Sandbox-only: why a FAILED operation failed (not part of Shopify's API). */
  failureDetail: string | null;
}

/** What the GraphQL root fields need from the handler for one request. */
export interface BulkOperationEnvironment {
  registry: BulkOperationRegistry;
  schema: GraphQLSchema;
  /** Origin the JSONL files are served from (the sandbox's public URL). */
  publicUrl: string;
  /** Runs an operation through the sandbox resolvers (no cost, no throttling). */
  execute: (document: DocumentNode, context: AdminApiContext) => Promise<ExecutionResult>;
}

const environments = new WeakMap<AdminApiContext, BulkOperationEnvironment>();

/** Called by the handler for each GraphQL request, so the bulk root fields can reach the registry. */
export function attachBulkOperationEnvironment(context: AdminApiContext, environment: BulkOperationEnvironment): void {
  environments.set(context, environment);
}

function environmentOf(context: AdminApiContext): BulkOperationEnvironment {
  const environment = environments.get(context);
  if (!environment) {
    throw new GraphQLError("The Encore sandbox runs bulk operations only through its Admin API handler (createAdminApiHandler)", {
      extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
    });
  }
  return environment;
}

const DEFAULT_START_DELAY_MS = 200;
const DEFAULT_TICK_DELAY_MS = 100;
const ACTIVE: ReadonlySet<BulkOperationStatus> = new Set(["CREATED", "RUNNING", "CANCELING"]);
const TERMINAL: ReadonlySet<BulkOperationStatus> = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

export const BULK_FILE_PATH = /^\/sandbox-files\/bulk\/(\d+)\.jsonl$/;

function fileContent(record: BulkOperationRecord): string {
  return record.lines.length ? `${record.lines.join("\n")}\n` : "";
}

/** The BulkOperation object as the schema shows it (a snapshot: polling reads it again). */
export function bulkOperationNode(record: BulkOperationRecord) {
  const hasFile = record.objectCount > 0;
  const completed = record.status === "COMPLETED";
  return {
    __typename: "BulkOperation",
    id: record.gid,
    status: record.status,
    type: record.type,
    errorCode: record.errorCode,
    createdAt: record.createdAt,
    completedAt: record.completedAt,
    objectCount: String(record.objectCount),
    rootObjectCount: String(record.rootObjectCount),
    fileSize: completed && hasFile ? String(Buffer.byteLength(fileContent(record))) : null,
    url: completed && hasFile ? record.fileUrl : null,
    partialDataUrl: record.status === "FAILED" && hasFile ? record.fileUrl : null,
    query: record.query,
  };
}

// ---- inner query analysis ----------------------------------------------------------------------

type PathStep = FieldNode | InlineFragmentNode;

/** One connection of the bulk query, with the connections nested in its nodes. */
interface ConnectionPlan {
  name: string;
  field: FieldNode;
  /** From the enclosing selection set (operation root, or the parent connection's node) to `field`. */
  steps: PathStep[];
  /** Response keys along `steps` (inline fragments add none); the last one is the connection's. */
  keyPath: string[];
  nodeType: GraphQLNamedType;
  nodeSelections: SelectionNode[];
  children: ConnectionPlan[];
  depth: number;
  nodeHasUnaliasedId: boolean;
}

interface BulkQueryPlan {
  operation: OperationDefinitionNode;
  roots: ConnectionPlan[];
}

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;

function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields && "pageInfo" in fields;
}

function isListOutput(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function fieldDefinition(parentType: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | null {
  if (!isObjectType(parentType) && !isInterfaceType(parentType)) return null;
  return parentType.getFields()[name] ?? null;
}

/** Replaces fragment spreads by inline fragments; every selection node of the result is a new object. */
function inlineFragments(document: DocumentNode, operation: OperationDefinitionNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const copySet = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    kind: Kind.SELECTION_SET,
    selections: selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) throw new Error(`unknown fragment ${selection.name.value}`); // validation prevents it
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: selection.directives,
          selectionSet: copySet(fragment.selectionSet),
        };
      }
      if (selection.selectionSet) return { ...selection, selectionSet: copySet(selection.selectionSet) } as SelectionNode;
      return { ...selection };
    }),
  });
  return { ...operation, selectionSet: copySet(operation.selectionSet) };
}

/** The selections under every `edges { node { ... } }` of a connection field. */
function edgeNodeSelections(field: FieldNode): SelectionNode[] {
  const selections: SelectionNode[] = [];
  for (const edges of field.selectionSet?.selections ?? []) {
    if (edges.kind !== Kind.FIELD || edges.name.value !== "edges") continue;
    for (const node of edges.selectionSet?.selections ?? []) {
      if (node.kind === Kind.FIELD && node.name.value === "node") selections.push(...(node.selectionSet?.selections ?? []));
    }
  }
  return selections;
}

function selectsField(field: FieldNode, name: string): boolean {
  return (field.selectionSet?.selections ?? []).some((s) => s.kind === Kind.FIELD && s.name.value === name);
}

interface Analysis {
  connectionCount: number;
  maxDepth: number;
  topLevelNodeFields: string[];
  connectionWithinList: boolean;
  nodesConnectionFields: string[];
  withoutParentId: string[];
  roots: ConnectionPlan[];
}

function analyze(schema: GraphQLSchema, operation: OperationDefinitionNode): Analysis {
  const analysis: Analysis = {
    connectionCount: 0,
    maxDepth: 0,
    topLevelNodeFields: [],
    connectionWithinList: false,
    nodesConnectionFields: [],
    withoutParentId: [],
    roots: [],
  };
  const pushUnique = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  interface Walk {
    parent: ConnectionPlan | null;
    listDepth: number;
    steps: PathStep[];
    keyPath: string[];
  }
  const walk = (selections: readonly SelectionNode[], parentType: GraphQLNamedType, at: Walk) => {
    for (const selection of selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? parentType : parentType;
        walk(selection.selectionSet.selections, type, { ...at, steps: [...at.steps, selection] });
        continue;
      }
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith("__")) continue;
      const definition = fieldDefinition(parentType, selection.name.value);
      if (!definition) continue;
      const type = getNamedType(definition.type);
      if (isLeafType(type) || !selection.selectionSet) continue;
      const name = selection.name.value;
      if (!isConnectionType(type)) {
        walk(selection.selectionSet.selections, type, {
          ...at,
          listDepth: at.listDepth + (isListOutput(definition.type) ? 1 : 0),
          steps: [...at.steps, selection],
          keyPath: [...at.keyPath, responseKey(selection)],
        });
        continue;
      }
      if (!selectsField(selection, "edges")) {
        if (selectsField(selection, "nodes")) pushUnique(analysis.nodesConnectionFields, name);
        continue;
      }
      analysis.connectionCount += 1;
      const depth = (at.parent?.depth ?? 0) + 1;
      analysis.maxDepth = Math.max(analysis.maxDepth, depth);
      if (at.listDepth > 0) analysis.connectionWithinList = true;
      if (at.parent && !at.parent.nodeHasUnaliasedId) pushUnique(analysis.withoutParentId, at.parent.name);
      const edgeType = getNamedType(type.getFields().edges.type);
      const nodeType = isObjectType(edgeType) && edgeType.getFields().node ? getNamedType(edgeType.getFields().node.type) : edgeType;
      const nodeSelections = edgeNodeSelections(selection);
      const plan: ConnectionPlan = {
        name,
        field: selection,
        steps: [...at.steps, selection],
        keyPath: [...at.keyPath, responseKey(selection)],
        nodeType,
        nodeSelections,
        children: [],
        depth,
        nodeHasUnaliasedId: nodeSelections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias && !s.selectionSet),
      };
      if (at.parent) at.parent.children.push(plan);
      else analysis.roots.push(plan);
      walk(nodeSelections, nodeType, { parent: plan, listDepth: at.listDepth, steps: [], keyPath: [] });
    }
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && (selection.name.value === "node" || selection.name.value === "nodes")) {
      pushUnique(analysis.topLevelNodeFields, selection.name.value);
    }
  }
  const queryType = schema.getQueryType();
  if (queryType) walk(operation.selectionSet.selections, queryType, { parent: null, listDepth: 0, steps: [], keyPath: [] });
  return analysis;
}

const invalid = (message: string): UserError => ({ field: ["query"], message, code: "INVALID" });

/** Shopify's userErrors for a bulk query, or the plan to run it. */
export function planBulkQuery(schema: GraphQLSchema, query: string): { plan: BulkQueryPlan } | { userErrors: UserError[] } {
  const parsed = parseAndValidate(schema, query);
  if ("errors" in parsed) {
    return {
      userErrors: parsed.errors.map((error) => {
        if (error.extensions?.code !== "PARSE_ERROR") return invalid(`Invalid bulk query: ${error.message}`);
        // graphql-ruby says "end of file" where graphql-js says <EOF>; an empty query has no location.
        let message = error.message.replace("<EOF>", "end of file");
        if (!query.trim()) message = message.replace(/ at \[\d+, \d+\]$/, "");
        return invalid(`Invalid bulk query: ${message}`);
      }),
    };
  }
  const operations = parsed.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    return { userErrors: [invalid("Invalid bulk query: Must provide operation name if query contains multiple operations.")] };
  }
  if (operations[0].operation !== "query") {
    return { userErrors: [invalid("Invalid operation type. Only `query` operations are supported.")] };
  }
  // Re-parse without locations: the plan copies AST nodes around.
  const document = parse(query, { noLocation: true });
  const operation = inlineFragments(
    document,
    document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode,
  );
  const analysis = analyze(schema, operation);
  const errors: UserError[] = [];
  if (analysis.nodesConnectionFields.length) {
    const [first] = analysis.nodesConnectionFields;
    errors.push(
      invalid(
        `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${first} { edges { node {'. ` +
          `Selecting via 'nodes' is not supported. Invalid connection fields: ${analysis.nodesConnectionFields.map((n) => `'${n}'`).join(", ")}.`,
      ),
    );
  }
  for (const name of analysis.topLevelNodeFields) errors.push(invalid(`Bulk queries cannot contain a top level \`${name}\` field.`));
  if (analysis.maxDepth > 2) errors.push(invalid("Bulk queries cannot contain connections with a nesting depth greater than 2."));
  if (analysis.connectionCount > 5) errors.push(invalid("Bulk queries cannot contain more than 5 connections."));
  if (analysis.withoutParentId.length) {
    errors.push(
      invalid(
        "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. " +
          `Connection fields without 'id': ${analysis.withoutParentId.join(", ")}.`,
      ),
    );
  }
  if (analysis.connectionWithinList) errors.push(invalid("Queries that contain a connection field within a list field are not currently supported."));
  if (analysis.connectionCount === 0 && (errors.length === 0 || errors.length === analysis.topLevelNodeFields.length)) {
    errors.push(invalid("Bulk queries must contain at least one connection."));
  }
  if (errors.length) return { userErrors: errors };
  return { plan: { operation, roots: analysis.roots } };
}

// ---- paging queries ----------------------------------------------------------------------------

const PAGE_INFO_KEY = "_bulkPageInfo";
const NODE_KEY = "_bulkNode";
const PAGINATION_ARGS = new Set(["first", "last", "after", "before"]);

const nameNode = (value: string) => ({ kind: Kind.NAME, value }) as const;

function leafField(name: string): FieldNode {
  return { kind: Kind.FIELD, name: nameNode(name) };
}

function selectionSet(selections: SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

/** The connection field with Shopify's page size, `after`, and a pageInfo the sandbox reads. */
function pageField(plan: ConnectionPlan, pageSize: number, after: string | null): FieldNode {
  const args: ArgumentNode[] = (plan.field.arguments ?? []).filter((arg) => !PAGINATION_ARGS.has(arg.name.value));
  args.push({ kind: Kind.ARGUMENT, name: nameNode("first"), value: { kind: Kind.INT, value: String(pageSize) } });
  if (after) args.push({ kind: Kind.ARGUMENT, name: nameNode("after"), value: { kind: Kind.STRING, value: after } });
  const children = new Map(plan.children.map((child) => [child.field, child]));
  const mapSelections = (selections: readonly SelectionNode[]): SelectionNode[] =>
    selections.map((selection) => {
      if (selection.kind === Kind.FIELD && children.has(selection)) return pageField(children.get(selection) as ConnectionPlan, MAX_PAGE_SIZE, null);
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) {
        return { ...selection, selectionSet: selectionSet(mapSelections(selection.selectionSet.selections)) } as SelectionNode;
      }
      return selection;
    });
  return {
    ...plan.field,
    arguments: args,
    selectionSet: selectionSet([
      { ...leafField("edges"), selectionSet: selectionSet([{ ...leafField("node"), selectionSet: selectionSet(mapSelections(plan.nodeSelections)) }]) },
      { ...leafField("pageInfo"), alias: nameNode(PAGE_INFO_KEY), selectionSet: selectionSet([leafField("hasNextPage"), leafField("endCursor")]) },
    ]),
  };
}

/** `steps` with only the branch that leads to `leaf`. */
function pruneAlong(steps: PathStep[], leaf: FieldNode): SelectionNode[] {
  if (steps.length === 1) return [leaf];
  const [step, ...rest] = steps;
  return [{ ...step, selectionSet: selectionSet(pruneAlong(rest, leaf)) } as SelectionNode];
}

function documentOf(operation: OperationDefinitionNode, selections: SelectionNode[]): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, name: undefined, selectionSet: selectionSet(selections) }] };
}

/** Next page of a root connection. */
function rootPageDocument(operation: OperationDefinitionNode, plan: ConnectionPlan, pageSize: number, after: string | null): DocumentNode {
  return documentOf(operation, pruneAlong(plan.steps, pageField(plan, pageSize, after)));
}

/** Next page of a nested connection, read again through `node(id:)` of its parent. */
function nestedPageDocument(operation: OperationDefinitionNode, plan: ConnectionPlan, parent: ConnectionPlan, parentId: string, after: string): DocumentNode {
  const typeCondition = { kind: Kind.NAMED_TYPE, name: nameNode(parent.nodeType.name) } as const;
  const inline: InlineFragmentNode = {
    kind: Kind.INLINE_FRAGMENT,
    typeCondition,
    selectionSet: selectionSet(pruneAlong(plan.steps, pageField(plan, MAX_PAGE_SIZE, after))),
  };
  const node: FieldNode = {
    ...leafField("node"),
    alias: nameNode(NODE_KEY),
    arguments: [{ kind: Kind.ARGUMENT, name: nameNode("id"), value: { kind: Kind.STRING, value: parentId } }],
    selectionSet: selectionSet([inline]),
  };
  return documentOf(operation, [node]);
}

// ---- result rows -------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;

interface ConnectionResult {
  edges?: { node: JsonObject | null }[];
  [PAGE_INFO_KEY]?: { hasNextPage: boolean; endCursor: string | null };
}

function valueAt(object: unknown, keyPath: string[]): unknown {
  let current = object;
  for (const key of keyPath) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as JsonObject)[key];
  }
  return current;
}

/** A copy of `object` without the values at `keyPaths` (copies only what it changes). */
function without(object: JsonObject, keyPaths: string[][]): JsonObject {
  const copy: JsonObject = { ...object };
  for (const keyPath of keyPaths) {
    const [key, ...rest] = keyPath;
    if (!(key in copy)) continue;
    if (rest.length === 0) delete copy[key];
    else if (copy[key] && typeof copy[key] === "object") copy[key] = without(copy[key] as JsonObject, [rest]);
  }
  return copy;
}

class BulkExecutionError extends Error {
  constructor(
    readonly errorCode: BulkOperationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---- registry ----------------------------------------------------------------------------------

interface Runner {
  plan: BulkQueryPlan;
  environment: BulkOperationEnvironment;
  context: AdminApiContext;
  rootIndex: number;
  cursor: string | null;
  pagesDone: number;
  failAfterPages: number | null;
  failWith: Exclude<BulkOperationErrorCode, "ACCESS_DENIED"> | null;
  timer: ReturnType<typeof setTimeout> | null;
  settled: Promise<BulkOperationRecord>;
  resolve: (record: BulkOperationRecord) => void;
}

export interface BulkOperationsListArgs extends ConnectionArgs {
  query?: string | null;
  sortKey?: string | null;
}

/** Bulk operations of every shop the handler serves, their runs and their JSONL files. */
export class BulkOperationRegistry {
  private readonly records = new Map<number, BulkOperationRecord>();
  private readonly runners = new Map<number, Runner>();
  private nextId = 1;

  constructor(private readonly options: BulkOperationOptions = {}) {}

  private get rootObjectsPerTick(): number {
    return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(this.options.rootObjectsPerTick ?? MAX_PAGE_SIZE)));
  }

  private log(message: string): void {
    (this.options.log ?? ((text: string) => console.warn(`[sandbox bulk] ${text}`)))(message);
  }

  /** Shopify's concurrency limit for bulk queries: 5 from API version 2026-01, 1 before. */
  maxConcurrentQueries(apiVersion: string): number {
    return this.options.maxConcurrentQueries ?? (apiVersion >= "2026-01" ? 5 : 1);
  }

  get(id: number): BulkOperationRecord | undefined {
    return this.records.get(id);
  }

  /** The operation of `shop` with this gid, or null (another resource's gid is an error, as at Shopify). */
  find(gid: string, shop: string): BulkOperationRecord | null {
    const { resource, id } = parseAnyGid(gid);
    if (resource !== "BulkOperation") return null;
    const record = this.records.get(id);
    return record && record.shop === shop ? record : null;
  }

  forShop(shop: string): BulkOperationRecord[] {
    return [...this.records.values()].filter((record) => record.shop === shop);
  }

  /** Resolves when the operation reaches COMPLETED, FAILED or CANCELED. */
  settled(gid: string): Promise<BulkOperationRecord> {
    const { id } = parseAnyGid(gid);
    const runner = this.runners.get(id);
    if (runner) return runner.settled;
    const record = this.records.get(id);
    return record ? Promise.resolve(record) : Promise.reject(new Error(`no bulk operation ${gid}`));
  }

  /** The JSONL of a COMPLETED operation, or the partial data of a FAILED one. */
  file(id: number): string | null {
    const record = this.records.get(id);
    if (!record || record.objectCount === 0 || (record.status !== "COMPLETED" && record.status !== "FAILED")) return null;
    return fileContent(record);
  }

  /** Fault hook: the running operation ends FAILED with `errorCode` on its next tick. */
  fail(gid: string, errorCode: Exclude<BulkOperationErrorCode, "ACCESS_DENIED"> = "INTERNAL_SERVER_ERROR"): void {
    const runner = this.runners.get(parseAnyGid(gid).id);
    if (runner) {
      runner.failWith = errorCode;
      runner.failAfterPages = 0;
    }
  }

  /** Stops every timer (the records stay readable). */
  dispose(): void {
    for (const runner of this.runners.values()) if (runner.timer) clearTimeout(runner.timer);
  }

  run(query: string, groupObjects: boolean, context: AdminApiContext, environment: BulkOperationEnvironment) {
    const shop = context.store.state.shop.domain;
    const planned = planBulkQuery(environment.schema, query);
    if ("userErrors" in planned) return { bulkOperation: null, userErrors: planned.userErrors };

    const running = this.forShop(shop).filter((record) => record.type === "QUERY" && ACTIVE.has(record.status));
    if (running.length >= this.maxConcurrentQueries(context.apiVersion)) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: `A bulk query operation for this app and shop is already in progress: ${running.map((r) => r.gid).join(", ")}.`,
            code: "OPERATION_IN_PROGRESS",
          },
        ],
      };
    }

    const id = this.nextId++;
    const record: BulkOperationRecord = {
      id,
      gid: gidOf("BulkOperation", id),
      shop,
      type: "QUERY",
      status: "CREATED",
      errorCode: null,
      createdAt: nowIso(context),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      query,
      groupObjects,
      lines: [],
      fileUrl: `${environment.publicUrl.replace(/\/+$/, "")}/sandbox-files/bulk/${id}.jsonl`,
      failureDetail: null,
    };
    this.records.set(id, record);

    const faults = this.options.faults;
    const failing = faults && faults.rate > 0 && (faults.random ?? Math.random)() < faults.rate;
    let resolve: (record: BulkOperationRecord) => void = () => {};
    const settled = new Promise<BulkOperationRecord>((r) => (resolve = r));
    const runner: Runner = {
      plan: planned.plan,
      environment,
      context,
      rootIndex: 0,
      cursor: null,
      pagesDone: 0,
      failAfterPages: failing ? Math.max(0, faults.afterPages ?? 1) : null,
      failWith: failing ? faults.errorCode ?? "INTERNAL_SERVER_ERROR" : null,
      timer: null,
      settled,
      resolve,
    };
    this.runners.set(id, runner);
    this.schedule(record, runner, this.options.startDelayMs ?? DEFAULT_START_DELAY_MS);
    return { bulkOperation: bulkOperationNode(record), userErrors: [] };
  }

  cancel(gid: string, shop: string) {
    const record = this.find(gid, shop);
    if (!record) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (TERMINAL.has(record.status)) {
      return {
        bulkOperation: bulkOperationNode(record),
        userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}` }],
      };
    }
    record.status = "CANCELING";
    return { bulkOperation: bulkOperationNode(record), userErrors: [] };
  }

  private schedule(record: BulkOperationRecord, runner: Runner, delayMs: number): void {
    const timer = setTimeout(() => {
      runner.timer = null;
      void this.tick(record, runner);
    }, delayMs);
    // Bulk timers alone must not keep the sandbox process alive.
    (timer as unknown as { unref?: () => void }).unref?.();
    runner.timer = timer;
  }

  private finish(record: BulkOperationRecord, runner: Runner, status: "COMPLETED" | "FAILED" | "CANCELED"): void {
    record.status = status;
    if (status === "COMPLETED") record.completedAt = nowIso(runner.context);
    this.runners.delete(record.id);
    runner.resolve(record);
  }

  private async tick(record: BulkOperationRecord, runner: Runner): Promise<void> {
    if (record.status === "CANCELING") return this.finish(record, runner, "CANCELED");
    if (record.status === "CREATED") {
      record.status = "RUNNING";
      return this.schedule(record, runner, this.options.tickDelayMs ?? DEFAULT_TICK_DELAY_MS);
    }
    if (runner.failAfterPages !== null && runner.pagesDone >= runner.failAfterPages) {
      record.errorCode = runner.failWith ?? "INTERNAL_SERVER_ERROR";
      record.failureDetail = "failed on purpose (sandbox bulk fault injection)";
      return this.finish(record, runner, "FAILED");
    }
    try {
      const more = await this.processPage(record, runner);
      // A cancel that arrived while the page ran wins over completion (the status changed meanwhile).
      if ((record.status as BulkOperationStatus) === "CANCELING") return this.finish(record, runner, "CANCELED");
      if (!more) return this.finish(record, runner, "COMPLETED");
      this.schedule(record, runner, this.options.tickDelayMs ?? DEFAULT_TICK_DELAY_MS);
    } catch (error) {
      const failure = error instanceof BulkExecutionError ? error : new BulkExecutionError("INTERNAL_SERVER_ERROR", String(error));
      record.errorCode = failure.errorCode;
      record.failureDetail = failure.message;
      this.log(`${record.gid} FAILED (${failure.errorCode}): ${failure.message}`);
      this.finish(record, runner, "FAILED");
    }
  }

  private async executePage(runner: Runner, document: DocumentNode): Promise<JsonObject> {
    const context: AdminApiContext = {
      store: runner.context.store,
      apiVersion: runner.context.apiVersion,
      scopes: runner.context.scopes,
      now: runner.context.now,
      searchWarnings: [],
    };
    const result = await runner.environment.execute(document, context);
    if (result.errors?.length) {
      const denied = result.errors.some((error) => error.extensions?.code === "ACCESS_DENIED");
      throw new BulkExecutionError(denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR", result.errors.map((e) => e.message).join("; "));
    }
    return (result.data ?? {}) as JsonObject;
  }

  /** Fetches one page of the current root connection and writes its lines; false when all is done. */
  private async processPage(record: BulkOperationRecord, runner: Runner): Promise<boolean> {
    const { plan } = runner;
    const root = plan.roots[runner.rootIndex];
    if (!root) return false;
    const data = await this.executePage(runner, rootPageDocument(plan.operation, root, this.rootObjectsPerTick, runner.cursor));
    const page = valueAt(data, root.keyPath) as ConnectionResult | null | undefined;

    const groups: string[][] = [];
    for (const edge of page?.edges ?? []) {
      if (!edge.node) continue;
      const group: string[] = [];
      await this.writeNode(runner, root, edge.node, null, group);
      groups.push(group);
    }
    // Grouped: each parent then its children. Not grouped: the page's parents, then their children.
    const lines = record.groupObjects ? groups.flat() : [...groups.map((g) => g[0]), ...groups.flatMap((g) => g.slice(1))];
    record.lines.push(...lines);
    record.objectCount += lines.length;
    record.rootObjectCount += groups.length;
    runner.pagesDone += 1;

    const pageInfo = page?.[PAGE_INFO_KEY];
    if (pageInfo?.hasNextPage && pageInfo.endCursor) {
      runner.cursor = pageInfo.endCursor;
    } else {
      runner.rootIndex += 1;
      runner.cursor = null;
    }
    return runner.rootIndex < plan.roots.length;
  }

  /** One node's line, then the lines of its nested connections (every page of them). */
  private async writeNode(runner: Runner, plan: ConnectionPlan, node: JsonObject, parentId: string | null, out: string[]): Promise<void> {
    const row = without(node, plan.children.map((child) => child.keyPath));
    if (parentId !== null) row.__parentId = parentId;
    out.push(JSON.stringify(row));
    const id = typeof node.id === "string" ? node.id : null;
    for (const child of plan.children) {
      let result = valueAt(node, child.keyPath) as ConnectionResult | null | undefined;
      while (result) {
        for (const edge of result.edges ?? []) {
          if (edge.node) await this.writeNode(runner, child, edge.node, id, out);
        }
        const pageInfo = result[PAGE_INFO_KEY];
        if (!pageInfo?.hasNextPage || !pageInfo.endCursor || id === null) break;
        const data = await this.executePage(runner, nestedPageDocument(runner.plan.operation, child, plan, id, pageInfo.endCursor));
        result = valueAt(data[NODE_KEY], child.keyPath) as ConnectionResult | null | undefined;
      }
    }
  }
}

// ---- GraphQL root fields -----------------------------------------------------------------------

function shopOf(context: AdminApiContext): string {
  return context.store.state.shop.domain;
}

const BULK_SEARCH: SearchSpec<BulkOperationRecord> = {
  fields: {
    created_at: (record: BulkOperationRecord, term: SearchTerm) => {
      const result = matchDate(record.createdAt, term);
      if (typeof result === "object") {
        throw new GraphQLError("Invalid timestamp for query filter `created_at`.", { extensions: { code: "BAD_REQUEST" } });
      }
      return result;
    },
    id: (record, term) => matchId(record.id, term),
    operation_type: (record, term) => matchExact(record.type, term),
    status: (record, term) => matchExact(record.status, term),
  },
  freeText: () => true,
};

/** `bulkOperation(id:)`, also used by `node(id:)`. */
export function bulkOperationById(gid: string, context: AdminApiContext) {
  const record = environmentOf(context).registry.find(gid, shopOf(context));
  return record ? bulkOperationNode(record) : null;
}

export function bulkOperationRootFields() {
  return {
    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects?: boolean | null }, context: AdminApiContext) => {
      const environment = environmentOf(context);
      return environment.registry.run(query, Boolean(groupObjects), context, environment);
    },
    bulkOperationCancel: ({ id }: { id: string }, context: AdminApiContext) => environmentOf(context).registry.cancel(id, shopOf(context)),
    bulkOperation: ({ id }: { id: string }, context: AdminApiContext) => {
      if (parseAnyGid(id).resource !== "BulkOperation") {
        throw new GraphQLError(`Invalid id: ${id}`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
      }
      return bulkOperationById(id, context);
    },
    currentBulkOperation: ({ type }: { type?: BulkOperationType | null }, context: AdminApiContext) => {
      const wanted = type ?? "QUERY";
      const records = environmentOf(context).registry.forShop(shopOf(context)).filter((record) => record.type === wanted);
      const latest = records[records.length - 1];
      return latest ? bulkOperationNode(latest) : null;
    },
    bulkOperations: (args: BulkOperationsListArgs, context: AdminApiContext) => {
      if (args.first != null && args.last != null) {
        throw new GraphQLError("providing both first and last is not supported", { extensions: { code: "BAD_REQUEST" } });
      }
      const records = applySearch(environmentOf(context).registry.forShop(shopOf(context)), args.query, BULK_SEARCH, context, ["bulkOperations"]);
      // Newest first unless `reverse`; operations never completed sort last (first when reversed).
      const sortValue = sortValueFor<BulkOperationRecord>(
        "bulkOperations",
        args.sortKey,
        {
          CREATED_AT: (record) => -record.id,
          COMPLETED_AT: (record) => (record.completedAt ? -Date.parse(record.completedAt) : 0),
        },
        "CREATED_AT",
      );
      return connection(records, args, { id: (record) => record.id, sortValue, node: bulkOperationNode });
    },
  };
}

// ---- JSONL download ----------------------------------------------------------------------------

/** GET <publicUrl>/sandbox-files/bulk/<id>.jsonl: the result file, no auth (a signed URL at Shopify). */
export function bulkFileResponse(registry: BulkOperationRegistry, request: Request): Response | null {
  const match = BULK_FILE_PATH.exec(new URL(request.url).pathname);
  if (!match) return null;
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method Not Allowed", { status: 405, headers: { Allow: "GET, HEAD" } });
  }
  const content = registry.file(Number(match[1]));
  if (content === null) return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain" } });
  return new Response(request.method === "HEAD" ? null : content, {
    status: 200,
    headers: {
      "Content-Type": "application/jsonl",
      "Content-Length": String(Buffer.byteLength(content)),
      "Content-Disposition": `attachment; filename="bulk-${match[1]}.jsonl"; filename*=UTF-8''bulk-${match[1]}.jsonl`,
    },
  });
}

