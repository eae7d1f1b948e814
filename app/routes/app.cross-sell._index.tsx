import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, DataTable, InlineGrid, Layout, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { crossSellOverview, previewRecommendations } from "~/cross-sell/overview.server";
import { db } from "~/db.server";
import { startHistoryImport } from "~/history-import/start.server";
import { enqueueTask } from "~/jobs/queue.server";
import { authenticate } from "~/shopify.server";

const querySchema = z.object({ product: z.string().regex(/^\d+$/, "Choose a product from the list").optional() });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw json({ message: parsed.error.issues[0].message }, { status: 400 });
  // Install starts the history import; the first visit does too (the install hook may still be
  // running in the layout's loader, or the app was installed before the import existed).
  if (!(await db.historyImport.findUnique({ where: { shop: session.shop }, select: { shop: true } }))) {
    await startHistoryImport(db, session.shop);
  }
  const overview = await crossSellOverview(db, session.shop);
  const productId = parsed.data.product ?? null;
  const preview = productId ? await previewRecommendations(db, session.shop, productId) : null;
  return json({ ...overview, productId, preview });
};

const actionSchema = z.object({
  intent: z.enum(["rebuild", "import-history"], { errorMap: () => ({ message: "Unknown action" }) }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: parsed.error.issues[0].message }, { status: 400 });
  if (parsed.data.intent === "import-history") {
    const started = await startHistoryImport(db, session.shop);
    return started ? json({ queued: true }) : json({ error: "The order history is already imported or being imported." }, { status: 409 });
  }
  await enqueueTask("rebuildCoPurchases", { shop: session.shop }, { unique: true });
  return json({ queued: true });
};

/** While the history import runs, the page refreshes itself so the progress bar moves. */
function useRefreshWhile(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [active, revalidator]);
}

function HistoryImportCard({ historyImport }: { historyImport: ReturnType<typeof useLoaderData<typeof loader>>["historyImport"] }) {
  const running = historyImport !== null && historyImport.stage !== "done" && historyImport.stage !== "failed";
  useRefreshWhile(running);
  if (historyImport?.stage === "done") return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Order history
        </Text>
        {historyImport === null ? (
          <Text as="p">Encore has not imported your past orders yet.</Text>
        ) : historyImport.stage === "failed" ? (
          <Banner tone="critical">The import stopped: {historyImport.error}</Banner>
        ) : (
          <BlockStack gap="200">
            <Text as="p">
              Importing your products and past orders from Shopify
              {historyImport.ordersExpected ? ` (${historyImport.ordersImported.toLocaleString("en-US")} of ${historyImport.ordersExpected.toLocaleString("en-US")} orders)` : ""}…
            </Text>
            <ProgressBar progress={historyImport.progress} tone="primary" />
          </BlockStack>
        )}
        {historyImport === null || historyImport.stage === "failed" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="import-history" />
            <Button submit>{historyImport === null ? "Import order history" : "Try the import again"}</Button>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export default function CrossSell() {
  const { baskets, productsWithComplements, products, productId, preview, historyImport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [params] = useSearchParams();
  return (
    <Page
      title="Cross-sell"
      secondaryActions={[
        { content: "Rules", url: "/app/cross-sell/rules" },
        { content: "Bundle discount", url: "/app/cross-sell/bundle" },
        { content: "Analytics", url: "/app/cross-sell/analytics" },
        { content: "Settings", url: "/app/cross-sell/settings" },
      ]}
    >
      <TitleBar title="Cross-sell" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" variant="bodyMd">
              &quot;Frequently bought together&quot; suggestions come from your own orders: Encore counts which products are bought
              in the same order, updates the counts as orders arrive, and takes them back when an order is cancelled or fully
              refunded.
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
              <Card>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    Orders analysed
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {baskets.toLocaleString("en-US")}
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone="subdued">
                    Products with suggestions
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {productsWithComplements.toLocaleString("en-US")}
                  </Text>
                </BlockStack>
              </Card>
            </InlineGrid>
            <HistoryImportCard historyImport={historyImport} />
            {actionData && "queued" in actionData ? (
              <Banner tone="info">Started. The numbers update when it is done.</Banner>
            ) : null}
            {actionData && "error" in actionData ? <Banner tone="critical">{actionData.error}</Banner> : null}
            <Form method="post">
              <input type="hidden" name="intent" value="rebuild" />
              <Button submit loading={navigation.state === "submitting"}>
                Recount from all orders
              </Button>
            </Form>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Preview
              </Text>
              <Select
                label="Product page"
                options={[{ label: "Choose a product", value: "" }, ...products.map((p) => ({ label: p.title, value: p.id }))]}
                value={productId ?? ""}
                onChange={(value) => {
                  const next = new URLSearchParams(params);
                  if (value) next.set("product", value);
                  else next.delete("product");
                  submit(next, { method: "get" });
                }}
              />
              {preview === null ? (
                <Text as="p" tone="subdued">
                  Choose a product to see what shoppers see on its page, and why.
                </Text>
              ) : preview.length === 0 ? (
                <Text as="p">Nothing to suggest yet: no orders and no best sellers.</Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={["Suggested product", "Why"]}
                  rows={preview.map((item) => [item.title, item.reason])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
