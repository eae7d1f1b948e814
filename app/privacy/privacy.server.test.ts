import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

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
