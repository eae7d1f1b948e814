// /app/loyalty/rewards. The trailing "_" keeps it out of app.loyalty.tsx, which is a page, not a layout.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { describeReward, parseRewardForm, rewardFormValues, type Reward, type RewardKind } from "~/loyalty/rewards";
import { createReward, listRewards, setRewardEnabled, updateReward } from "~/loyalty/rewards.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";

async function shopCurrency(shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? "USD";
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [rewards, currencyCode] = await Promise.all([listRewards(db, session.shop), shopCurrency(session.shop)]);
  return json({ rewards, currencyCode });
};

const intentSchema = z.object({
  intent: z.enum(["save", "enable", "disable"], { errorMap: () => ({ message: "Unknown action" }) }),
  id: z.string().optional(),
});

type ActionData = { ok: boolean; message?: string; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = intentSchema.safeParse(form);
  if (!parsed.success) return json<ActionData>({ ok: false, errors: { form: parsed.error.issues[0].message } }, { status: 400 });
  const { intent, id } = parsed.data;
  const notFound = () => json<ActionData>({ ok: false, errors: { form: "That reward does not exist." } }, { status: 404 });
  if (intent === "enable" || intent === "disable") {
    if (!id || !(await setRewardEnabled(db, session.shop, id, intent === "enable"))) return notFound();
    return json<ActionData>({ ok: true, message: intent === "enable" ? "Reward enabled" : "Reward disabled: codes already issued stay valid", errors: {} });
  }
  const result = parseRewardForm(form, await shopCurrency(session.shop));
  if (!result.ok) return json<ActionData>({ ok: false, errors: result.errors }, { status: 400 });
  if (id) {
    if (!(await updateReward(db, session.shop, id, result.reward))) return notFound();
    return json<ActionData>({ ok: true, message: "Reward saved", errors: {} });
  }
  await createReward(db, session.shop, result.reward);
  return json<ActionData>({ ok: true, message: "Reward added", errors: {} });
};

const KIND_OPTIONS: { label: string; value: RewardKind }[] = [
  { label: "Fixed amount off", value: "fixed_amount" },
  { label: "Percentage off", value: "percentage" },
  { label: "Free shipping", value: "free_shipping" },
  { label: "Free product", value: "free_product" },
];

const EMPTY_FORM = { name: "", pointsCost: "", kind: "fixed_amount", amount: "", percent: "", productVariantId: "", minimumSubtotal: "", codeValidDays: "30" };

function RewardForm({ editing, currencyCode, errors, onCancel }: { editing: Reward | null; currencyCode: string; errors: Record<string, string>; onCancel: () => void }) {
  const navigation = useNavigation();
  const [values, setValues] = useState<Record<string, string>>(editing ? rewardFormValues(editing, currencyCode) : EMPTY_FORM);
  const field = (name: string, label: string, extra: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField
      label={label}
      name={name}
      value={values[name] ?? ""}
      onChange={(value) => setValues((v) => ({ ...v, [name]: value }))}
      error={errors[name]}
      autoComplete="off"
      {...extra}
    />
  );
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {editing ? `Edit “${editing.name}”` : "Add a reward"}
        </Text>
        {field("name", "Name shown to customers", { placeholder: "$5 off your next order" })}
        {field("pointsCost", "Points it costs", { type: "number" })}
        <Select label="What it gives" name="kind" options={KIND_OPTIONS} value={values.kind} onChange={(kind) => setValues((v) => ({ ...v, kind }))} error={errors.kind} />
        {values.kind === "fixed_amount" ? field("amount", `Amount off (${currencyCode})`, { inputMode: "decimal" }) : null}
        {values.kind === "percentage" ? field("percent", "Percent off", { type: "number", suffix: "%" }) : null}
        {values.kind === "free_product" ? field("productVariantId", "Product variant id", { helpText: "The numeric id of the variant given free." }) : null}
        {field("minimumSubtotal", `Minimum order subtotal (${currencyCode}, optional)`, { inputMode: "decimal" })}
        {field("codeValidDays", "Code valid for (days, empty = no expiry)", { type: "number" })}
        <InlineStack gap="200">
          <Button submit variant="primary" loading={navigation.state === "submitting"}>
            {editing ? "Save reward" : "Add reward"}
          </Button>
          {editing ? <Button onClick={onCancel}>Cancel</Button> : null}
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

export default function LoyaltyRewards() {
  const { rewards, currencyCode } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [editing, setEditing] = useState<Reward | null>(null);
  // Bumped after each successful save, so the form starts empty again.
  const [saved, setSaved] = useState(0);
  useEffect(() => {
    if (actionData?.ok) {
      setEditing(null);
      setSaved((n) => n + 1);
    }
  }, [actionData]);
  const money = (cents: number) => formatMoney(cents, currencyCode);
  const errors = actionData && !actionData.ok ? actionData.errors : {};
  return (
    <Page title="Rewards" backAction={{ content: "Loyalty", url: "/app/loyalty" }}>
      <TitleBar title="Rewards" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {actionData?.ok && actionData.message ? <Banner tone="success">{actionData.message}</Banner> : null}
            {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
            {actionData && !actionData.ok && !errors.form ? <Banner tone="critical">Nothing was saved: check the fields marked below.</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Rewards customers can redeem
                </Text>
                {rewards.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No rewards yet. Customers redeem points for a single-use discount code made just for them.
                  </Text>
                ) : null}
                {rewards.map((reward) => (
                  <InlineStack key={reward.id} align="space-between" blockAlign="center" wrap={false}>
                    <BlockStack gap="050">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {reward.name}
                        </Text>
                        {reward.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}
                      </InlineStack>
                      <Text as="span" tone="subdued">
                        {`${reward.pointsCost.toLocaleString("en-US")} points · ${describeReward(reward, money)}${reward.codeValidDays ? ` · code valid ${reward.codeValidDays} days` : ""}`}
                      </Text>
                    </BlockStack>
                    <InlineStack gap="200">
                      <Button onClick={() => setEditing(reward)} accessibilityLabel={`Edit ${reward.name}`}>
                        Edit
                      </Button>
                      <Form method="post">
                        <input type="hidden" name="intent" value={reward.enabled ? "disable" : "enable"} />
                        <input type="hidden" name="id" value={reward.id} />
                        <Button submit variant="plain" tone={reward.enabled ? "critical" : undefined} accessibilityLabel={`${reward.enabled ? "Disable" : "Enable"} ${reward.name}`}>
                          {reward.enabled ? "Disable" : "Enable"}
                        </Button>
                      </Form>
                    </InlineStack>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
            <Card>
              <RewardForm key={editing ? `edit-${editing.id}` : `new-${saved}`} editing={editing} currencyCode={currencyCode} errors={errors} onCancel={() => setEditing(null)} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
