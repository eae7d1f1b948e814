// tagsAdd / tagsRemove on products, customers and orders.
import type { SandboxStore } from "../store/store";
import { nowIso, requireScope, type AdminApiContext, type UpdatedResource, type UserError } from "./context";
import { customerNode } from "./customers";
import { parseAnyGid } from "./ids";
import { orderNode } from "./orders";
import { productNode } from "./products";

export const TAG_MAX_LENGTH = 255;
export const MAX_TAGS = 250;

/** Shopify accepts ["a", "b"] or ["a, b"]: split on commas, trim, drop blanks and case-insensitive repeats. */
export function normalizeTags(input: readonly string[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const tag of input.flatMap((entry) => entry.split(","))) {
    const trimmed = tag.trim();
    if (!trimmed || seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    tags.push(trimmed);
  }
  return tags;
}

interface Taggable {
  resource: UpdatedResource;
  id: number;
  tags: string[];
  updatedAt: string;
}

const WRITE_SCOPE: Record<string, string> = { Product: "write_products", Customer: "write_customers", Order: "write_orders" };

function findTaggable(store: SandboxStore, resource: string, id: number): Taggable | null {
  const found = resource === "Product" ? store.product(id) : resource === "Customer" ? store.customer(id) : resource === "Order" ? store.order(id) : null;
  if (!found) return null;
  return {
    resource: resource as UpdatedResource,
    id,
    get tags() {
      return found.tags;
    },
    set tags(tags: string[]) {
      found.tags = tags;
    },
    get updatedAt() {
      return found.updatedAt;
    },
    set updatedAt(value: string) {
      found.updatedAt = value;
    },
  };
}

function nodeFor(store: SandboxStore, resource: string, id: number) {
  if (resource === "Product") return productNode(store, store.product(id)!);
  if (resource === "Customer") return customerNode(store, store.customer(id)!);
  return orderNode(store, store.order(id)!);
}

export function tagMutations(store: SandboxStore) {
  const change = (mode: "add" | "remove") => ({ id, tags }: { id: string; tags: string[] }, context: AdminApiContext) => {
    const fieldName = mode === "add" ? "tagsAdd" : "tagsRemove";
    const { resource, id: numericId } = parseAnyGid(id);
    const scope = WRITE_SCOPE[resource];
    if (!scope) {
      return { node: null, userErrors: [{ field: ["id"], message: `The Encore sandbox does not support ${fieldName} on ${resource} (products, customers and orders only)` }] };
    }
    requireScope(context, fieldName, scope);
    const target = findTaggable(store, resource, numericId);
    if (!target) return { node: null, userErrors: [{ field: ["id"], message: `${resource} does not exist` }] };

    const requested = normalizeTags(tags);
    const errors: UserError[] = [];
    if (requested.some((tag) => tag.length > TAG_MAX_LENGTH)) {
      errors.push({ field: ["tags"], message: `Tags is too long (maximum is ${TAG_MAX_LENGTH} characters)` });
    }
    let next: string[];
    if (mode === "add") {
      next = normalizeTags([...target.tags, ...requested]);
      if (next.length > MAX_TAGS) errors.push({ field: ["tags"], message: `Tags cannot be more than ${MAX_TAGS}` });
    } else {
      const removing = new Set(requested.map((tag) => tag.toLowerCase()));
      next = target.tags.filter((tag) => !removing.has(tag.toLowerCase()));
    }
    if (errors.length) return { node: null, userErrors: errors };

    if (next.join("\u0000") !== target.tags.join("\u0000")) {
      target.tags = next;
      target.updatedAt = nowIso(context);
      store.changed();
      context.onResourceUpdated?.(target.resource, target.id);
    }
    return { node: nodeFor(store, resource, numericId), userErrors: [] };
  };
  return { tagsAdd: change("add"), tagsRemove: change("remove") };
}
