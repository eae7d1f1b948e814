import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Card, EmptyState, IndexTable, InlineGrid, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { ACTIVITIES, ACTIVITY_DESCRIPTIONS, SEGMENT_DESCRIPTIONS, SEGMENTS, segmentSlug } from "~/insights/rfm";
import { segmentCounts } from "~/insights/scores.server";
import { db } from "~/db.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const counts = await segmentCounts(db, session.shop);
  return json({ ...counts, computedAt: counts.computedAt?.toISOString() ?? null });
};

const share = (count: number, total: number) => (total === 0 ? 0 : (count / total) * 100);

export default function Segments() {
  const { segments, activity, customers, computedAt } = useLoaderData<typeof loader>();
  return (
    <Page title="Segments" subtitle={computedAt ? `RFM scores as of ${computedAt.slice(0, 16).replace("T", " ")} UTC; orders since then move their customer at once.` : undefined}>
      <TitleBar title="Segments" />
      <Layout>
        {customers === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="Segments appear once Encore has read your orders" image="">
                <p>
                  Encore scores every customer on recency, frequency and spend after importing your order history, then daily and as orders arrive.
                  With a few orders in the store, the eleven segments fill in here within minutes.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                {ACTIVITIES.map((state) => (
                  <Card key={state}>
                    <BlockStack gap="100">
                      <Text as="h3" variant="headingSm" tone="subdued">
                        {state[0].toUpperCase() + state.slice(1)}
                      </Text>
                      <Text as="p" variant="headingXl">
                        {activity[state].toLocaleString("en-US")}
                      </Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        {ACTIVITY_DESCRIPTIONS[state]}
                      </Text>
                    </BlockStack>
                  </Card>
                ))}
              </InlineGrid>
            </Layout.Section>
            <Layout.Section>
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: "segment", plural: "segments" }}
                  itemCount={SEGMENTS.length}
                  selectable={false}
                  headings={[{ title: "Segment" }, { title: "Who they are" }, { title: "Customers", alignment: "end" }, { title: "Share" }]}
                >
                  {SEGMENTS.map((segment, index) => (
                    <IndexTable.Row id={segment} key={segment} position={index}>
                      <IndexTable.Cell>
                        <Link to={`/app/segments/${segmentSlug(segment)}`} data-segment={segmentSlug(segment)}>
                          {segment}
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{SEGMENT_DESCRIPTIONS[segment]}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {segments[segment].toLocaleString("en-US")}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <div style={{ width: 160 }}>
                          <ProgressBar progress={share(segments[segment], customers)} size="small" />
                        </div>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}
