// sortKey arguments: each list field maps the keys it supports to a sort value.
import { GraphQLError } from "graphql";

export type SortValueFn<T> = (item: T) => string | number;

export function sortValueFor<T>(
  fieldPath: string,
  sortKey: string | null | undefined,
  supported: Record<string, SortValueFn<T>>,
  defaultKey: string,
): SortValueFn<T> {
  const key = sortKey ?? defaultKey;
  const fn = supported[key];
  if (!fn) {
    throw new GraphQLError(
      `The Encore sandbox does not implement sortKey ${key} for ${fieldPath} (supported: ${Object.keys(supported).join(", ")}; add it in app/sandbox/admin-api/)`,
      { extensions: { code: "SANDBOX_NOT_IMPLEMENTED" } },
    );
  }
  return fn;
}

/** ISO timestamps sort correctly as strings; null sorts first. */
export function timeValue(iso: string | null | undefined): string {
  return iso ?? "";
}
