import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Button, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { installedShop } from "~/shops/installation.server";
import { recentDeliveries } from "~/shops/overview.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const [shop, deliveries, exports] = await Promise.all([
    installedShop(db, session.shop, admin),
    recentDeliveries(db, session.shop),
    db.customerDataExport.findMany({
      where: { shop: session.shop },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, customerId: true, requestedAt: true },
    }),
  ]);
  return json({ shop, deliveries, exports });
};

/** Fetched (not linked) so App Bridge adds the session token, as for every request of the embedded app. */
async function downloadExport(id: string, customerId: string) {
  const response = await fetch(`/app/privacy-exports/${id}`);
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: `customer-${customerId}-data.json` });
  link.click();
  URL.revokeObjectURL(url);
}

const statusTone = { processed: "success", ignored: undefined, received: "attention", failed: "critical" } as const;

export default function Settings() {
  const { shop, deliveries, exports } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <TitleBar title="Settings" />
      <Layout>
        <Layout.AnnotatedSection title="Store" description="What Encore read from your store when it was installed.">
          <Card>
            <BlockStack gap="100">
              <Text as="p">Name: {shop?.name ?? "—"}</Text>
              <Text as="p">Currency: {shop?.currencyCode ?? "—"}</Text>
              <Text as="p">Time zone: {shop?.ianaTimezone ?? "—"}</Text>
              <Text as="p">Plan: {shop?.planName ?? "—"}</Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Webhook deliveries"
          description="The latest events Shopify sent. Each is processed once, even when Shopify delivers it again."
        >
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric"]}
              headings={["Topic", "Received", "Status", "Attempts"]}
              rows={deliveries.map((d) => [
                d.topic,
                new Date(d.receivedAt).toISOString().replace("T", " ").slice(0, 19) + " UTC",
                <Badge key={d.id} tone={statusTone[d.status as keyof typeof statusTone]}>
                  {d.lastError && d.status === "received" ? "retrying" : d.status}
                </Badge>,
                d.attempts,
              ])}
            />
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Privacy requests"
          description="When a customer asks for their data, Shopify tells Encore and Encore prepares this export for you to send them."
        >
          <Card>
            {exports.length === 0 ? (
              <Text as="p" tone="subdued">
                No data requests so far.
              </Text>
            ) : (
              <BlockStack gap="200">
                {exports.map((item) => (
                  <Text as="p" key={item.id}>
                    Customer {item.customerId}, requested {new Date(item.requestedAt).toISOString().slice(0, 10)} —{" "}
                    <Button variant="plain" onClick={() => downloadExport(item.id, item.customerId)}>
                      Download JSON
                    </Button>
                  </Text>
                ))}
              </BlockStack>
            )}
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
