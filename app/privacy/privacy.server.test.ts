import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { concernsCustomer, scrubPersonalData } from "./privacy.server";

const root = path.resolve(__dirname, "../..");

describe("shop/redact", () => {
  it("erases every table that holds shop data", () => {
    const schema = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    const source = readFileSync(path.join(root, "app/privacy/privacy.server.ts"), "utf8");
    const redact = source.slice(source.indexOf("export async function redactShop"));
    const shopModels = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
      .filter(([, , body]) => /^\s+shop\s+String/m.test(body))
      .map(([, name]) => name.charAt(0).toLowerCase() + name.slice(1));
    expect(shopModels.length).toBeGreaterThan(10);
    const missing = shopModels.filter((model) => !new RegExp(`^\\s*db\\.${model}\\.deleteMany\\(`, "m").test(redact));
    expect(missing, "models with a shop column that redactShop leaves behind").toEqual([]);
    expect(redact).toContain("db.shop.deleteMany");
  });
});

describe("scrubbing webhook payloads on customers/redact", () => {
  const order = {
    id: 5001,
    name: "#1001",
    email: "ada@example.com",
    customer: { id: 301, email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", phone: "+441234567890" },
    shipping_address: { name: "Ada Lovelace", address1: "1 Analytical Way", city: "London", zip: "N1", country_code: "GB" },
    line_items: [{ id: 1, name: "Matcha - 30g", quantity: 2 }],
  };

  it("empties personal values and keeps the payload's shape and business data", () => {
    expect(scrubPersonalData(order)).toEqual({
      id: 5001,
      name: "#1001",
      email: null,
      customer: { id: 301, email: null, first_name: null, last_name: null, phone: null },
      shipping_address: { name: null, address1: null, city: null, zip: null, country_code: "GB" },
      line_items: [{ id: 1, name: "Matcha - 30g", quantity: 2 }],
    });
  });

  it("recognises the customer's own payloads and orders, not other customers'", () => {
    expect(concernsCustomer(order, "301", [])).toBe(true);
    expect(concernsCustomer({ id: 301, first_name: "Ada" }, "301", [])).toBe(true);
    expect(concernsCustomer({ ...order, customer: { id: 302 }, email: "x@example.com", contact_email: "ada@example.com" }, "301", ["ada@example.com"])).toBe(true); // mentions the email
    expect(concernsCustomer({ ...order, customer: { id: 302 }, email: "grace@example.com", shipping_address: null }, "301", ["ada@example.com"])).toBe(false);
    expect(concernsCustomer({ id: 301, title: "A product" }, "301", [])).toBe(false); // a product with the same numeric id
  });
});
