import { referralOutcomeText } from "~/loyalty/referral-outcome";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { enqueueTask } from "~/jobs/queue.server";
import { fieldErrors } from "~/loyalty/program";
import { adjustmentFormSchema } from "~/loyalty/members";
import { adjustMemberPoints, memberDetail } from "~/loyalty/members.server";
import { advocateReferrals } from "~/loyalty/referrals.server";
import { customerMessages } from "~/flows/message-events.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";

// Shopify's numeric ids, or the pseudonym a redacted customer's ledger keeps.
const customerIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "Not a customer id");

function customerIdOf(params: LoaderFunctionArgs["params"]): string {
  const parsed = customerIdSchema.safeParse(params.customerId);
  if (!parsed.success) throw json({ message: "No such customer in this shop." }, { status: 404 });
  return parsed.data;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const customerId = customerIdOf(params);
  const [member, referrals, messages, shopRow] = await Promise.all([
    memberDetail(db, session.shop, customerId),
    advocateReferrals(db, session.shop, customerId),
    customerMessages(db, session.shop, customerId),
    db.shop.findUnique({ where: { domain: session.shop }, select: { currencyCode: true } }),
  ]);
  if (!member) throw json({ message: "No such customer in this shop." }, { status: 404 });
  // A fresh id per rendered form: submitting it twice records one adjustment.
  return json({ member, referrals, messages, currencyCode: shopRow?.currencyCode ?? "USD", submissionId: crypto.randomUUID() });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const customerId = customerIdOf(params);
  const parsed = adjustmentFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false as const, errors: fieldErrors(parsed.error) }, { status: 400 });
  const result = await adjustMemberPoints(db, session.shop, customerId, parsed.data);
  if (!result.ok) return json({ ok: false as const, errors: { points: result.message } as Record<string, string> }, { status: result.status });
  if (!result.duplicate) await enqueueTask("syncLoyaltyToShopify", { shop: session.shop }, { unique: true });
  return json({ ok: true as const, duplicate: result.duplicate, available: result.available, errors: {} as Record<string, string> });
};

const count = (n: number) => n.toLocaleString("en-US");
const signed = (n: number) => (n > 0 ? `+${count(n)}` : count(n));
const when = (iso: string) => iso.slice(0, 16).replace("T", " ");

export default function LoyaltyMember() {
  const { member, referrals, messages, currencyCode, submissionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  useEffect(() => {
    if (actionData?.ok) {
      setPoints("");
      setReason("");
      window.shopify?.toast?.show(actionData.duplicate ? "Already recorded" : "Points adjusted");
    }
  }, [actionData]);
  const rows = member.entries.map((entry) => [
    when(entry.createdAt),
    entry.kind,
    entry.points !== 0 ? signed(entry.points) : "—",
    entry.pendingPoints !== 0 ? signed(entry.pendingPoints) : "—",
    [entry.reason ?? "", entry.shortfall > 0 ? `(${count(entry.shortfall)} could not be taken)` : "", entry.multiplierPercent && entry.multiplierPercent !== 100 ? `(×${entry.multiplierPercent / 100})` : ""]
      .filter(Boolean)
      .join(" "),
    entry.sourceKey,
  ]);
  return (
    <Page title={member.name} subtitle={member.email ?? undefined} backAction={{ content: "Members", url: "/app/loyalty/members" }} titleMetadata={member.tier?.tierName ? <Badge tone="info">{member.tier.tierName}</Badge> : undefined}>
      <TitleBar title={member.name} />
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            {(
              [
                ["Spendable", member.balance.available],
                ["Pending", member.balance.pending],
                ["Lifetime earned", member.balance.lifetimeEarned],
                ["Not recovered on refunds", member.balance.shortfall],
              ] as const
            ).map(([label, value]) => (
              <Card key={label}>
                <BlockStack gap="100">
                  <Text as="h2" tone="subdued">
                    {label}
                  </Text>
                  <Text as="p" variant="headingLg">
                    {count(value)}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Adjust points
                </Text>
                {actionData?.ok ? <Banner tone="success">{actionData.duplicate ? "This adjustment was already recorded." : "Points adjusted."}</Banner> : null}
                {errors.submissionId ? <Banner tone="critical">{errors.submissionId}</Banner> : null}
                <input type="hidden" name="submissionId" value={submissionId} />
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                  <TextField label="Points" name="points" type="number" autoComplete="off" value={points} onChange={setPoints} error={errors.points} helpText="Positive to add, negative to take (never more than the spendable balance)." />
                  <TextField label="Reason" name="reason" autoComplete="off" value={reason} onChange={setReason} error={errors.reason} helpText="Required; shown in the history." />
                </InlineGrid>
                <InlineStack align="end">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    Adjust
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "text", "text"]}
              headings={["When (UTC)", "Kind", "Spendable", "Pending", "Reason", "Source"]}
              rows={rows}
              footerContent={rows.length === 0 ? "No points history yet." : `${count(rows.length)} entries`}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Tier history
              </Text>
              {member.tierChanges.length === 0 ? (
                <Text as="p" tone="subdued">
                  No tier changes.
                </Text>
              ) : (
                member.tierChanges.map((change) => (
                  <Text as="p" key={change.id}>
                    {`${when(change.createdAt)}: ${change.fromTier ?? "No tier"} → ${change.toTier ?? "No tier"}. ${change.reason}`}
                  </Text>
                ))
              )}
              {member.reminders.map((reminder) => (
                <Text as="p" tone="caution" key={reminder.expiresAt}>
                  {`${count(reminder.points)} points expire on ${reminder.expiresAt.slice(0, 10)} without activity (reminder recorded).`}
                </Text>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Referrals
              </Text>
              {referrals.length === 0 ? (
                <Text as="p" tone="subdued">
                  No referred orders.
                </Text>
              ) : (
                referrals.map((r) => (
                  <Text as="p" key={r.orderId} tone={r.status === "rewarded" ? undefined : "caution"}>
                    {`${when(r.createdAt)}: order ${r.orderName} by ${r.friendEmail ?? "a guest"}: ${referralOutcomeText(r)}`}
                  </Text>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {/* Flow emails to this customer (decision 020); opens are not tracked (no pixel). */}
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "numeric", "text", "numeric"]}
              headings={["Email sent (UTC)", "Flow / step", "Subject", "Outcome", "Clicks", "Converted", "Feedback"]}
              rows={messages.map((message) => [
                when(message.at),
                `${message.flowName} / ${message.stepName}`,
                message.subject ?? "",
                message.outcome,
                message.clicks,
                message.convertedOrderId ? `Order ${message.convertedOrderId} (${formatMoney(message.convertedCents ?? 0, currencyCode)})` : "",
                message.feedbackScore === null ? "" : `${message.feedbackScore}/10`,
              ])}
              footerContent={messages.length === 0 ? "No flow emails to this customer yet." : `${count(messages.length)} flow emails`}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
