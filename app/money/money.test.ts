import { describe, expect, it } from "vitest";
import { formatMoney, fromMinorUnits, toMinorUnits } from "./money";

describe("money", () => {
  it("parses Shopify decimal strings exactly", () => {
    expect(toMinorUnits("12.50", "USD")).toBe(1250);
    expect(toMinorUnits("0.1", "USD")).toBe(10);
    expect(toMinorUnits("19.99", "EUR")).toBe(1999);
    expect(toMinorUnits("1000", "JPY")).toBe(1000);
    expect(toMinorUnits("-3.05", "USD")).toBe(-305);
    expect(toMinorUnits("2.005", "USD")).toBe(201);
  });

  it("rejects what is not an amount", () => {
    expect(() => toMinorUnits("12,50", "USD")).toThrow(/Not a money amount/);
    expect(() => toMinorUnits("", "USD")).toThrow();
  });

  it("formats back to decimal strings and display text", () => {
    expect(fromMinorUnits(1250, "USD")).toBe("12.50");
    expect(fromMinorUnits(5, "USD")).toBe("0.05");
    expect(fromMinorUnits(-305, "USD")).toBe("-3.05");
    expect(fromMinorUnits(1000, "JPY")).toBe("1000");
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
  });
});
