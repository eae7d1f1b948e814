import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, ButtonGroup, Card, Checkbox, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { FALLBACK_LABELS, type FallbackSource } from "~/cross-sell/settings";
import { loadCrossSellSettings, saveCrossSellSettings } from "~/cross-sell/settings.server";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { enqueueBundleDiscountRefresh } from "~/jobs/tasks.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ settings: await loadCrossSellSettings(db, session.shop) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await saveCrossSellSettings(db, session.shop, Object.fromEntries(await request.formData()));
  if (!result.ok) return json({ errors: result.errors, saved: false as const }, { status: 400 });
  await enqueueBundleDiscountRefresh(session.shop);
  return json({ errors: {} as Record<string, string>, saved: true as const });
};

const HIDE_OPTIONS = [
  ["hideOutOfStock", "Hide out-of-stock products", "The block leaves out products shoppers cannot buy right now."],
  ["hideUnpublished", "Hide draft and archived products", undefined],
  ["hideGiftCards", "Hide gift cards", undefined],
  ["hideInCart", "Hide products already in the cart", undefined],
] as const;

export default function CrossSellSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const [itemsToShow, setItemsToShow] = useState(String(settings.itemsToShow));
  const [holdout, setHoldout] = useState(String(settings.holdoutPercent));
  const [hide, setHide] = useState<Record<string, boolean>>({
    hideOutOfStock: settings.hideOutOfStock,
    hideUnpublished: settings.hideUnpublished,
    hideGiftCards: settings.hideGiftCards,
    hideInCart: settings.hideInCart,
  });
  const [order, setOrder] = useState<FallbackSource[]>(settings.fallbackOrder);
  useEffect(() => {
    if (actionData?.saved) window.shopify?.toast?.show("Settings saved");
  }, [actionData]);
  const move = (index: number, by: -1 | 1) =>
    setOrder((current) => {
      const next = [...current];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });
  return (
    <Page title="Cross-sell settings" backAction={{ content: "Cross-sell", url: "/app/cross-sell" }}>
      <TitleBar title="Cross-sell settings" />
      <Form method="post">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {actionData?.saved ? <Banner tone="success">Settings saved.</Banner> : null}
              {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
              <Card>
                <BlockStack gap="300">
                  <TextField
                    label="Items to show"
                    name="itemsToShow"
                    type="number"
                    autoComplete="off"
                    value={itemsToShow}
                    onChange={setItemsToShow}
                    error={errors.itemsToShow}
                    helpText="How many suggestions the block shows (1 to 8)."
                  />
                  {HIDE_OPTIONS.map(([name, label, help]) => (
                    <div key={name}>
                      <Checkbox label={label} helpText={help} checked={hide[name]} onChange={(checked) => setHide({ ...hide, [name]: checked })} />
                      {hide[name] ? <input type="hidden" name={name} value="on" /> : null}
                    </div>
                  ))}
                  <TextField
                    label="Holdout (percent of shoppers who see no block)"
                    name="holdoutPercent"
                    type="number"
                    autoComplete="off"
                    value={holdout}
                    onChange={setHoldout}
                    error={errors.holdoutPercent}
                    helpText="Lets Encore measure the revenue the block adds, not only the revenue it touches (0 to 50)."
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    When a product has too few orders
                  </Text>
                  <Text as="p" tone="subdued">
                    Pinned products come first, then products bought together. Encore fills the rest from these, in this order.
                  </Text>
                  <input type="hidden" name="fallbackOrder" value={order.join(",")} />
                  {errors.fallbackOrder ? <Banner tone="critical">{errors.fallbackOrder}</Banner> : null}
                  {order.map((source, index) => (
                    <InlineStack key={source} align="space-between" blockAlign="center">
                      <Text as="span">
                        {index + 1}. {FALLBACK_LABELS[source]}
                      </Text>
                      <ButtonGroup>
                        <Button disabled={index === 0} onClick={() => move(index, -1)} accessibilityLabel={`Move ${FALLBACK_LABELS[source]} up`}>
                          ↑
                        </Button>
                        <Button
                          disabled={index === order.length - 1}
                          onClick={() => move(index, 1)}
                          accessibilityLabel={`Move ${FALLBACK_LABELS[source]} down`}
                        >
                          ↓
                        </Button>
                      </ButtonGroup>
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
