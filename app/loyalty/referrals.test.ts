import { describe, expect, it } from "vitest";
import { referralOutcomeText } from "./referral-outcome";
import { fieldErrors, programFormSchema } from "./program";
import { addressKey, judgeReferral, parseReferralCode, referralCode, referralUndoneReason, type ReferralFacts } from "./referrals";

const SHOP = "shop.myshopify.com";

describe("referral codes", () => {
  it("round-trip for the shop that signed them and are refused when forged or from another shop", () => {
    const code = referralCode("secret", SHOP, "1234");
    expect(parseReferralCode("secret", SHOP, code)).toBe("1234");
    expect(parseReferralCode("secret", "other.myshopify.com", code)).toBeNull();
    expect(parseReferralCode("other-secret", SHOP, code)).toBeNull();
    expect(parseReferralCode("secret", SHOP, code.replace("1234", "1235"))).toBeNull();
    expect(parseReferralCode("secret", SHOP, "1234")).toBeNull();
    expect(parseReferralCode("secret", SHOP, null)).toBeNull();
  });
});

describe("address keys", () => {
  it("ignore case, spaces and punctuation; need a street and a city or zip", () => {
    const a = addressKey({ address1: "12 Main St.", city: "Ottawa", zip: "K1A 0B1", country_code: "CA" });
    expect(a).toBe(addressKey({ address1: "12 main st", city: "OTTAWA", zip: "k1a0b1", country_code: "ca" }));
    expect(a).not.toBe(addressKey({ address1: "14 Main St.", city: "Ottawa", zip: "K1A 0B1", country_code: "CA" }));
    expect(addressKey({ address1: "", city: "Ottawa" })).toBeNull();
    expect(addressKey(null)).toBeNull();
  });
});

describe("judging a referred order", () => {
  const facts: ReferralFacts = {
    advocateId: "1",
    advocateEmail: "ada@example.com",
    advocateAddressKeys: ["home"],
    friendCustomerId: "2",
    friendEmail: "grace@example.com",
    friendAddressKey: "elsewhere",
    earlierFriendOrders: 0,
    friendAlreadyRewarded: false,
  };
  it("rewards a new friend's first order with the advocate points", () => {
    expect(judgeReferral(facts, 500)).toEqual({ ok: true, points: 500 });
  });
  it("refuses self-referral by customer, email (any case) or shipping address", () => {
    expect(judgeReferral({ ...facts, friendCustomerId: "1" }, 500)).toEqual({ ok: false, reason: "self_customer" });
    expect(judgeReferral({ ...facts, friendCustomerId: null, friendEmail: " ADA@example.com" }, 500)).toEqual({ ok: false, reason: "self_email" });
    expect(judgeReferral({ ...facts, friendAddressKey: "home" }, 500)).toEqual({ ok: false, reason: "self_address" });
  });
  it("refuses a friend who ordered before, or was already rewarded for", () => {
    expect(judgeReferral({ ...facts, earlierFriendOrders: 1 }, 500)).toEqual({ ok: false, reason: "not_first_order" });
    expect(judgeReferral({ ...facts, friendAlreadyRewarded: true }, 500)).toEqual({ ok: false, reason: "already_referred" });
  });
  it("a guest friend without email or address is only judged on order history", () => {
    expect(judgeReferral({ ...facts, friendCustomerId: null, friendEmail: null, friendAddressKey: null }, 10)).toEqual({ ok: true, points: 10 });
  });
});

describe("referral settings", () => {
  const form = {
    enabled: "on",
    pointsPerUnit: "1",
    earningBasis: "subtotal",
    pendingDays: "14",
    pointsPerMoneyUnit: "100",
    tierBasis: "points",
    tierWindow: "lifetime",
    expiryReminderDays: "14",
    signupPoints: "0",
    firstOrderPoints: "0",
    birthdayPoints: "0",
  };
  it("default to off when a form has no referral fields", () => {
    expect(programFormSchema.parse(form)).toMatchObject({ referralEnabled: false, referralAdvocatePoints: 0, referralFriendCents: 0 });
  });
  it("parse points and a money amount in minor units", () => {
    expect(programFormSchema.parse({ ...form, referralEnabled: "on", referralAdvocatePoints: "500", referralFriendAmount: "7.50" })).toMatchObject({
      referralEnabled: true,
      referralAdvocatePoints: 500,
      referralFriendCents: 750,
    });
  });
  it("name each bad field", () => {
    const bad = programFormSchema.safeParse({ ...form, referralEnabled: "on", referralAdvocatePoints: "-5", referralFriendAmount: "ten" });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(Object.keys(fieldErrors(bad.error)).sort()).toEqual(["referralAdvocatePoints", "referralFriendAmount"]);
    const nothing = programFormSchema.safeParse({ ...form, referralEnabled: "on", referralAdvocatePoints: "0", referralFriendAmount: "" });
    expect(nothing.success).toBe(false);
    if (!nothing.success) expect(fieldErrors(nothing.error)).toEqual({ referralAdvocatePoints: expect.stringContaining("advocate points or a friend discount") });
  });
});

describe("undoing a referral", () => {
  const order = { cancelledAt: null, financialStatus: "paid", subtotalCents: 5000, refundedCents: 0 };
  it("counts a cancelled or fully refunded order as undone, a partly refunded one as standing", () => {
    expect(referralUndoneReason(order)).toBeNull();
    expect(referralUndoneReason({ ...order, financialStatus: "partially_refunded", refundedCents: 4999 })).toBeNull();
    expect(referralUndoneReason({ ...order, refundedCents: 5000 })).toBe("Friend's order refunded");
    expect(referralUndoneReason({ ...order, financialStatus: "refunded" })).toBe("Friend's order refunded");
    expect(referralUndoneReason({ ...order, cancelledAt: new Date("2026-11-01") })).toBe("Friend's order cancelled");
    // A free order (nothing to refund) is not undone by a zero refund.
    expect(referralUndoneReason({ ...order, subtotalCents: 0 })).toBeNull();
  });

  it("tells the merchant what became of each referred order", () => {
    expect(referralOutcomeText({ status: "rewarded", points: 1500, reason: null })).toBe("rewarded, 1,500 points");
    expect(referralOutcomeText({ status: "refused", points: 0, reason: "Not the friend's first order" })).toBe("refused (Not the friend's first order)");
    expect(referralOutcomeText({ status: "reversed", points: 300, reason: "Friend's order cancelled" })).toBe("reversed (Friend's order cancelled), 300 points taken back");
  });
});
