import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths";

export interface RouteFile {
  /** The flat-route name: "app.privacy-exports.$exportId". */
  name: string;
  /** A URL path for it, params filled: "/app/privacy-exports/1". */
  path: string;
  /** Remix's route id, for `?_data=` requests: "routes/app.privacy-exports.$exportId". */
  id: string;
  /** The route module's source (empty for a folder route). */
  source: string;
}

/**
 * Every route read from app/routes, so reliability scenarios attack a route added later without
 * being edited. `skip`: flat-route names left to other tests.
 */
export function routeFiles(skip: Set<string> = new Set(), params: (segment: string) => string = (segment) => (segment === "$" ? "anything" : "1")): RouteFile[] {
  const dir = path.join(repoRoot, "app/routes");
  return readdirSync(dir)
    .filter((entry) => statSync(path.join(dir, entry)).isDirectory() || /\.tsx?$/.test(entry))
    .filter((entry) => !/\.test\.tsx?$/.test(entry))
    .map((entry) => ({ entry, name: entry.replace(/\.tsx?$/, "") }))
    .filter(({ name }) => !skip.has(name))
    .map(({ entry, name }) => ({
      name,
      id: `routes/${name}`,
      source: statSync(path.join(dir, entry)).isDirectory() ? "" : readFileSync(path.join(dir, entry), "utf8"),
      path:
        "/" +
        name
          .split(".")
          .filter((segment) => !segment.startsWith("_"))
          .map((segment) => segment.replace(/_$/, "")) // "loyalty_": a path segment that opts out of its parent's layout
          .map((segment) => (segment.startsWith("$") ? params(segment) : segment.replace(/\[(.*)\]/, "$1")))
          .join("/"),
    }));
}
