import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, ChoiceList, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { BUNDLE_COMPLEMENTS, MAX_CONFIG_BYTES, parseBundleSettingsForm, type BundleFormErrors } from "~/cross-sell/bundle-discount";
import { bundleDiscountFailure, loadBundleDiscount, saveBundleDiscount, shopifyBundleStatus } from "~/cross-sell/bundle-discount.server";
import { db } from "~/db.server";
import { fromMinorUnits } from "~/money/money";
import { authenticate } from "~/shopify.server";

async function shopCurrency(shop: string) {
  return (await db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }))?.currencyCode ?? "USD";
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [saved, currencyCode] = await Promise.all([loadBundleDiscount(db, session.shop), shopCurrency(session.shop)]);
  let shopify: { status: string | null; configBytes: number | null; error?: string };
  try {
    shopify = await shopifyBundleStatus(admin, saved.shopifyDiscountId);
  } catch (error) {
    shopify = { status: null, configBytes: null, error: error instanceof Error ? error.message : String(error) };
  }
  return json({ ...saved, currencyCode, shopify });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = parseBundleSettingsForm(Object.fromEntries(await request.formData()), await shopCurrency(session.shop));
  if (!parsed.ok) return json({ ok: false as const, errors: parsed.errors }, { status: 400 });
  try {
    const outcome = await saveBundleDiscount(db, admin, session.shop, parsed.settings);
    return json({ ok: true as const, ...outcome });
  } catch (error) {
    const message = bundleDiscountFailure(error);
    if (!message) throw error;
    console.error(`Encore: saving the bundle discount for ${session.shop} failed`, error);
    return json({ ok: false as const, errors: { form: message } satisfies BundleFormErrors }, { status: 502 });
  }
};

const statusBadge: Record<string, { tone?: "success" | "attention" | "critical"; label: string }> = {
  ACTIVE: { tone: "success", label: "Active in Shopify" },
  SCHEDULED: { tone: "attention", label: "Scheduled in Shopify" },
  EXPIRED: { tone: "critical", label: "Expired in Shopify" },
  MISSING: { tone: "critical", label: "Deleted in Shopify: save to create it again" },
};

export default function BundleDiscountPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { settings } = data;
  const [enabled, setEnabled] = useState(settings.enabled);
  const [kind, setKind] = useState<string>(settings.kind);
  const [value, setValue] = useState(
    settings.kind === "fixed" && settings.amountCents !== null ? fromMinorUnits(settings.amountCents, data.currencyCode) : String(settings.percentage ?? 10),
  );
  const [scope, setScope] = useState(settings.requireAll ? "all" : "atLeast");
  const [minComplements, setMinComplements] = useState(String(settings.minComplements));
  const [combines, setCombines] = useState(settings.combinesWith);
  const errors: BundleFormErrors = actionData && !actionData.ok ? actionData.errors : {};

  const save = () => {
    const form = new FormData();
    if (enabled) form.set("enabled", "on");
    form.set("kind", kind);
    form.set("value", value);
    form.set("scope", scope);
    form.set("minComplements", minComplements);
    if (combines.productDiscounts) form.set("combinesWithProductDiscounts", "on");
    if (combines.orderDiscounts) form.set("combinesWithOrderDiscounts", "on");
    if (combines.shippingDiscounts) form.set("combinesWithShippingDiscounts", "on");
    submit(form, { method: "post" });
  };

  const badge = data.shopify.status ? statusBadge[data.shopify.status] : null;
  return (
    <Page title="Bundle discount" backAction={{ content: "Cross-sell", url: "/app/cross-sell" }}>
      <TitleBar title="Bundle discount" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
            {actionData?.ok ? (
              <Banner tone="success">
                {!actionData.shopifyDiscountId
                  ? "Saved. The bundle discount is off."
                  : actionData.anchors === 0
                    ? "Saved. The discount is active, but no product has suggestions yet: bundles start as soon as Encore has some."
                    : `Saved. The discount is live for ${actionData.anchors} product${actionData.anchors === 1 ? "" : "s"} with suggestions${actionData.dropped ? ` (${actionData.dropped} less-bought products left out to stay within Shopify's size limit)` : ""}.`}
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="400">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Discount on bundles
                  </Text>
                  {badge ? <Badge tone={badge.tone}>{badge.label}</Badge> : <Badge>Not in Shopify</Badge>}
                </InlineStack>
                {data.shopify.error ? <Banner tone="warning">Could not read the discount from Shopify: {data.shopify.error}</Banner> : null}
                <Text as="p" tone="subdued">
                  Shoppers who buy a product together with the products Encore suggests for it get this discount at checkout. It applies
                  only to suggestions added from Encore&apos;s blocks, one of each product per bundle.
                </Text>
                <Checkbox label="Offer a bundle discount" checked={enabled} onChange={setEnabled} />
                <ChoiceList
                  title="Discount type"
                  choices={[
                    { label: "Percentage off each product in the bundle", value: "percentage" },
                    { label: `Fixed amount off the bundle (${data.currencyCode})`, value: "fixed" },
                  ]}
                  selected={[kind]}
                  onChange={(selected) => setKind(selected[0])}
                  error={errors.kind}
                />
                <TextField
                  label={kind === "percentage" ? "Percentage" : `Amount (${data.currencyCode})`}
                  type="text"
                  inputMode="decimal"
                  suffix={kind === "percentage" ? "%" : data.currencyCode}
                  value={value}
                  onChange={setValue}
                  error={errors.value}
                  autoComplete="off"
                  helpText={kind === "fixed" ? "Never more than what the bundle costs." : undefined}
                />
                <ChoiceList
                  title="The shopper must buy"
                  choices={[
                    { label: `All the suggested products (up to ${BUNDLE_COMPLEMENTS}; show that many in the block)`, value: "all" },
                    { label: "At least some of them", value: "atLeast" },
                  ]}
                  selected={[scope]}
                  onChange={(selected) => setScope(selected[0])}
                  error={errors.scope}
                />
                {scope === "atLeast" ? (
                  <TextField
                    label="How many suggested products"
                    type="number"
                    min={1}
                    max={BUNDLE_COMPLEMENTS}
                    value={minComplements}
                    onChange={setMinComplements}
                    error={errors.minComplements}
                    autoComplete="off"
                  />
                ) : null}
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    Combines with
                  </Text>
                  <Checkbox label="Other product discounts" checked={combines.productDiscounts} onChange={(checked) => setCombines({ ...combines, productDiscounts: checked })} />
                  <Checkbox label="Order discounts" checked={combines.orderDiscounts} onChange={(checked) => setCombines({ ...combines, orderDiscounts: checked })} />
                  <Checkbox label="Shipping discounts" checked={combines.shippingDiscounts} onChange={(checked) => setCombines({ ...combines, shippingDiscounts: checked })} />
                </BlockStack>
                <InlineStack>
                  <Button variant="primary" onClick={save} loading={navigation.state === "submitting"}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                How it works
              </Text>
              <Text as="p">
                Shopify runs Encore&apos;s discount function at checkout. Encore tells it which products may be bought with which, from
                the suggestions it computes; the list is refreshed when suggestions change.
              </Text>
              <Text as="p" tone="subdued">
                {data.configSyncedAt
                  ? `${data.configAnchors} products have a bundle (${data.shopify.configBytes ?? "?"} of ${MAX_CONFIG_BYTES.toLocaleString("en-US")} bytes Shopify allows), updated ${new Date(data.configSyncedAt).toISOString().slice(0, 16).replace("T", " ")} UTC.`
                  : "No bundle configuration in Shopify yet."}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
