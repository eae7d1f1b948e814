import { describe, expect, it } from "vitest";
import { parseEnvironment } from "./environment";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://encore.example.com",
  SCOPES: "read_products, read_orders",
  DATABASE_URL: "file:./data/encore.sqlite",
};

describe("environment", () => {
  it("accepts a complete environment and applies the documented defaults", () => {
    const env = parseEnvironment(valid);
    expect(env.SCOPES).toEqual(["read_products", "read_orders"]);
    expect(env.JOB_WORKER).toBe("on");
    expect(env.LOCAL_SHOPIFY_URL).toBeUndefined();
  });

  it("names every missing or malformed variable", () => {
    const { SHOPIFY_API_SECRET: _secret, ...missingSecret } = valid;
    expect(() => parseEnvironment({ ...missingSecret, DATABASE_URL: "mysql://x" })).toThrowError(
      /SHOPIFY_API_SECRET is missing[\s\S]*DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//,
    );
  });

  it("refuses an app URL that is not a URL", () => {
    expect(() => parseEnvironment({ ...valid, SHOPIFY_APP_URL: "encore.example.com" })).toThrowError(/SHOPIFY_APP_URL/);
  });

  it("validates the flows' SMTP settings", () => {
    expect(parseEnvironment({ ...valid, SMTP_URL: "smtp://user:pass@127.0.0.1:2525" }).SMTP_URL).toBe("smtp://user:pass@127.0.0.1:2525");
    expect(parseEnvironment(valid).FLOWS_TICK_SECONDS).toBe(60);
    expect(() => parseEnvironment({ ...valid, SMTP_URL: "mail.example.com" })).toThrowError(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => parseEnvironment({ ...valid, SMTP_FROM: "nobody" })).toThrowError(/SMTP_FROM must be an email address/);
  });
});
