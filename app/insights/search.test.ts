import { describe, expect, it } from "vitest";
import { containsPattern } from "./search";

describe("containsPattern", () => {
  it("matches anywhere, lower-cased, with LIKE's wildcards escaped", () => {
    expect(containsPattern("Ada")).toBe("%ada%");
    expect(containsPattern("50%_off")).toBe("%50\\%\\_off%");
    expect(containsPattern("a\\b")).toBe("%a\\\\b%");
  });
});
