import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { stackWithBrowser } from "../support/browser";
import { eventually } from "../support/stack";

// The day-0 flow as a merchant and a shopper live it: the merchant switches "Thanks + next-order
// code" on in the admin, a shopper's first order on the sandbox storefront starts it, the email
// with the personal code shows in the sandbox inbox, and the code works at the sandbox checkout.
const e2e = stackWithBrowser({ mail: true });

describe("the day-0 thanks + next-order code flow", () => {
  it("from the admin switch to a code redeemed at checkout", async () => {
    const { config, store } = e2e.stack.sandbox.context;
    const page = await e2e.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // The merchant: Encore in the admin (this installs it), Flows, one click.
    await page.goto(`${config.publicUrl}/admin/apps/encore`);
    const app = page.frameLocator("iframe");
    await expect.poll(() => app.locator("h1").first().textContent(), { timeout: 20_000 }).toContain("Dashboard");
    await page.getByRole("link", { name: "Flows" }).click();
    await expect.poll(() => app.getByText("Thanks + next-order code").count(), { timeout: 20_000 }).toBe(1);
    await app.getByRole("button", { name: "Turn on" }).first().click();
    await expect.poll(() => app.getByText("On", { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await e2e.stack.db.flow.findFirst({ where: { shop: e2e.stack.shop, key: "thanks-next-order" }, select: { enabled: true } })).toEqual({ enabled: true });

    // A customer who agreed to marketing places their first order on the storefront.
    const email = `first.buyer.${randomUUID().slice(0, 6)}@example.com`;
    const signup = await fetch(`${config.publicUrl}/sandbox/customers`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, firstName: "Fiona", lastName: "First", acceptsMarketing: true }),
    });
    expect(signup.status).toBe(201);
    const customer = store.state.customers.find((c) => c.email === email)!;
    expect(customer.emailMarketingConsent).toBe("SUBSCRIBED");
    const product = store.state.products.find((p) => p.status === "ACTIVE" && !p.isGiftCard && p.variants.every((v) => v.inventoryQuantity > 5))!;
    const checkout = async (code?: string) => {
      await page.goto(`${config.publicUrl}/products/${product.handle}`);
      await page.getByRole("button", { name: /add to cart/i }).click();
      await page.waitForLoadState("networkidle");
      await page.goto(`${config.publicUrl}/cart`);
      await page.getByRole("button", { name: /check out/i }).click();
      await page.getByLabel(/email/i).fill(customer.email);
      if (code !== undefined) expect(await page.getByLabel("Discount code").inputValue()).toBe(code);
      await page.getByRole("button", { name: /pay now/i }).click();
      await page.waitForURL(/thank-you/);
      return store.state.orders.at(-1)!;
    };
    const firstOrder = await checkout();
    expect(firstOrder.customerId).toBe(customer.id);

    // The thank-you email arrives in the sandbox inbox, with Fiona's code.
    await page.goto(`${config.publicUrl}/sandbox/inbox`);
    const subject = "Thank you for your order, Fiona!";
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole("link", { name: subject }).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await page.getByRole("link", { name: subject }).click();
    const mail = page.getByTestId("mail-body");
    expect(await mail.textContent()).toContain(`Thank you for your order ${firstOrder.name}`);
    const code = /THANKS-[A-Z0-9]{8}/.exec((await mail.locator("strong").first().textContent()) ?? "")?.[0];
    expect(code).toBeDefined();

    // "Use it now" opens the storefront's discount link, which keeps the code for checkout.
    await mail.getByRole("link", { name: "Use it now" }).click();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).origin).toBe(new URL(config.publicUrl).origin);
    const secondOrder = await checkout(code);
    expect(secondOrder.customerId).toBe(customer.id);
    expect(secondOrder.discountCodes.map((applied) => applied.code)).toEqual([code]);
    expect(secondOrder.discountCodes[0].amountCents).toBeGreaterThan(0);

    // Encore saw the second order: the run had already finished, and the message log has the code.
    await eventually(
      () => e2e.stack.db.order.findUnique({ where: { shop_id: { shop: e2e.stack.shop, id: String(secondOrder.id) } } }),
      "the second order to reach Encore",
    );
    const logged = await eventually(
      async () => {
        const row = await e2e.stack.db.flowStepRun.findFirst({ where: { shop: e2e.stack.shop, customerId: String(customer.id) } });
        return row?.convertedOrderId ? row : null;
      },
      "the thank-you to count the second order as its conversion",
    );
    expect(logged).toMatchObject({ outcome: "sent", discountCode: code, convertedOrderId: String(secondOrder.id), convertedCents: secondOrder.totalCents });
    expect(errors).toEqual([]);
    await page.close();
  });
});
