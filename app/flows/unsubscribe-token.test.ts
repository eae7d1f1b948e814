import { describe, expect, it } from "vitest";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

describe("unsubscribe tokens", () => {
  const claims = { shop: "a.myshopify.com", customerId: "42", flowId: "f1", stepIndex: 0 };

  it("round-trips the claims under the same secret", () => {
    expect(verifyUnsubscribeToken(unsubscribeToken(claims, "secret"), "secret")).toEqual(claims);
  });

  it("rejects another secret, a changed payload and garbage", () => {
    const token = unsubscribeToken(claims, "secret");
    expect(verifyUnsubscribeToken(token, "other")).toBeNull();
    const forged = Buffer.from(JSON.stringify({ s: "a.myshopify.com", c: "43" })).toString("base64url");
    expect(verifyUnsubscribeToken(`${forged}.${token.split(".")[1]}`, "secret")).toBeNull();
    expect(verifyUnsubscribeToken("nonsense", "secret")).toBeNull();
    expect(verifyUnsubscribeToken("a.b.c", "secret")).toBeNull();
  });
});
