import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ThankYouSettings } from "~/flows/next-order-code";

export const THANK_YOU_SETTINGS_INTENT = "thank-you-settings";

/** The thank-you page block's next-order code: on or off, how much, how long (Flows page). */
export function ThankYouSettingsCard({ settings, errors }: { settings: ThankYouSettings; errors: Record<string, string> | null }) {
  const navigation = useNavigation();
  const [codeEnabled, setCodeEnabled] = useState(settings.codeEnabled);
  const [percent, setPercent] = useState(String(settings.percent));
  const [validDays, setValidDays] = useState(String(settings.validDays));
  const saving = navigation.formData?.get("intent") === THANK_YOU_SETTINGS_INTENT;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value={THANK_YOU_SETTINGS_INTENT} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Thank-you page
          </Text>
          <Text as="p" tone="subdued">
            Encore&apos;s block on the order confirmation page (add it in the checkout editor) shows up to three products that go with the order, the points
            it earns, and a personal code for the next order: single use, for that customer only.
          </Text>
          <Checkbox label="Offer a next-order code" name="codeEnabled" checked={codeEnabled} onChange={setCodeEnabled} />
          <InlineStack gap="300">
            <TextField label="Percent off the next order" name="percent" type="number" autoComplete="off" value={percent} onChange={setPercent} error={errors?.percent} disabled={!codeEnabled} />
            <TextField label="Valid for (days)" name="validDays" type="number" autoComplete="off" value={validDays} onChange={setValidDays} error={errors?.validDays} disabled={!codeEnabled} />
          </InlineStack>
          {/* Disabled fields are not submitted: keep the values when the code is switched off. */}
          {!codeEnabled && (
            <>
              <input type="hidden" name="percent" value={percent} />
              <input type="hidden" name="validDays" value={validDays} />
            </>
          )}
          <InlineStack>
            <Button submit loading={saving}>
              Update the thank-you page
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
