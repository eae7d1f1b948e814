// Shopify-style query cost and rate limiting for the sandbox Admin API.
//
// Requested cost is computed statically from the operation, following Shopify's documented
// rules (https://shopify.dev/docs/api/usage/limits#cost-calculation) and live responses:
//   - scalar and enum fields: 0
//   - object, interface and union fields: 1 + the cost of their selections
//   - connections (type name ends in "Connection"): 2 + page size (`first`/`last`, 0 if
//     missing) x the cost of one `node` (as selected under `edges { node }` and/or `nodes`);
//     `pageInfo` and `cursor` are free
//   - lists that are not connections: cost of one element x `first` if given, else one element
//   - mutations: 10 per root field; the payload's own fields (e.g. `customer`, `userErrors`)
//     are free but what is selected below them costs as usual (matches Shopify's 10 for
//     `tagsAdd { node { id } userErrors { field } }` and 12 for a payload with two nested objects)
//   - fragments on different concrete types of an abstract field: the most expensive one counts
// Actual cost is reported equal to the requested cost (Shopify refunds the difference when
// fewer items come back; the sandbox does not bother).
//
// The bucket is a leaky bucket per shop: it holds `maximumAvailable` points and refills at
// `restoreRate` points per second. A query that costs more than what is available is refused
// with Shopify's THROTTLED error (HTTP 200); a single query over 1000 points is refused with
// MAX_COST_EXCEEDED whatever the bucket holds.
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;
export const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

// ---- cost calculation -----------------------------------------------------------------------

export function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((op) => op.name?.value === operationName) ?? null;
  return operations.length === 1 ? operations[0] : null;
}

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/** Requested cost of the operation (0 for introspection-only or unknown operations). */
export function calculateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string | null,
): number {
  const operation = findOperation(document, operationName);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const argValue = (node: ValueNode): unknown => valueFromASTUntyped(node, variables);

  const fieldArg = (field: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, name: string): unknown => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    return arg ? argValue(arg.value) : undefined;
  };

  /** Cost of a selection set on `parentType`; fragments on other concrete types count as a max. */
  const selectionCost = (selectionSet: SelectionSetNode | undefined, parentType: GraphQLNamedType): number => {
    if (!selectionSet) return 0;
    let common = 0;
    const byType = new Map<string, number>();
    const addForType = (typeName: string | undefined, cost: number) => {
      if (!typeName || typeName === parentType.name || !isAbstractType(parentType)) common += cost;
      else byType.set(typeName, (byType.get(typeName) ?? 0) + cost);
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        common += fieldCost(selection, parentType);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = (typeName ? schema.getType(typeName) : parentType) ?? parentType;
        addForType(typeName, selectionCost(selection.selectionSet, type));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const typeName = fragment.typeCondition.name.value;
        addForType(typeName, selectionCost(fragment.selectionSet, schema.getType(typeName) ?? parentType));
      }
    }
    return common + Math.max(0, ...byType.values());
  };

  const fieldDefinition = (parentType: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | null => {
    if (!isObjectType(parentType) && !isInterfaceType(parentType)) return null;
    return parentType.getFields()[name] ?? null;
  };

  const fieldCost = (field: FieldNode, parentType: GraphQLNamedType): number => {
    if (field.name.value.startsWith("__")) return 0;
    const definition = fieldDefinition(parentType, field.name.value);
    if (!definition) return 0;
    const namedType = getNamedType(definition.type);
    if (isLeafType(namedType)) return 0;

    if (namedType.name.endsWith("Connection") && isObjectType(namedType)) {
      const pageSize = Number(fieldArg(field, "first") ?? fieldArg(field, "last") ?? 0) || 0;
      return 2 + pageSize * connectionNodeCost(field.selectionSet, namedType);
    }
    const elementCost = 1 + selectionCost(field.selectionSet, namedType);
    if (unwrapList(definition.type)) {
      const first = Number(fieldArg(field, "first"));
      return Number.isFinite(first) && first > 0 ? first * elementCost : elementCost;
    }
    return elementCost;
  };

  /** Cost of one item of a connection: its `node` as selected via `edges { node }` and `nodes`. */
  const connectionNodeCost = (selectionSet: SelectionSetNode | undefined, connectionType: GraphQLNamedType): number => {
    if (!selectionSet || !isObjectType(connectionType)) return 0;
    let cost = 0;
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(selection.name.value);
          if (fragment) visit(fragment.selectionSet);
          continue;
        }
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          visit(selection.selectionSet);
          continue;
        }
        const name = selection.name.value;
        const definition = connectionType.getFields()[name];
        if (!definition) continue;
        if (name === "nodes") {
          cost += 1 + selectionCost(selection.selectionSet, getNamedType(definition.type));
        } else if (name === "edges") {
          const edgeType = getNamedType(definition.type);
          const nodeField = isObjectType(edgeType) ? edgeType.getFields().node : undefined;
          for (const edgeSelection of selection.selectionSet?.selections ?? []) {
            if (edgeSelection.kind === Kind.FIELD && edgeSelection.name.value === "node" && nodeField) {
              cost += 1 + selectionCost(edgeSelection.selectionSet, getNamedType(nodeField.type));
            }
          }
        }
        // pageInfo, totalCount-like scalars: free
      }
    };
    visit(selectionSet);
    return cost;
  };

  if (operation.operation === "mutation") {
    const mutationType = schema.getMutationType();
    if (!mutationType) return 0;
    let total = 0;
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith("__")) continue;
      const definition = mutationType.getFields()[selection.name.value];
      total += MUTATION_COST;
      if (!definition) continue;
      const payloadType = getNamedType(definition.type);
      // The payload's own fields are covered by the 10 points; what hangs below them is not.
      for (const payloadSelection of selection.selectionSet?.selections ?? []) {
        if (payloadSelection.kind !== Kind.FIELD) continue;
        const payloadField = fieldDefinition(payloadType, payloadSelection.name.value);
        if (!payloadField) continue;
        const childType = getNamedType(payloadField.type);
        if (!isLeafType(childType)) total += selectionCost(payloadSelection.selectionSet, childType);
      }
    }
    return total;
  }
  const rootType = operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  return rootType ? selectionCost(operation.selectionSet, rootType) : 0;
}

