import { FigureCard } from "~/components/FigureCard";
import { referralOutcomeText } from "~/loyalty/referral-outcome";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { db } from "~/db.server";
import { loadProgramForm, programFigures, saveProgramForm } from "~/loyalty/program.server";
import { recentReferrals } from "~/loyalty/referrals.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [program, figures, referrals] = await Promise.all([loadProgramForm(db, session.shop), programFigures(db, session.shop), recentReferrals(db, session.shop)]);
  return json({ program, figures, referrals });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await saveProgramForm(db, session.shop, Object.fromEntries(await request.formData()));
  if (!result.ok) return json({ errors: result.errors, saved: false as const }, { status: 400 });
  return json({ errors: {} as Record<string, string>, saved: true as const });
};

const count = (n: number) => n.toLocaleString("en-US");
const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

export default function Loyalty() {
  const { program, figures, referrals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const [enabled, setEnabled] = useState(program.enabled);
  const [fields, setFields] = useState({
    pointsPerUnit: String(program.pointsPerUnit),
    earningBasis: program.earningBasis as string,
    pendingDays: String(program.pendingDays),
    pointsPerMoneyUnit: String(program.pointsPerMoneyUnit),
    tierBasis: program.tierBasis as string,
    tierWindow: program.tierWindow as string,
    expiryDays: program.expiryDays === null ? "365" : String(program.expiryDays),
    expiryReminderDays: String(program.expiryReminderDays),
    signupPoints: String(program.signupPoints),
    firstOrderPoints: String(program.firstOrderPoints),
    birthdayPoints: String(program.birthdayPoints),
    referralAdvocatePoints: String(program.referralAdvocatePoints),
    referralFriendAmount: program.referralFriendCents > 0 ? (program.referralFriendCents / 100).toFixed(2) : "",
  });
  const [referralEnabled, setReferralEnabled] = useState(program.referralEnabled);
  const [expiryEnabled, setExpiryEnabled] = useState(program.expiryDays !== null);
  const field = (name: keyof typeof fields) => ({ name, value: fields[name], onChange: (value: string) => setFields({ ...fields, [name]: value }), error: errors[name] });
  useEffect(() => {
    if (actionData?.saved) window.shopify?.toast?.show("Program saved");
  }, [actionData]);
  const money = (cents: number) => formatMoney(cents, figures.currencyCode);

  return (
    <Page title="Loyalty" secondaryActions={[{ content: "Members", url: "/app/loyalty/members" }]}>
      <TitleBar title="Loyalty" />
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <FigureCard
              title="Points outstanding"
              value={count(figures.availablePoints + figures.pendingPoints)}
              detail={`${count(figures.availablePoints)} spendable, ${count(figures.pendingPoints)} pending, held by ${count(figures.members)} members. Worth ${money(figures.liabilityCents)} (liability).`}
            >
              {figures.shortfallPoints > 0 && (
                <Text as="p" tone="caution">
                  {`${count(figures.shortfallPoints)} points could not be taken back on refunds (already spent).`}
                </Text>
              )}
            </FigureCard>
            <FigureCard title="Redemption rate" value={percent(figures.redemptionRate)} detail="Points redeemed out of points earned (net of refunds)." />
            <FigureCard
              title="Repeat purchase rate, last 12 months"
              value={`${percent(figures.repeat.members.rate)} vs ${percent(figures.repeat.nonMembers.rate)}`}
              detail={`Members (${count(figures.repeat.members.customers)} customers) vs non-members (${count(figures.repeat.nonMembers.customers)}): share with 2 or more orders.`}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Form method="post">
            <BlockStack gap="400">
              {actionData?.saved ? <Banner tone="success">Program saved.</Banner> : null}
              {Object.keys(errors).length > 0 ? <Banner tone="critical">Nothing was saved: correct the fields marked below.</Banner> : null}
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Earning
                  </Text>
                  <Checkbox
                    label="The program is on"
                    helpText="Paid orders placed from now on earn points. Turning it off stops earning; balances stay."
                    checked={enabled}
                    onChange={setEnabled}
                  />
                  {enabled ? <input type="hidden" name="enabled" value="on" /> : null}
                  <TextField label="Points per unit of currency" type="number" autoComplete="off" helpText="E.g. 1 point per $1." {...field("pointsPerUnit")} />
                  <Select
                    label="Orders earn on"
                    options={[
                      { label: "Subtotal after discounts (no shipping, no tax)", value: "subtotal" },
                      { label: "Total paid (shipping and tax included)", value: "total" },
                    ]}
                    {...field("earningBasis")}
                  />
                  <TextField
                    label="Pending period (days)"
                    type="number"
                    autoComplete="off"
                    helpText="Order points become spendable after this many days, or when the order is fulfilled if sooner. A refund inside the period cancels pending points only."
                    {...field("pendingDays")}
                  />
                  <TextField
                    label="Points worth one unit of currency"
                    type="number"
                    autoComplete="off"
                    helpText="Values the points outstanding: 100 means 100 points are worth $1."
                    {...field("pointsPerMoneyUnit")}
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Actions
                  </Text>
                  <Text as="p" tone="subdued">
                    Points for each action; 0 switches the rule off.
                  </Text>
                  <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                    <TextField label="Account creation" type="number" autoComplete="off" {...field("signupPoints")} />
                    <TextField label="First order bonus" type="number" autoComplete="off" {...field("firstOrderPoints")} />
                    <TextField label="Birthday (once a year)" type="number" autoComplete="off" {...field("birthdayPoints")} />
                  </InlineGrid>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Referrals
                  </Text>
                  <Checkbox
                    label="Customers can refer friends"
                    helpText="Members get a personal link in the loyalty panel. The advocate earns points when a referred friend's first order is paid; self-referrals (same customer, email or shipping address) and repeat orders earn nothing."
                    checked={referralEnabled}
                    onChange={setReferralEnabled}
                  />
                  {referralEnabled ? <input type="hidden" name="referralEnabled" value="on" /> : null}
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <TextField label="Advocate points" type="number" autoComplete="off" {...field("referralAdvocatePoints")} />
                    <TextField
                      label={`Friend's discount on a first order (${figures.currencyCode})`}
                      autoComplete="off"
                      helpText="A single-use code given at the referral link; empty for none."
                      {...field("referralFriendAmount")}
                    />
                  </InlineGrid>
                  {referrals.length > 0 ? (
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm">
                        Latest referred orders
                      </Text>
                      {referrals.map((r) => (
                        <Text as="p" key={r.orderId} tone={r.status === "rewarded" ? undefined : "caution"}>
                          {`${r.orderName} (${r.friendEmail ?? "guest"}), advocate `}
                          <Link to={`/app/loyalty/members/${r.advocateId}`}>{r.advocateId}</Link>
                          {`: ${referralOutcomeText(r)}`}
                        </Text>
                      ))}
                    </BlockStack>
                  ) : null}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    VIP tiers and expiry
                  </Text>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <Select
                      label="Tiers are reached by"
                      options={[
                        { label: "Points earned", value: "points" },
                        { label: "Money spent", value: "spent" },
                      ]}
                      {...field("tierBasis")}
                    />
                    <Select
                      label="Counted over"
                      options={[
                        { label: "The customer's lifetime", value: "lifetime" },
                        { label: "The last 12 months (rolling)", value: "rolling12" },
                      ]}
                      {...field("tierWindow")}
                    />
                  </InlineGrid>
                  <Checkbox label="Spendable points expire after a period without activity" checked={expiryEnabled} onChange={setExpiryEnabled} />
                  {expiryEnabled ? <input type="hidden" name="expiryEnabled" value="on" /> : null}
                  {expiryEnabled ? (
                    <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                      <TextField label="Days without earning or redeeming" type="number" autoComplete="off" {...field("expiryDays")} />
                      <TextField label="Remind this many days before" type="number" autoComplete="off" {...field("expiryReminderDays")} />
                    </InlineGrid>
                  ) : (
                    <>
                      <input type="hidden" name="expiryDays" value={fields.expiryDays} />
                      <input type="hidden" name="expiryReminderDays" value={fields.expiryReminderDays} />
                    </>
                  )}
                  <Link to="/app/loyalty/tiers">Edit tiers</Link>
                </BlockStack>
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
