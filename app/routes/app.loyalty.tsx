import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, List, Page, Text } from "@shopify/polaris";
import { db } from "~/db.server";
import { loyaltySummary } from "~/loyalty/ledger.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loyaltySummary(db, session.shop);
};

const count = (n: number) => n.toLocaleString("en-US");

export default function Loyalty() {
  const summary = useLoaderData<typeof loader>();
  return (
    <Page title="Loyalty">
      <TitleBar title="Loyalty" />
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Points outstanding
            </Text>
            <Text as="p" variant="bodyMd">
              {`${count(summary.availablePoints)} spendable and ${count(summary.pendingPoints)} pending, held by ${count(summary.members)} members.`}
            </Text>
            {summary.shortfallPoints > 0 && (
              <Text as="p" tone="caution">
                {`${count(summary.shortfallPoints)} points could not be taken back on refunds (already spent).`}
              </Text>
            )}
            <Text as="p" tone="subdued">
              {summary.enabled ? "The program is on: paid orders earn points." : "The program is off: orders earn no points."}
            </Text>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="p" variant="bodyMd">
              Points for purchases and actions, VIP tiers and rewards redeemed as single-use discount codes.
            </Text>
            <List>
              <List.Item>Tiers with automatic moves up and down</List.Item>
              <List.Item>Rewards, a storefront widget and a thank-you page block</List.Item>
            </List>
            <Text as="p" tone="subdued">
              Not available in this version of Encore yet.
            </Text>
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
