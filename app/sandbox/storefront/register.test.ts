// /account/register: the widget's and themes' "create account" link leads somewhere real.
import { describe, expect, it } from "vitest";
import type { SandboxCustomer } from "../store/types";
import { createStorefrontHandler } from "./handler";
import { testContext, TestShopper } from "./test-fixtures";

function setup() {
  const { context, store } = testContext();
  const created: SandboxCustomer[] = [];
  context.events.customerCreated = (customer) => void created.push(customer);
  return { shopper: new TestShopper(createStorefrontHandler(), context), store, created };
}

describe("/account/register", () => {
  it("shows the sign-up form", async () => {
    const { shopper } = setup();
    const response = await shopper.get("/account/register?return_to=/products/x");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form action="/account/register" method="post"');
    expect(html).toContain('name="return_to" value="/products/x"');
  });

  it("creates the customer, sends customers/create with their consent, logs them in and goes back", async () => {
    const { shopper, store, created } = setup();
    const response = await shopper.postForm("/account/register", { email: "New.Shopper@Example.com", first_name: "New", last_name: "Shopper", accepts_marketing: "true", return_to: "/products/x" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/products/x");
    const customer = store.state.customers.at(-1)!;
    expect(customer).toMatchObject({ email: "new.shopper@example.com", firstName: "New", lastName: "Shopper", emailMarketingConsent: "SUBSCRIBED" });
    expect(created).toEqual([customer]);
    expect(await (await shopper.get("/")).text()).toContain("New Shopper");
  });

  it("refuses a taken or malformed email with a message and keeps what was typed", async () => {
    const { shopper, store, created } = setup();
    const before = store.state.customers.length;
    const taken = await shopper.postForm("/account/register", { email: "ada@example.com", first_name: "Ada" });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain("An account with ada@example.com already exists");
    const malformed = await shopper.postForm("/account/register", { email: "not-an-email", first_name: "Kim" });
    expect(malformed.status).toBe(400);
    const html = await malformed.text();
    expect(html).toContain("Enter a valid email address.");
    expect(html).toContain('name="first_name" value="Kim"');
    expect(store.state.customers.length).toBe(before);
    expect(created).toEqual([]);
  });
});
