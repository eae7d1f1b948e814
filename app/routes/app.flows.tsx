import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { db } from "~/db.server";
import { THANK_YOU_SETTINGS_INTENT, ThankYouSettingsCard } from "~/components/ThankYouSettingsCard";
import { ATTRIBUTION_DAYS } from "~/flows/definition";
import { setFlowEnabled, setReplenishmentLeadDays } from "~/flows/flows.server";
import { parseThankYouSettingsForm } from "~/flows/next-order-code";
import { loadThankYouSettings, saveThankYouSettings } from "~/flows/next-order-code.server";
import { postPurchaseCard, savePostPurchaseSettingsForm } from "~/flows/post-purchase-offer.server";
import { flowsOverview, leadDaysSchema, toggleFlowSchema } from "~/flows/overview.server";
import { PostPurchaseSettingsCard, POST_PURCHASE_INTENT, type PostPurchaseActionData } from "~/components/PostPurchaseSettingsCard";
import { enqueueTask } from "~/jobs/queue.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, postPurchase, thankYou] = await Promise.all([flowsOverview(db, session.shop), postPurchaseCard(db, session.shop), loadThankYouSettings(db, session.shop)]);
  return json({ ...overview, postPurchase, thankYou });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === POST_PURCHASE_INTENT) {
    const outcome = await savePostPurchaseSettingsForm(db, session.shop, fields);
    const postPurchase: PostPurchaseActionData = outcome.ok ? { saved: true, fieldErrors: {} } : { saved: false, fieldErrors: outcome.fieldErrors };
    return json({ error: null, postPurchase }, { status: outcome.ok ? 200 : 400 });
  }
  if (fields.intent === THANK_YOU_SETTINGS_INTENT) {
    const settings = parseThankYouSettingsForm(fields);
    if (!settings.ok) return json({ error: "Check the thank-you page settings.", postPurchase: null, thankYouErrors: settings.errors }, { status: 400 });
    await saveThankYouSettings(db, session.shop, settings.settings);
    return json({ error: null, postPurchase: null });
  }
  if ("leadDays" in fields) {
    const lead = leadDaysSchema.safeParse(fields);
    if (!lead.success) return json({ error: lead.error.issues[0]?.message ?? "Enter the number of days before the predicted run-out.", postPurchase: null }, { status: 400 });
    await setReplenishmentLeadDays(db, session.shop, lead.data.key, lead.data.leadDays);
    return json({ error: null, postPurchase: null });
  }
  const parsed = toggleFlowSchema.safeParse(fields);
  if (!parsed.success) return json({ error: parsed.error.issues[0]?.message ?? "Choose a flow to switch on or off.", postPurchase: null }, { status: 400 });
  const flow = await setFlowEnabled(db, session.shop, parsed.data.key, parsed.data.enabled);
  // A replenishment flow needs the products' cycles: learned now, then daily.
  if (flow?.enabled && flow.trigger === "predicted_replenishment") await enqueueTask("refreshReplenishmentCycles", { shop: session.shop }, { unique: true });
  // A lapse flow scans at once, then daily.
  if (flow?.enabled && flow.trigger === "no_order_for_days") await enqueueTask("enrollLapsedCustomers", { shop: session.shop }, { unique: true });
  return json({ error: null, postPurchase: null });
};

const when = (hours: number, leadDays: number | null) =>
  leadDays !== null
    ? `${hours === 0 ? "On" : `${Math.abs(hours / 24)} days ${hours < 0 ? "before" : "after"}`} the predicted run-out`
    : hours === 0
      ? "At once"
      : hours % 24 === 0
        ? `Day ${hours / 24}`
        : `After ${hours} h`;

/** How many days before the predicted run-out a replenishment reminder goes out. */
function LeadDaysForm({ flowKey, leadDays, saving }: { flowKey: string; leadDays: number; saving: boolean }) {
  const [value, setValue] = useState(String(leadDays));
  return (
    <Form method="post">
      <input type="hidden" name="key" value={flowKey} />
      <InlineStack gap="200" blockAlign="end">
        <TextField label="Days before the predicted run-out" type="number" name="leadDays" value={value} onChange={setValue} min={0} max={30} autoComplete="off" />
        <Button submit loading={saving} accessibilityLabel="Save the days before the predicted run-out">
          Save
        </Button>
      </InlineStack>
    </Form>
  );
}

