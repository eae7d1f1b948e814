// Flows end to end over real HTTP: the merchant switches flows on in the admin, a signed order
// webhook enrols the customer, the app's scheduler task sends the email over SMTP to the sandbox's
// in-process smtp-server, the unsubscribe link in it works at once and stops further marketing
// mail, and replaying the webhook enrols nobody twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxMail } from "../../app/sandbox/inbox/mail-server";
import type { SandboxCustomer, SandboxOrder } from "../../app/sandbox/store/types";
import { adminFetch, sessionToken } from "../support/shopify-requests";
import { addPaidSandboxOrder, addSandboxCustomer, deliverOrderWebhook, installAndImportHistory, mailTo, toggleFlow, waitForMail } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mail: true });
  await installAndImportHistory(stack);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

async function flowsPage() {
  const response = await adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, { bearer: sessionToken(stack) });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    flows: { key: string; enabled: boolean; steps: { entered: number; sent: number; skipped: number; unsubscribed: number }[] }[];
    log: { outcome: string; reason: string | null; email: string | null }[];
  };
}

describe("flows from order webhooks to the inbox", () => {
  let ann: SandboxCustomer;
  let bob: SandboxCustomer;
  let cy: SandboxCustomer;
  let annOrder: SandboxOrder;
  let thanksToAnn: SandboxMail;

  it("switches ready-made flows on from the admin, and refuses an unknown flow with a message", async () => {
    expect(await toggleFlow(stack, "thanks-next-order", true)).toMatchObject({ status: 200, body: { error: null } });
    expect(await toggleFlow(stack, "feedback-day-3", true)).toMatchObject({ status: 200, body: { error: null } });
    expect(await toggleFlow(stack, "no-such-flow", true)).toMatchObject({ status: 400, body: { error: "There is no such flow." } });
    const page = await flowsPage();
    expect(page.flows.filter((flow) => flow.enabled).map((flow) => flow.key)).toEqual(["thanks-next-order", "feedback-day-3"]);
  });

  it("sends the day-0 thank-you over SMTP after a first order's webhook, with her own code, recommendations and an unsubscribe link", async () => {
    ann = addSandboxCustomer(stack, "Ann");
    bob = addSandboxCustomer(stack, "Bob");
    cy = addSandboxCustomer(stack, "Cy", { consent: "NOT_SUBSCRIBED" });
    annOrder = addPaidSandboxOrder(stack, ann, { namePrefix: "F" });
    await deliverOrderWebhook(stack, "orders/paid", annOrder);
    await deliverOrderWebhook(stack, "orders/paid", addPaidSandboxOrder(stack, bob, { namePrefix: "F" }));
    await deliverOrderWebhook(stack, "orders/paid", addPaidSandboxOrder(stack, cy, { namePrefix: "F" }));
    expect(await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: String(ann.id) } })).toBe(2); // thanks + feedback

    [thanksToAnn] = await waitForMail(stack, ann.email, 1, "the thank-you email to Ann");
    expect(thanksToAnn.subject).toBe("Thank you for your order, Ann!");
    expect(thanksToAnn.html).toContain(`Thank you for your order ${annOrder.name}`);
    expect(thanksToAnn.from).toContain(stack.sandbox.context.store.state.shop.name);
    // Recommended products from the cross-sell engine link to the shop (through the click redirect, decision 020).
    const targets = [...(thanksToAnn.html ?? "").matchAll(/href="([^"]*\/email\/click\?[^"]+)"/g)].map((match) => new URL(match[1].replace(/&amp;/g, "&")).searchParams.get("u"));
    expect(targets.some((target) => new RegExp(`^https://${stack.shop.replace(/\./g, "\\.")}/products/[\\w-]+$`).test(target ?? ""))).toBe(true);
    expect(thanksToAnn.headers["list-unsubscribe"]).toContain(`${stack.app.url}/email/unsubscribe?token=`);
    // Her next-order code: created in Shopify (the sandbox) for her alone, single use, 10% off, 30 days.
    const code = /<strong>(THANKS-[A-Z0-9]{8})<\/strong>/.exec(thanksToAnn.html ?? "")?.[1];
    expect(code).toBeDefined();
    expect(targets).toContain(`https://${stack.shop}/discount/${code}`);
    const discount = (stack.sandbox.context.store.state.discounts ?? []).find((d) => d.codes.some((c) => c.code === code))!;
    expect(discount).toMatchObject({ customerIds: [ann.id], usageLimit: 1, value: { type: "percentage", percentage: 0.1 } });
    expect(Math.round((Date.parse(discount.endsAt!) - Date.now()) / 86_400_000)).toBe(30);
    await waitForMail(stack, bob.email, 1, "the thank-you email to Bob");
    // Cy has no marketing consent: the thank-you (transactional) comes, without the offer.
    const [thanksToCy] = await waitForMail(stack, cy.email, 1, "the thank-you email to Cy");
    expect(thanksToCy.html).not.toContain("THANKS-");
    expect(thanksToCy.html).toContain("Thank you for your order");
    // The log row is marked sent once SMTP has answered (just after the mail lands).
    const sent = await eventually(async () => {
      const rows = await stack.db.flowStepRun.findMany({ where: { shop: stack.shop, outcome: "sent" } });
      return rows.length === 3 ? rows : null;
    }, "three sent log rows");
    expect(sent.map((row) => row.email).sort()).toEqual([ann.email, bob.email, cy.email].sort());
    expect(sent.find((row) => row.email === ann.email)?.discountCode).toBe(code);
    expect(sent.find((row) => row.email === cy.email)?.discountCode).toBeNull();
  });

  it("does not enrol twice when the webhook is replayed or the order updated", async () => {
    await deliverOrderWebhook(stack, "orders/paid", annOrder);
    await deliverOrderWebhook(stack, "orders/updated", { ...annOrder, updatedAt: new Date(Date.now() + 1000).toISOString() });
    expect(await stack.db.flowRun.count({ where: { shop: stack.shop, customerId: String(ann.id) } })).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // two scheduler ticks
    expect(mailTo(stack, ann.email)).toHaveLength(1);
  });

  it("honours the unsubscribe link at once, refuses a forged one, and sends no more marketing mail", async () => {
    const link = /href="([^"]*\/email\/unsubscribe\?token=[^"]+)"/.exec(thanksToAnn.html ?? "")![1].replace(/&amp;/g, "&");
    const forged = await fetch(link.replace(/token=[^.]+/, "token=eyJzIjoieCIsImMiOiIxIn0"));
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("This unsubscribe link is not valid");
    expect(await stack.db.emailUnsubscribe.count({ where: { shop: stack.shop } })).toBe(0);

    const response = await fetch(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("You are unsubscribed");
    expect(await stack.db.emailUnsubscribe.findUnique({ where: { shop_customerId: { shop: stack.shop, customerId: String(ann.id) } } })).not.toBeNull();
    // Shopify (the sandbox) learns of it too.
    await eventually(async () => stack.sandbox.context.store.customer(ann.id)?.emailMarketingConsent === "UNSUBSCRIBED", "Shopify's consent to follow");
    await stack.sandbox.context.events.idle(); // its customers/update webhook has been answered

    // Three days pass for the feedback flow (its runs' trigger time moves back; the scheduler does the rest).
    const feedback = await stack.db.flow.findFirstOrThrow({ where: { shop: stack.shop, key: "feedback-day-3" } });
    const threeDaysAgo = new Date(Date.now() - 72 * 3_600_000 - 60_000);
    // (Retried: on SQLite the app's own writes can hold the lock for a moment.)
    await eventually(
      async () => (await stack.db.flowRun.updateMany({ where: { shop: stack.shop, flowId: feedback.id }, data: { enteredAt: threeDaysAgo, nextRunAt: threeDaysAgo } })).count === 3,
      "the feedback runs to move back three days",
    );
    const toBob = await waitForMail(stack, bob.email, 2, "the day-3 feedback email to Bob");
    expect(toBob).toHaveLength(2);
    const feedbackToBob = toBob.find((message) => !message.subject.startsWith("Thank you"))!;
    expect(feedbackToBob.subject).toMatch(/^How is your order from .+ working out\?$/);
    await eventually(
      async () => (await stack.db.flowStepRun.findFirst({ where: { shop: stack.shop, flowId: feedback.id, customerId: String(ann.id) } }))?.reason === "The customer unsubscribed",
      "Ann's feedback step to be skipped",
    );
    expect(mailTo(stack, ann.email)).toHaveLength(1);
    await eventually(
      async () => (await stack.db.flowStepRun.findFirst({ where: { shop: stack.shop, flowId: feedback.id, customerId: String(cy.id) } }))?.reason === "No email marketing consent",
      "Cy's feedback step to be skipped",
    );
    expect(mailTo(stack, cy.email)).toHaveLength(1);
  });

  it("shows per-step figures and the message log on the flows page", async () => {
    const page = await flowsPage();
    const thanks = page.flows.find((flow) => flow.key === "thanks-next-order")!;
    const feedback = page.flows.find((flow) => flow.key === "feedback-day-3")!;
    expect(thanks.steps[0]).toMatchObject({ entered: 3, sent: 3, skipped: 0, unsubscribed: 1 });
    expect(feedback.steps[0]).toMatchObject({ entered: 3, sent: 1, skipped: 2, unsubscribed: 0 });
    expect(page.log.find((entry) => entry.email === ann.email && entry.outcome === "skipped")?.reason).toBe("The customer unsubscribed");
  });
});
