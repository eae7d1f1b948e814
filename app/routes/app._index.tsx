import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { installedShop } from "~/shops/installation.server";
import { shopOverview } from "~/shops/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [shop, overview] = await Promise.all([installedShop(db, session.shop, admin), shopOverview(db, session.shop)]);
  return json({ shop, ...overview });
};

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value.toLocaleString("en-US")}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { shop, counts } = useLoaderData<typeof loader>();
  return (
    <Page title="Dashboard">
      <TitleBar title="Encore" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" variant="bodyLg">
              Welcome to Encore{shop?.name ? `, ${shop.name}` : ""}. Encore turns one-time buyers into repeat customers with
              cross-sell, loyalty points and post-purchase flows built on your own order history.
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
              <Figure label="Orders received" value={counts.orders} />
              <Figure label="Customers" value={counts.customers} />
              <Figure label="Products" value={counts.products} />
              <Figure label="Webhooks in the last 24 h" value={counts.deliveriesLast24h} />
            </InlineGrid>
            {counts.deliveriesFailing > 0 ? (
              <Text as="p" tone="critical">
                {counts.deliveriesFailing} webhook deliveries are waiting to be retried (see Settings).
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
