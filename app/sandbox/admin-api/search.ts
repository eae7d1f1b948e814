// A subset of Shopify's search syntax for the `query` argument of list fields:
//   title:shirt  tag:vip  -tag:vip  status:active  created_at:>=2025-01-01
//   updated_at:>'2025-01-01T10:00:00Z'  financial_status:paid  customer_id:123  "free text"
//   a OR b   (AND is implicit; the word AND is accepted and ignored)
// Not supported: parentheses, field:(a OR b), relative dates ("past_week"). Like Shopify, an
// unknown field does not fail the query: it is ignored and reported in `extensions.search`.
// Dates without a time are read as UTC midnight (Shopify uses the shop's time zone).
import type { AdminApiContext } from "./context";

export type Comparator = ":" | ">" | ">=" | "<" | "<=";

export interface SearchTerm {
  field: string | null; // null = free text
  comparator: Comparator;
  value: string;
  negated: boolean;
}

/** The query as OR-groups of AND-ed terms. */
export type ParsedSearch = SearchTerm[][];

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const char of query) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (/\s/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

export function parseSearch(query: string): ParsedSearch {
  const groups: ParsedSearch = [[]];
  for (const token of tokenize(query)) {
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "AND") continue;
    let text = token;
    let negated = false;
    if (text.startsWith("-") && text.length > 1) {
      negated = true;
      text = text.slice(1);
    }
    const match = /^([a-z_]+):(>=|<=|>|<)?(.*)$/i.exec(text);
    const term: SearchTerm = match
      ? { field: match[1].toLowerCase(), comparator: (match[2] as Comparator | undefined) ?? ":", value: match[3], negated }
      : { field: null, comparator: ":", value: text, negated };
    groups[groups.length - 1].push(term);
  }
  return groups.filter((group) => group.length > 0);
}

/** A field matcher: true if the item matches, or a warning text if the value is unusable. */
export type FieldMatcher<T> = (item: T, term: SearchTerm) => boolean | { warning: string };

export interface SearchSpec<T> {
  fields: Record<string, FieldMatcher<T>>;
  freeText: (item: T, text: string) => boolean;
}

/** Filters `items` by `query`; unknown fields and bad values become `extensions.search` warnings. */
export function applySearch<T>(
  items: readonly T[],
  query: string | null | undefined,
  spec: SearchSpec<T>,
  context: AdminApiContext,
  path: (string | number)[],
): T[] {
  if (!query || !query.trim()) return [...items];
  const groups = parseSearch(query);
  const warnings = new Map<string, string>();
  const ignored = new Set<SearchTerm>();
  for (const term of groups.flat()) {
    if (term.field !== null && !(term.field in spec.fields)) {
      warnings.set(term.field, "Invalid search field for this query.");
      ignored.add(term);
    }
  }
  const termMatches = (item: T, term: SearchTerm): boolean => {
    if (ignored.has(term)) return true;
    let result: boolean | { warning: string };
    if (term.field === null) {
      result = term.value === "*" || spec.freeText(item, term.value.toLowerCase());
    } else {
      result = spec.fields[term.field](item, term);
    }
    if (typeof result === "object") {
      warnings.set(term.field ?? "default", result.warning);
      ignored.add(term);
      return true;
    }
    return term.negated ? !result : result;
  };
  const filtered = items.filter((item) => groups.some((group) => group.every((term) => termMatches(item, term))));
  if (warnings.size > 0) {
    context.searchWarnings.push({
      path,
      query,
      warnings: [...warnings].map(([field, message]) => ({ field, message, code: "invalid_field" })),
    });
  }
  return filtered;
}

// ---- matchers -------------------------------------------------------------------------------

/** Case-insensitive equality; a trailing `*` makes it a prefix match. */
export function matchExact(actual: string | null | undefined, term: SearchTerm): boolean {
  if (actual == null) return false;
  const wanted = term.value.toLowerCase();
  const value = actual.toLowerCase();
  if (wanted.endsWith("*")) return value.startsWith(wanted.slice(0, -1));
  return value === wanted;
}

/** Case-insensitive word match, like Shopify's tokenized text fields (title, name). */
export function matchWords(actual: string | null | undefined, term: SearchTerm): boolean {
  if (actual == null) return false;
  const wanted = term.value.toLowerCase().replace(/\*$/, "");
  return actual.toLowerCase().includes(wanted);
}

export function matchTags(tags: readonly string[], term: SearchTerm): boolean {
  return tags.some((tag) => matchExact(tag, term));
}

export function matchNumber(actual: number, term: SearchTerm): boolean | { warning: string } {
  const wanted = Number(term.value);
  if (term.value === "" || Number.isNaN(wanted)) return { warning: `Invalid number '${term.value}'.` };
  return compare(actual, wanted, term.comparator);
}

export function matchDate(actualIso: string | null | undefined, term: SearchTerm): boolean | { warning: string } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(term.value);
  const wanted = Date.parse(dateOnly ? `${term.value}T00:00:00Z` : term.value);
  if (Number.isNaN(wanted)) return { warning: `Invalid date '${term.value}' (the sandbox supports ISO-8601 dates only).` };
  if (actualIso == null) return false;
  const actual = Date.parse(actualIso);
  if (term.comparator === ":" && dateOnly) return actualIso.slice(0, 10) === term.value;
  // A date-only upper bound like `<=2025-01-31` includes that whole day.
  if (dateOnly && term.comparator === "<=") return actual < wanted + 86_400_000;
  if (dateOnly && term.comparator === ">") return actual >= wanted + 86_400_000;
  return compare(actual, wanted, term.comparator);
}

export function matchBoolean(actual: boolean, term: SearchTerm): boolean | { warning: string } {
  const value = term.value.toLowerCase();
  if (value !== "true" && value !== "false") return { warning: `Invalid boolean '${term.value}'.` };
  return actual === (value === "true");
}

/** `id:123` or `id:>123` against a numeric id (gids are accepted too). */
export function matchId(actual: number, term: SearchTerm): boolean | { warning: string } {
  const numeric = term.value.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, "");
  return matchNumber(actual, { ...term, value: numeric });
}

function compare(actual: number, wanted: number, comparator: Comparator): boolean {
  switch (comparator) {
    case ":":
      return actual === wanted;
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
  }
}
