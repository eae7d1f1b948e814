import { describe, expect, it } from "vitest";
import { describeReward, parseRewardForm, rewardCodeValue, rewardFormValues, rewardsForCustomer, type Reward } from "./rewards";

const form = (fields: Record<string, string>) => ({ name: "Five off", pointsCost: "500", kind: "fixed_amount", amount: "5", ...fields });

describe("parseRewardForm", () => {
  it("turns a fixed amount into minor units of the shop currency", () => {
    expect(parseRewardForm(form({ amount: "5.50", minimumSubtotal: "40" }), "USD")).toEqual({
      ok: true,
      reward: { name: "Five off", pointsCost: 500, kind: "fixed_amount", value: 550, productVariantId: null, minimumSubtotalCents: 4000, codeValidDays: null },
    });
    expect(parseRewardForm(form({ amount: "500" }), "JPY")).toMatchObject({ ok: true, reward: { value: 500 } });
  });

  it("gives one message per bad field, all at once", () => {
    const result = parseRewardForm({ name: " ", pointsCost: "-3", kind: "fixed_amount", amount: "abc", codeValidDays: "x" }, "USD");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["amount", "codeValidDays", "name", "pointsCost"]);
    expect(result.errors.pointsCost).toBe("The points cost must be at least 1.");
  });

  it("checks the fields of the chosen kind only", () => {
    expect(parseRewardForm(form({ kind: "percentage", percent: "0" }), "USD")).toEqual({ ok: false, errors: { percent: "The percentage must be at least 1." } });
    expect(parseRewardForm(form({ kind: "percentage", percent: "101" }), "USD")).toEqual({ ok: false, errors: { percent: "The percentage must be at most 100." } });
    expect(parseRewardForm(form({ kind: "percentage", percent: "10", amount: "oops" }), "USD")).toEqual({ ok: false, errors: { amount: "Enter an amount like 5 or 5.50." } });
    expect(parseRewardForm(form({ kind: "percentage", percent: "10", amount: "" }), "USD")).toMatchObject({ ok: true, reward: { kind: "percentage", value: 10 } });
    expect(parseRewardForm(form({ kind: "free_product", amount: "" }), "USD")).toEqual({ ok: false, errors: { productVariantId: "Enter the variant's numeric id." } });
    expect(parseRewardForm(form({ kind: "free_product", productVariantId: "4411" }), "USD")).toMatchObject({ ok: true, reward: { value: null, productVariantId: "4411" } });
    expect(parseRewardForm(form({ kind: "free_shipping", productVariantId: "4411", codeValidDays: "30" }), "USD")).toMatchObject({
      ok: true,
      reward: { value: null, productVariantId: null, codeValidDays: 30 },
    });
    expect(parseRewardForm(form({ kind: "bogus" }), "USD")).toEqual({ ok: false, errors: { kind: "Choose what the reward gives." } });
    expect(parseRewardForm(form({ amount: "0" }), "USD")).toEqual({ ok: false, errors: { amount: "Enter the amount off, more than zero." } });
    expect(parseRewardForm(form({ pointsCost: "1.5" }), "USD")).toEqual({ ok: false, errors: { pointsCost: "The points cost must be a whole number." } });
  });

  it("round-trips through the form values", () => {
    const parsed = parseRewardForm(form({ amount: "12.05", minimumSubtotal: "30.5", codeValidDays: "7" }), "USD");
    if (!parsed.ok) throw new Error("expected a reward");
    const reward: Reward = { id: "r1", enabled: true, ...parsed.reward };
    expect(parseRewardForm(rewardFormValues(reward, "USD"), "USD")).toEqual(parsed);
  });
});

describe("rewardCodeValue", () => {
  it("maps each kind to the code's value; a free product is 100% off its variant", () => {
    expect(rewardCodeValue({ kind: "fixed_amount", value: 500 })).toEqual({ kind: "amount", amountCents: 500 });
    expect(rewardCodeValue({ kind: "percentage", value: 15 })).toEqual({ kind: "percentage", percent: 15 });
    expect(rewardCodeValue({ kind: "free_shipping", value: null })).toEqual({ kind: "free_shipping" });
    expect(rewardCodeValue({ kind: "free_product", value: null })).toEqual({ kind: "percentage", percent: 100 });
  });
});

describe("describeReward", () => {
  const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
  it("says what the reward gives and its minimum", () => {
    expect(describeReward({ kind: "fixed_amount", value: 500, productVariantId: null, minimumSubtotalCents: 3000 }, money)).toBe("$5.00 off on orders of $30.00 or more");
    expect(describeReward({ kind: "percentage", value: 10, productVariantId: null, minimumSubtotalCents: null }, money)).toBe("10% off");
  });
});

describe("rewardsForCustomer", () => {
  const reward = (name: string, pointsCost: number, enabled = true) => ({ name, pointsCost, enabled });
  it("lists enabled rewards cheapest first with what the balance affords", () => {
    const list = rewardsForCustomer([reward("B", 500), reward("A", 100), reward("Off", 50, false), reward("C", 1000)], 500);
    expect(list.map((r) => [r.name, r.affordable])).toEqual([
      ["A", true],
      ["B", true],
      ["C", false],
    ]);
    expect(rewardsForCustomer([reward("A", 100)], null)[0].affordable).toBe(false);
  });
});
