import { describe, expect, it } from "vitest";
import { adjustmentFormSchema, adjustmentSourceId, memberListQuerySchema, memberName, tierTag } from "./members";

const submissionId = "2f1c7d0e-8a4b-4c3e-9f7a-1b2c3d4e5f60";

describe("the adjustment form", () => {
  it("takes whole, non-zero points with a reason and the form's submission id", () => {
    expect(adjustmentFormSchema.parse({ points: "-25", reason: "  Correction  ", submissionId })).toEqual({ points: -25, reason: "Correction", submissionId });
  });

  it("names each problem", () => {
    const fields = (form: Record<string, string>) => {
      const result = adjustmentFormSchema.safeParse(form);
      return result.success ? [] : result.error.issues.map((i) => i.path[0]);
    };
    expect(fields({ points: "0", reason: "x", submissionId })).toEqual(["points", "reason"]);
    expect(fields({ points: "1.5", reason: "Fine", submissionId: "not-a-uuid" })).toEqual(["points", "submissionId"]);
    expect(fields({ points: "2000000", reason: "Fine", submissionId })).toEqual(["points"]);
  });

  it("keys the ledger entry by customer and submission", () => {
    expect(adjustmentSourceId("42", submissionId)).toBe(`42:${submissionId}`);
  });
});

describe("the members list", () => {
  it("defaults to page 1 and refuses page 0", () => {
    expect(memberListQuerySchema.parse({})).toEqual({ search: "", page: 1 });
    expect(memberListQuerySchema.safeParse({ page: "0" }).success).toBe(false);
  });

  it("names a member by name, else email, else id", () => {
    expect(memberName({ id: "1", firstName: "Ada", lastName: null, email: "a@x" }, "1")).toBe("Ada");
    expect(memberName({ id: "1", firstName: null, lastName: null, email: "a@x" }, "1")).toBe("a@x");
    expect(memberName(null, "1")).toBe("Customer 1");
  });
});

describe("tier tags", () => {
  it("are stable slugs of the tier name", () => {
    expect(tierTag("Gold")).toBe("loyalty-tier-gold");
    expect(tierTag(" Platinum Plus! ")).toBe("loyalty-tier-platinum-plus");
    expect(tierTag("Золото")).toBe("loyalty-tier-золото");
    expect(tierTag("***")).toBe("loyalty-tier-tier");
  });
});
