import { describe, expect, it } from "vitest";
import { htmlToText, renderEmail, templateError, type TemplateData } from "./email-template";
import { flowTemplate, FLOW_TEMPLATES } from "./templates";

const full: TemplateData = {
  customer: { firstName: "Ann", lastName: "Lee", email: "ann@example.com" },
  shop: { name: "Matcha & Co", url: "https://shop.example" },
  order: { name: "#1001" },
  products: [{ title: "Bamboo whisk", url: "https://shop.example/products/whisk" }],
  discount: { code: "THANKS-AB12CD", percent: 10, endsAt: new Date("2026-12-23T00:00:00Z"), url: "https://shop.example/discount/THANKS-AB12CD" },
  unsubscribeUrl: "https://app.example/email/unsubscribe?token=t",
};
const empty: TemplateData = { customer: null, shop: { name: null, url: "https://shop.example" }, order: null, products: [], discount: null, unsubscribeUrl: "https://app.example/u" };
const thanks = flowTemplate("thanks-next-order")!.definition.steps[0];

describe("renderEmail", () => {
  it("fills in the customer, shop, order, products and code", async () => {
    const email = await renderEmail(thanks, full);
    expect(email.subject).toBe("Thank you for your order, Ann!");
    expect(email.html).toContain("Hi Ann,");
    expect(email.html).toContain("order #1001 at Matcha &amp; Co");
    expect(email.html).toContain("<strong>THANKS-AB12CD</strong>");
    expect(email.html).toContain("December 23, 2026");
    expect(email.html).toContain('href="https://shop.example/products/whisk"');
    expect(email.html).toContain('href="https://app.example/email/unsubscribe?token=t"');
    expect(email.text).toContain("Use it now (https://shop.example/discount/THANKS-AB12CD)");
  });

  it("falls back sensibly when everything optional is missing, in every template", async () => {
    for (const template of FLOW_TEMPLATES) {
      for (const step of template.definition.steps.filter((each) => each.action === "email")) {
        const email = await renderEmail(step, empty);
        expect(email.html).toContain("Hi there,");
        expect(email.html).not.toContain("undefined");
        expect(email.html).not.toMatch(/<strong>\s*<\/strong>/);
        expect(email.html).toContain('href="https://app.example/u"');
        expect(email.subject).not.toMatch(/,\s*!/);
      }
    }
    const email = await renderEmail(thanks, empty);
    expect(email.subject).toBe("Thank you for your order!");
    expect(email.html).not.toContain("next order:");
    expect(email.html).toContain("at our shop");
  });

  it("escapes what customers typed", async () => {
    const email = await renderEmail(thanks, { ...full, customer: { firstName: "<script>x</script>", lastName: null, email: null } });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;");
  });

  it("reports a broken template instead of crashing at send time", () => {
    expect(templateError("{% if x %}unclosed")).toMatch(/not closed/);
    expect(templateError(thanks.body)).toBeNull();
  });

  it("turns HTML into a readable text part", () => {
    expect(htmlToText('<p>Hi &amp; bye</p><ul><li><a href="u">A</a></li></ul>')).toBe("Hi & bye\n- A (u)");
  });

  it("names the product in the replenishment reminder, with the cart link carrying the code", async () => {
    const reminder = flowTemplate("replenishment-reminder")!.definition.steps[0];
    const cartUrl = "https://shop.example/cart/111:2?storefront=true&discount=REFILL-AB12CD";
    const email = await renderEmail(reminder, {
      ...full,
      discount: { ...full.discount!, code: "REFILL-AB12CD" },
      replenishment: { productTitle: "Morning Blend", productUrl: "https://shop.example/products/morning-blend", quantity: 2, cartUrl, runsOutOn: new Date("2026-12-20T00:00:00Z") },
    });
    expect(email.subject).toBe("Running low on Morning Blend?");
    expect(email.html).toContain("Your Morning Blend from Matcha &amp; Co should be running low around December 20.");
    expect(email.html).toContain('href="https://shop.example/cart/111:2?storefront=true&amp;discount=REFILL-AB12CD"');
    expect(email.html).toContain("Restock now (2)");
    expect(email.html).toContain("<strong>REFILL-AB12CD</strong>");
    expect(email.text).toContain(`Restock now (2) (${cartUrl})`);
    // Without the product (deleted since) it still makes sense.
    const bare = await renderEmail(reminder, { ...empty, replenishment: { productTitle: null, productUrl: null, quantity: 1, cartUrl: null, runsOutOn: new Date() } });
    expect(bare.subject).toBe("Running low on your favourites?");
    expect(bare.html).toContain('<a href="https://shop.example">Restock now</a>.');
  });
});
