// Global ids at the GraphQL edge.
import { GraphQLError } from "graphql";
import type { SandboxResource } from "../store/types";

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

/** The resource name and numeric id of any Shopify gid; Shopify's error for a malformed one. */
export function parseAnyGid(gid: string): { resource: string; id: number } {
  const match = GID_PATTERN.exec(gid);
  if (!match) {
    throw new GraphQLError(`Invalid global id '${gid}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  }
  return { resource: match[1], id: Number(match[2]) };
}

/** Numeric id for a gid of `resource`; null for a well-formed gid of another type (Shopify answers null). */
export function idOf(gid: string, resource: SandboxResource | string): number | null {
  const parsed = parseAnyGid(gid);
  if (parsed.resource !== resource) return null;
  return parsed.id;
}

/** gid for resources that the store's `toGid` does not list (discounts, images, options). */
export function gidOf(resource: string, id: number): string {
  return `gid://shopify/${resource}/${id}`;
}
