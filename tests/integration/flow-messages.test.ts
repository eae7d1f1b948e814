// Flow messages end to end over real HTTP (decision 020): the email in the sandbox inbox carries
// tracked storefront links and signed feedback links; a click redirects and is recorded once, a
// forged link gets a 400 and writes nothing, a feedback click stores the score (a later one changes
// it), and an order after the click counts as a conversion in the flows page's per-step figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerMessages } from "../../app/flows/message-events.server";
import type { SandboxCustomer } from "../../app/sandbox/store/types";
import { adminFetch, sessionToken } from "../support/shopify-requests";
import { addPaidSandboxOrder, addSandboxCustomer, deliverOrderWebhook, installAndImportHistory, toggleFlow, waitForMail } from "../support/sandbox-shop";
import { eventually, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ mail: true });
  await installAndImportHistory(stack);
}, 240_000);
afterAll(async () => {
  await stack?.stop();
});

const trackedLinks = (html: string) =>
  [...html.matchAll(/href="([^"]*\/email\/click\?[^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, "&"));
const feedbackLink = (html: string, score: number) =>
  [...html.matchAll(/href="([^"]*\/email\/feedback\?[^"]+)"/g)].map((match) => match[1].replace(/&amp;/g, "&")).find((url) => new URL(url).searchParams.get("score") === String(score))!;