/** The feedback question's answers: NPS = promoters (9-10) minus detractors (1-6), as % of answers. */
function FeedbackSummary({ feedback }: { feedback: { answers: number; promoters: number; detractors: number; nps: number | null; comments: { score: number; comment: string; at: string }[] } }) {
  if (feedback.answers === 0) return <Text as="p" tone="subdued">Net Promoter Score: no answers yet.</Text>;
  return (
    <BlockStack gap="100">
      <Text as="p">
        Net Promoter Score: <strong>{feedback.nps}</strong> ({feedback.answers} {feedback.answers === 1 ? "answer" : "answers"}: {feedback.promoters} promoters, {feedback.detractors}{" "}
        detractors)
      </Text>
      {feedback.comments.map((comment) => (
        <Text as="p" tone="subdued" key={comment.at + comment.comment}>
          {comment.score}/10: “{comment.comment}”
        </Text>
      ))}
    </BlockStack>
  );
}

export default function Flows() {
  const { flows, log, currencyCode, postPurchase, thankYou, emailsWaiting, feedback } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <Page title="Flows" subtitle="Timed follow-up emails after an order, from the repeat-sales playbook.">
      <TitleBar title="Flows" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {actionData?.error ? <Banner tone="critical">{actionData.error}</Banner> : null}
            {emailsWaiting ? (
              <Banner tone="warning" title={`${emailsWaiting.count} ${emailsWaiting.count === 1 ? "email is" : "emails are"} waiting for the email server`}>
                <p>Encore keeps trying and sends each once the server accepts it. {emailsWaiting.reason}</p>
              </Banner>
            ) : null}
            <PostPurchaseSettingsCard
              data={postPurchase}
              saved={actionData?.postPurchase?.saved ?? false}
              fieldErrors={actionData?.postPurchase?.fieldErrors}
            />
            <ThankYouSettingsCard settings={thankYou} errors={actionData && "thankYouErrors" in actionData ? (actionData.thankYouErrors as Record<string, string>) : null} />
            {flows.map((flow) => (
              <Card key={flow.key}>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {flow.name}
                      </Text>
                      <Badge tone={flow.enabled ? "success" : undefined}>{flow.enabled ? "On" : "Off"}</Badge>
                    </InlineStack>
                    <Form method="post">
                      <input type="hidden" name="key" value={flow.key} />
                      <input type="hidden" name="enabled" value={flow.enabled ? "false" : "true"} />
                      <Button submit variant={flow.enabled ? "secondary" : "primary"} loading={navigation.formData?.get("key") === flow.key}>
                        {flow.enabled ? "Turn off" : "Turn on"}
                      </Button>
                    </Form>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {flow.summary} Converted: the customer ordered within {ATTRIBUTION_DAYS} days of the email.
                  </Text>
                  {flow.key === "feedback-day-3" ? <FeedbackSummary feedback={feedback} /> : null}
                  {flow.leadDays !== null ? (
                    <LeadDaysForm flowKey={flow.key} leadDays={flow.leadDays} saving={navigation.formData?.get("leadDays") !== undefined && navigation.formData?.get("key") === flow.key} />
                  ) : null}
                  <Text as="p">
                    Customers in the flow: {flow.runs.active} waiting, {flow.runs.completed} finished, {flow.runs.exited} left (ordered again)
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Step", "When", "Entered", "Sent", "Skipped", "Failed", "Clicked", "Unsubscribed", "Converted", "Revenue"]}
                    rows={flow.steps.map((step) => [
                      `${step.name}${step.purpose === "marketing" ? " (marketing)" : ""}`,
                      when(step.delayHours, flow.leadDays),
                      step.entered,
                      step.sent,
                      step.skipped,
                      step.failed,
                      step.clicked,
                      step.unsubscribed,
                      step.converted,
                      formatMoney(step.revenueCents, currencyCode),
                    ])}
                  />
                </BlockStack>
              </Card>
            ))}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Message log
                </Text>
                {log.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No messages yet. Switch a flow on: the next matching order starts it.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                    headings={["When (UTC)", "Flow / step", "Customer", "Outcome", "Subject / code", "Why"]}
                    rows={log.map((entry) => [
                      entry.at.replace("T", " ").slice(0, 16),
                      `${entry.flowName} / ${entry.stepName}`,
                      entry.email ?? entry.customerId,
                      entry.outcome,
                      [entry.subject, entry.discountCode].filter(Boolean).join(" · "),
                      entry.reason ?? "",
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
