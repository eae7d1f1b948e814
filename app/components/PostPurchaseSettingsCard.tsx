import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatMoney } from "~/money/money";

export const POST_PURCHASE_INTENT = "post-purchase-settings";

export interface PostPurchaseCardData {
  settings: { enabled: boolean; discountPercent: number; maxOffersPerOrder: number };
  figures: { shown: number; accepted: number; revenueCents: number };
  days: number;
  currencyCode: string;
}

export type PostPurchaseFieldErrors = Partial<Record<"enabled" | "discountPercent" | "maxOffersPerOrder", string>>;

/** What the Flows page's action answers to this card's form. */
export interface PostPurchaseActionData {
  saved: boolean;
  fieldErrors: PostPurchaseFieldErrors;
}

/** The one-click post-purchase offer on the Flows page: on/off, discount, offers per order, and its figures. */
export function PostPurchaseSettingsCard({ data, fieldErrors, saved }: { data: PostPurchaseCardData; fieldErrors?: PostPurchaseFieldErrors; saved?: boolean }) {
  const navigation = useNavigation();
  const [enabled, setEnabled] = useState(data.settings.enabled);
  const [discountPercent, setDiscountPercent] = useState(String(data.settings.discountPercent));
  const [maxOffers, setMaxOffers] = useState(String(data.settings.maxOffersPerOrder));
  const saving = navigation.formData?.get("intent") === POST_PURCHASE_INTENT;
  const { shown, accepted, revenueCents } = data.figures;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value={POST_PURCHASE_INTENT} />
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Post-purchase offer
              </Text>
              <Badge tone={data.settings.enabled ? "success" : undefined}>{data.settings.enabled ? "On" : "Off"}</Badge>
            </InlineStack>
            {saved ? <Badge tone="info">Saved</Badge> : null}
          </InlineStack>
          <Text as="p" tone="subdued">
            Right after checkout, before the thank-you page, the buyer is offered a product that goes with what they bought, at a discount, added
            to the same order in one click. Needs Shopify&apos;s approval for the post-purchase page on live stores.
          </Text>
          <Checkbox label="Show a post-purchase offer" checked={enabled} onChange={setEnabled} error={fieldErrors?.enabled} />
          <input type="hidden" name="enabled" value={enabled ? "true" : "false"} />
          <InlineStack gap="400">
            <TextField
              label="Discount"
              name="discountPercent"
              type="number"
              suffix="%"
              value={discountPercent}
              onChange={setDiscountPercent}
              error={fieldErrors?.discountPercent}
              autoComplete="off"
            />
            <TextField
              label="Offers per order"
              name="maxOffersPerOrder"
              type="number"
              value={maxOffers}
              onChange={setMaxOffers}
              error={fieldErrors?.maxOffersPerOrder}
              helpText="Shopify shows at most 3."
              autoComplete="off"
            />
          </InlineStack>
          <Text as="p">
            Last {data.days} days: {shown} shown, {accepted} accepted ({shown > 0 ? Math.round((accepted / shown) * 100) : 0}%), revenue{" "}
            {formatMoney(revenueCents, data.currencyCode)}
          </Text>
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