describe("tracked links, feedback and conversions", () => {
  let dee: SandboxCustomer;
  let link: string;

  it("sends storefront links through the signed click redirect", async () => {
    expect(await toggleFlow(stack, "thanks-next-order", true)).toMatchObject({ status: 200 });
    expect(await toggleFlow(stack, "feedback-day-3", true)).toMatchObject({ status: 200 });
    dee = addSandboxCustomer(stack, "Dee");
    await deliverOrderWebhook(stack, "orders/paid", addPaidSandboxOrder(stack, dee, { namePrefix: "F" }));
    const [thanks] = await waitForMail(stack, dee.email, 1, "the thank-you email to Dee");
    const links = trackedLinks(thanks.html ?? "");
    const code = /<strong>(THANKS-[A-Z0-9]{8})<\/strong>/.exec(thanks.html ?? "")![1];
    link = links.find((url) => new URL(url).searchParams.get("u") === `https://${stack.shop}/discount/${code}`)!;
    expect(link.startsWith(`${stack.app.url}/email/click?`)).toBe(true);
    // No raw storefront link is left; the unsubscribe link is not tracked.
    expect(thanks.html).not.toContain(`href="https://${stack.shop}`);
    expect(thanks.html).toContain(`${stack.app.url}/email/unsubscribe?token=`);
    expect(thanks.text).toContain("/email/click?");
  });

  it("redirects to the target and records the click once", async () => {
    await eventually(async () => (await stack.db.flowStepRun.count({ where: { shop: stack.shop, customerId: String(dee.id), outcome: "sent" } })) === 1, "Dee's thank-you marked sent");
    for (let i = 0; i < 2; i++) {
      const response = await fetch(link, { redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(new URL(link).searchParams.get("u"));
    }
    const clicks = await stack.db.flowMessageClick.findMany({ where: { shop: stack.shop, customerId: String(dee.id) } });
    expect(clicks).toHaveLength(1);
  });

  it("refuses a forged link with a readable 400 and writes nothing", async () => {
    const forged = new URL(link);
    forged.searchParams.set("u", "https://evil.example/phish");
    const response = await fetch(forged, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This link does not work");
    const unsigned = new URL(link);
    unsigned.searchParams.delete("s");
    expect((await fetch(unsigned, { redirect: "manual" })).status).toBe(400);
    expect(await stack.db.flowMessageClick.count({ where: { shop: stack.shop, customerId: String(dee.id) } })).toBe(1);
  });

  it("stores the feedback score from the day-3 email, a later click changing it", async () => {
    const feedback = await stack.db.flow.findFirstOrThrow({ where: { shop: stack.shop, key: "feedback-day-3" } });
    const threeDaysAgo = new Date(Date.now() - 72 * 3_600_000 - 60_000);
    await eventually(
      async () =>
        (await stack.db.flowRun.updateMany({ where: { shop: stack.shop, flowId: feedback.id, customerId: String(dee.id) }, data: { enteredAt: threeDaysAgo, nextRunAt: threeDaysAgo } })).count === 1,
      "Dee's feedback run to move back three days",
    );
    const mails = await waitForMail(stack, dee.email, 2, "the day-3 feedback email to Dee");
    const question = mails.find((message) => message.subject.startsWith("How is your order"))!;
    const nine = feedbackLink(question.html ?? "", 9);
    expect(nine.startsWith(`${stack.app.url}/email/feedback?`)).toBe(true);
    const answered = await fetch(nine);
    expect(answered.status).toBe(200);
    expect((await answered.text()).replace(/<!-- -->/g, "")).toContain("You answered 9 out of 10");
    const forged = new URL(nine);
    forged.searchParams.set("score", "10");
    expect((await fetch(forged)).status).toBe(400);
    const stored = await stack.db.flowFeedback.findMany({ where: { shop: stack.shop, customerId: String(dee.id) } });
    expect(stored.map((row) => row.score)).toEqual([9]);
    expect((await fetch(feedbackLink(question.html ?? "", 3))).status).toBe(200);
    const changed = await stack.db.flowFeedback.findMany({ where: { shop: stack.shop, customerId: String(dee.id) } });
    expect(changed.map((row) => row.score)).toEqual([3]);
  });

  it("counts an order after the click as a conversion in the per-step figures, with the NPS", async () => {
    // The log row is marked sent once SMTP has answered (just after the mail lands).
    await eventually(async () => (await stack.db.flowStepRun.count({ where: { shop: stack.shop, customerId: String(dee.id), outcome: "sent" } })) === 2, "both of Dee's emails marked sent");
    // Order times travel in whole seconds: place it in a later second than the feedback email's send.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const order = addPaidSandboxOrder(stack, dee, { namePrefix: "F" }); // her second order, placed now
    await deliverOrderWebhook(stack, "orders/paid", order);
    const response = await adminFetch(`${stack.app.url}/app/flows?_data=routes%2Fapp.flows`, { bearer: sessionToken(stack) });
    const page = (await response.json()) as {
      flows: { key: string; steps: { sent: number; clicked: number; converted: number; revenueCents: number }[] }[];
      feedback: { answers: number; nps: number | null };
    };
    const thanks = page.flows.find((flow) => flow.key === "thanks-next-order")!.steps[0];
    expect(thanks).toMatchObject({ sent: 1, clicked: 1, converted: 1 });
    expect(thanks.revenueCents).toBeGreaterThan(0);
    expect(page.flows.find((flow) => flow.key === "feedback-day-3")!.steps[0]).toMatchObject({ sent: 1, clicked: 0, converted: 1 });
    expect(page.feedback).toMatchObject({ answers: 1, nps: -100 });
    // The dashboard counts her order once (both emails claim it) with its total, and the same NPS.
    const dashboard = await adminFetch(`${stack.app.url}/app?days=30&_data=routes%2Fapp._index`, { bearer: sessionToken(stack) });
    expect(dashboard.status).toBe(200);
    const figures = (await dashboard.json()) as { flows: { sent: number; conversions: number; revenueCents: number }; nps: { answers: number; nps: number | null } };
    expect(figures.flows).toMatchObject({ sent: 2, conversions: 1, revenueCents: order.totalCents });
    expect(figures.nps).toEqual({ answers: 1, promoters: 0, detractors: 1, nps: -100 });
    // The customer's message log (loyalty member page).
    const log = await customerMessages(stack.db, stack.shop, String(dee.id));
    expect(log.map((entry) => [entry.stepName, entry.clicks, entry.convertedOrderId !== null, entry.feedbackScore])).toEqual([
      ["Feedback request", 0, true, 3],
      [expect.any(String), 1, true, null],
    ]);
  });
});
