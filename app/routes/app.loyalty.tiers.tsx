import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { db } from "~/db.server";
import { enqueueTask } from "~/jobs/queue.server";
import { describeThreshold, type Tier, type TierRules } from "~/loyalty/tiers";
import { syncTierDiscount, tierDiscountFailure, tierDiscountStatus, type TierDiscountStatus } from "~/loyalty/tier-discount.server";
import { deleteTier, listTiers, saveTier, tierRules } from "~/loyalty/tiers.server";
import { fromMinorUnits } from "~/money/money";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [tiers, rules] = await Promise.all([listTiers(db, session.shop), tierRules(db, session.shop)]);
  let discount: TierDiscountStatus | null = null;
  let discountUnknown: string | null = null;
  try {
    discount = await tierDiscountStatus(db, admin, session.shop);
  } catch (error) {
    const message = tierDiscountFailure(error);
    if (!message) throw error;
    discountUnknown = message; // the page still works; only the discount's status is unknown
  }
  return json({ tiers, rules, discount, discountUnknown });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "delete") {
    if (!(await deleteTier(db, session.shop, String(form.id ?? "")))) return json({ ok: false as const, id: String(form.id ?? ""), errors: { form: "That tier no longer exists." } as Record<string, string> }, { status: 404 });
  } else {
    const result = await saveTier(db, session.shop, form);
    if (!result.ok) return json({ ok: false as const, id: String(form.id ?? ""), errors: result.errors }, { status: result.status });
  }
  // Members follow the new thresholds; a renamed tier reaches their Shopify metafield (the discount reads it).
  await enqueueTask("evaluateLoyaltyTiers", { shop: session.shop, trigger: "Tiers edited", sync: true }, { unique: true });
  // The checkout discount follows the tiers' percentages (on, updated, or off). The tier is saved
  // either way; a refusal is shown and the next save tries again.
  let discountError: string | null = null;
  try {
    await syncTierDiscount(db, admin, session.shop);
  } catch (error) {
    discountError = tierDiscountFailure(error);
    if (!discountError) throw error;
  }
  return json({ ok: true as const, id: String(form.id ?? ""), errors: {} as Record<string, string>, discountError });
};

function TierForm({ tier, rules, errors }: { tier: Tier | null; rules: TierRules; errors: Record<string, string> }) {
  const navigation = useNavigation();
  const [values, setValues] = useState({
    name: tier?.name ?? "",
    threshold: tier ? (rules.basis === "spent" ? fromMinorUnits(tier.threshold, rules.currencyCode) : String(tier.threshold)) : "",
    multiplierPercent: String(tier?.multiplierPercent ?? 100),
    discountPercent: String(tier?.discountPercent ?? 0),
  });
  const field = (name: keyof typeof values) => ({ name, value: values[name], onChange: (value: string) => setValues({ ...values, [name]: value }), error: errors[name], autoComplete: "off" });
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {tier ? tier.name : "New tier"}
          </Text>
          {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
          {tier ? <input type="hidden" name="id" value={tier.id} /> : null}
          <InlineGrid columns={{ xs: 1, md: 4 }} gap="300">
            <TextField label="Name" {...field("name")} />
            <TextField
              label={rules.basis === "spent" ? `Money spent (${rules.currencyCode})` : "Points earned"}
              helpText={rules.window === "rolling12" ? "In the last 12 months" : "In total"}
              {...field("threshold")}
            />
            <TextField label="Earn multiplier (%)" type="number" helpText="100 = none, 150 = 1.5x" {...field("multiplierPercent")} />
            <TextField label="Standing discount (%)" type="number" helpText="Off every order of a logged-in member; 0 = none" {...field("discountPercent")} />
          </InlineGrid>
          <input type="hidden" name="intent" value="save" />
          <InlineStack align="end">
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              {tier ? "Save" : "Add tier"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
      {tier ? (
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="id" value={tier.id} />
          <Button submit tone="critical" variant="plain">
            {`Delete ${tier.name}`}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

const DISCOUNT_BADGE = {
  active: { tone: "success", label: "Active in Shopify" },
  off: { tone: undefined, label: "Off" },
  "out-of-date": { tone: "attention", label: "Not up to date in Shopify" },
} as const;

/** Whether Shopify applies the tiers' standing discounts at checkout. */
function DiscountStatus({ tiers, discount, unknown }: { tiers: Tier[]; discount: TierDiscountStatus | null; unknown: string | null }) {
  const percents = tiers.filter((tier) => tier.discountPercent > 0).map((tier) => `${tier.name} ${tier.discountPercent}%`);
  const badge = discount ? DISCOUNT_BADGE[discount.state] : null;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Standing discount at checkout
          </Text>
          {badge ? (
            <span data-tier-discount-state={discount!.state}>
              <Badge tone={badge.tone}>{badge.label}</Badge>
            </span>
          ) : null}
        </InlineStack>
        {unknown ? <Banner tone="warning">{`Could not ask Shopify about the discount: ${unknown}`}</Banner> : null}
        {discount?.lastError ? <Banner tone="critical">{`${discount.lastError} Save a tier again to retry.`}</Banner> : null}
        <Text as="p" tone="subdued">
          {percents.length > 0
            ? `${percents.join(" · ")}, applied automatically to logged-in members' product lines. It combines with shipping discounts only: against another product or order discount (a reward code, a sale) Shopify gives the shopper the larger one.`
            : "No tier has a standing discount: set a percent on a tier to turn it on."}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function LoyaltyTiers() {
  const { tiers, rules, discount, discountUnknown } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorsFor = (id: string) => (actionData && !actionData.ok && actionData.id === id ? actionData.errors : {});
  return (
    <Page title="VIP tiers" backAction={{ content: "Loyalty", url: "/app/loyalty" }}>
      <TitleBar title="VIP tiers" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              {`Customers are in the highest tier their ${rules.basis === "spent" ? "money spent" : "points earned"} ${rules.window === "rolling12" ? "in the last 12 months" : "in total"} reaches, and move up and down automatically (after each order or refund, and daily). The basis and window are set on the program page.`}
            </Text>
            {actionData?.ok ? <Banner tone="success">Tiers saved; members are being re-evaluated.</Banner> : null}
            {actionData?.ok && actionData.discountError ? <Banner tone="critical">{`The checkout discount was not updated: ${actionData.discountError}`}</Banner> : null}
            <DiscountStatus tiers={tiers} discount={discount} unknown={discountUnknown} />
            {tiers.map((tier) => (
              <TierForm key={`${tier.id}:${tier.name}:${tier.threshold}`} tier={tier} rules={rules} errors={errorsFor(tier.id)} />
            ))}
            <TierForm key={`new:${tiers.length}`} tier={null} rules={rules} errors={errorsFor("")} />
            {tiers.length > 0 ? (
              <Text as="p" tone="subdued">
                {tiers.map((tier) => `${tier.name} from ${describeThreshold(rules, tier.threshold)}`).join(" · ")}
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
