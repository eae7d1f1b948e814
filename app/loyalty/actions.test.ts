import { describe, expect, it } from "vitest";
import { hasAdminSchema } from "../sandbox/admin-api/schema";
import { setUpAdminApi } from "../sandbox/admin-api/test-fixture";
import type { AdminGraphql } from "../shopify/admin-api.server";
import { actionSourceKeys, birthdayAward, firstOrderAward, signupAward } from "./actions";
import { fetchCustomerBirthdays } from "./actions.server";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const program = { enabled: true, signupPoints: 50, firstOrderPoints: 200, birthdayPoints: 100, enabledAt: day(10) };

describe("account creation", () => {
  it("awards accounts created while the program is on, when the rule is on", () => {
    expect(signupAward(program, day(11))).toBe(50);
    expect(signupAward(program, day(9))).toBe(0); // existed before the program
    expect(signupAward({ ...program, signupPoints: 0 }, day(11))).toBe(0); // rule off
    expect(signupAward({ ...program, enabled: false }, day(11))).toBe(0);
    expect(signupAward(program, null)).toBe(0);
  });
});

describe("first order bonus", () => {
  const orders = [
    { id: "1", processedAt: day(12), cancelled: true },
    { id: "2", processedAt: day(13), cancelled: false },
    { id: "3", processedAt: day(20), cancelled: false },
  ];
  it("goes to the customer's first order that is not cancelled, once its points are spendable", () => {
    expect(firstOrderAward(program, { orderId: "2", released: true, customerOrders: orders })).toBe(200);
    expect(firstOrderAward(program, { orderId: "2", released: false, customerOrders: orders })).toBe(0);
    expect(firstOrderAward(program, { orderId: "3", released: true, customerOrders: orders })).toBe(0);
    expect(firstOrderAward(program, { orderId: "1", released: true, customerOrders: orders })).toBe(0);
    expect(firstOrderAward({ ...program, firstOrderPoints: 0 }, { orderId: "2", released: true, customerOrders: orders })).toBe(0);
  });

  it("has one source key per customer, whatever the order", () => {
    expect(actionSourceKeys.firstOrder("c1")).toBe("action:first-order:c1");
    expect(actionSourceKeys.signup("c1")).toBe("action:signup:c1");
  });
});

describe("birthday", () => {
  const at = (iso: string) => new Date(`${iso}T09:00:00Z`);
  it("awards on the day (UTC), with the year in the source key", () => {
    expect(birthdayAward(program, "1990-03-14", at("2026-03-14"))).toEqual({ points: 100, year: 2026 });
    expect(birthdayAward(program, "1990-03-14", at("2026-03-15"))).toBeNull();
    expect(birthdayAward(program, "1990-03-14", at("2026-04-14"))).toBeNull();
    expect(actionSourceKeys.birthday("c1", 2026)).toBe("action:birthday:c1:2026");
  });

  it("celebrates 29 February on the 28th in other years, and on the 29th in leap years", () => {
    expect(birthdayAward(program, "2000-02-29", at("2027-02-28"))).toEqual({ points: 100, year: 2027 });
    expect(birthdayAward(program, "2000-02-29", at("2028-02-28"))).toBeNull();
    expect(birthdayAward(program, "2000-02-29", at("2028-02-29"))).toEqual({ points: 100, year: 2028 });
  });

  it("awards nothing when the rule is off or the date is not a date", () => {
    expect(birthdayAward({ ...program, birthdayPoints: 0 }, "1990-03-14", at("2026-03-14"))).toBeNull();
    expect(birthdayAward(program, null, at("2026-03-14"))).toBeNull();
    expect(birthdayAward(program, "14/03/1990", at("2026-03-14"))).toBeNull();
  });

  it("reads every page of customers' birthdays from the Admin API", async () => {
    const customers = Array.from({ length: 600 }, (_, i) => ({ id: i + 1, birthday: i % 3 === 0 ? "1990-03-14" : null }));
    const calls: unknown[] = [];
    const admin = {
      graphql: async (_query: string, options?: { variables?: Record<string, unknown> }) => {
        calls.push(options?.variables);
        const start = options?.variables?.after ? Number(options.variables.after) : 0;
        const page = customers.slice(start, start + 250);
        const customersPage = {
          nodes: page.map((c) => ({ id: `gid://shopify/Customer/${c.id}`, birthDate: c.birthday ? { value: c.birthday } : null })),
          pageInfo: { hasNextPage: start + 250 < customers.length, endCursor: String(start + 250) },
        };
        return new Response(JSON.stringify({ data: { customers: customersPage } }), { headers: { "Content-Type": "application/json" } });
      },
    } as unknown as AdminGraphql;
    const birthdays = await fetchCustomerBirthdays(admin);
    expect(calls).toHaveLength(3);
    expect(birthdays.size).toBe(200);
    expect(birthdays.get("1")).toBe("1990-03-14");
    expect(birthdays.has("2")).toBe(false);
  });

  it.skipIf(!hasAdminSchema())("reads birthdays from the sandbox's Admin API (Shopify's facts.birth_date)", async () => {
    const { graphql, store } = setUpAdminApi();
    const admin = {
      graphql: async (query: string, options?: { variables?: Record<string, unknown> }) => new Response(JSON.stringify((await graphql(query, options?.variables)).body)),
    } as unknown as AdminGraphql;
    const expected = new Map(store.state.customers.filter((c) => c.birthday).map((c) => [String(c.id), c.birthday!]));
    expect(expected.size).toBeGreaterThan(0);
    expect(await fetchCustomerBirthdays(admin)).toEqual(expected);
  });
});