// ---- leaky bucket -----------------------------------------------------------------------------

export interface BucketOptions {
  maximumAvailable?: number;
  restoreRate?: number;
  now?: () => number;
}

export class LeakyBucket {
  readonly maximumAvailable: number;
  readonly restoreRate: number;
  private readonly now: () => number;
  private available: number;
  private updatedAt: number;

  constructor(options: BucketOptions = {}) {
    this.maximumAvailable = options.maximumAvailable ?? 2000;
    this.restoreRate = options.restoreRate ?? 100;
    this.now = options.now ?? Date.now;
    this.available = this.maximumAvailable;
    this.updatedAt = this.now();
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  /** Takes `cost` points if they are available; returns whether it did. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns points (requested minus actual cost). */
  giveBack(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  /** Empties the bucket (tests and fault injection). */
  drain(): void {
    this.refill();
    this.available = 0;
  }
}

/** One bucket per shop, as at Shopify (per app and shop; the sandbox has one app). */
export class ShopBuckets {
  private readonly buckets = new Map<string, LeakyBucket>();
  constructor(private readonly options: BucketOptions = {}) {}

  forShop(shop: string): LeakyBucket {
    let bucket = this.buckets.get(shop);
    if (!bucket) {
      bucket = new LeakyBucket(this.options);
      this.buckets.set(shop, bucket);
    }
    return bucket;
  }
}

// ---- Shopify's error bodies -----------------------------------------------------------------

export function throttledBody(requestedQueryCost: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } satisfies CostExtension },
  };
}

export function maxCostExceededBody(requestedQueryCost: number, throttleStatus: ThrottleStatus) {
  return {
    errors: [
      {
        message:
          `Query cost is ${requestedQueryCost}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\n` +
          "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
          "cost of a query is calculated.\n\n" +
          "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
          "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
        extensions: { code: "MAX_COST_EXCEEDED", cost: requestedQueryCost, maxCost: SINGLE_QUERY_MAX_COST },
      },
    ],
    extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus } satisfies CostExtension },
  };
}

// ---- fault injection --------------------------------------------------------------------------

export type FaultKind = "throttle" | "500" | "timeout";

/** Makes a share of Admin API calls fail, for reliability tests. Off unless given. */
export interface FaultOptions {
  /** Probability (0..1) that a call fails. */
  rate: number;
  kinds: FaultKind[];
  random?: () => number;
  /** How long a "timeout" call hangs before answering 504 (default 30 s, or until the request is aborted). */
  timeoutMs?: number;
}

export function pickFault(faults: FaultOptions | undefined): FaultKind | null {
  if (!faults || faults.rate <= 0 || faults.kinds.length === 0) return null;
  const random = faults.random ?? Math.random;
  if (random() >= faults.rate) return null;
  return faults.kinds[Math.min(faults.kinds.length - 1, Math.floor(random() * faults.kinds.length))];
}
