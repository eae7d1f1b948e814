import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { Badge, BlockStack, Button, Card, DataTable, EmptyState, InlineGrid, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { z } from "zod";
import { HorizontalBarChart, RetentionCurveChart } from "~/components/InsightsCharts";
import { db } from "~/db.server";
import { ATTRIBUTION_DAYS } from "~/flows/definition";
import { DASHBOARD_RANGES, trend, type DashboardRange } from "~/insights/dashboard";
import { dashboardData } from "~/insights/dashboard.server";
import { SEGMENTS } from "~/insights/rfm";
import { enqueueTask } from "~/jobs/queue.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";
import { installedShop } from "~/shops/installation.server";
import { shopOverview } from "~/shops/overview.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

const querySchema = z.object({
  days: z.enum(["30", "90", "365"], { errorMap: () => ({ message: "The range is 30, 90 or 365 days" }) }).default("30"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const started = performance.now();
  const { session, admin } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw json({ message: parsed.error.issues.map((issue) => issue.message).join("; ") }, { status: 400 });
  const days = Number(parsed.data.days) as DashboardRange;
  const [shop, overview, data] = await Promise.all([installedShop(db, session.shop, admin), shopOverview(db, session.shop), dashboardData(db, session.shop, days)]);
  // Figures older than an hour (or none yet) are recomputed in the background; the page shows what is stored.
  if (data.stale && overview.counts.orders > 0) await enqueueTask("recomputeInsights", { shop: session.shop }, { unique: true });
  return json(
    { shop, received: overview.counts, ...data, days, currencyCode: shop?.currencyCode ?? "USD" },
    { headers: { "Server-Timing": `dashboard;dur=${(performance.now() - started).toFixed(1)}` } },
  );
};

const percent = (value: number | null) => (value === null ? "no data" : `${(value * 100).toFixed(1)}%`);

function TrendBadge({ change, goodWhenUp = true }: { change: number | null; goodWhenUp?: boolean }) {
  if (change === null) return <Badge>no earlier data</Badge>;
  const up = change >= 0;
  const tone = Math.abs(change) < 0.005 ? undefined : up === goodWhenUp ? "success" : "critical";
  return <Badge tone={tone}>{`${up ? "▲" : "▼"} ${Math.abs(change * 100).toFixed(1)}% vs previous`}</Badge>;
}

/** A KPI card; `change` undefined for a figure with no period to compare (it has no trend badge). */
function Kpi({ label, value, change, help, goodWhenUp }: { label: string; value: string; change?: number | null; help: string; goodWhenUp?: boolean }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <div data-kpi={label}>
          <Text as="p" variant="headingXl">
            {value}
          </Text>
        </div>
        {change !== undefined ? (
          <InlineStack>
            <TrendBadge change={change} goodWhenUp={goodWhenUp} />
          </InlineStack>
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        {value.toLocaleString("en-US")}
      </Text>
    </BlockStack>
  );
}

/** White to green by share (a colour scale a merchant reads without a legend). */
const heat = (share: number) => `rgba(0, 128, 96, ${Math.min(1, 0.08 + share * 1.6).toFixed(2)})`;

function CohortHeatMap({ cohorts }: { cohorts: { cohort: string; customers: number; retention: number[] }[] }) {
  const months = Math.min(12, Math.max(...cohorts.map((c) => c.retention.length)));
  const cell = { padding: "6px 8px", textAlign: "right" as const, fontVariantNumeric: "tabular-nums" as const };
  return (
    <div style={{ overflowX: "auto" }}>
      <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 13 }} data-cohort-table>
        <thead>
          <tr>
            <th style={{ ...cell, textAlign: "left" }}>First order</th>
            <th style={cell}>Customers</th>
            {Array.from({ length: months - 1 }, (_, i) => (
              <th key={i} style={cell}>{`M${i + 1}`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((row) => (
            <tr key={row.cohort}>
              <td style={{ ...cell, textAlign: "left" }}>{row.cohort}</td>
              <td style={cell}>{row.customers.toLocaleString("en-US")}</td>
              {Array.from({ length: months - 1 }, (_, i) => {
                const share = row.retention[i + 1];
                return share === undefined ? (
                  <td key={i} style={cell} />
                ) : (
                  <td key={i} style={{ ...cell, background: heat(share), color: share > 0.35 ? "white" : undefined }}>
                    {`${Math.round(share * 100)}%`}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Dashboard() {
  const { shop, received, snapshot, computedAt, stale, counts, points, loyaltyEnabled, crossSell, flows, nps, actions, days, currencyCode } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const money = (cents: number | null) => (cents === null ? "no data" : formatMoney(Math.round(cents), currencyCode));
  const hasFigures = snapshot !== null && (snapshot.current.orders > 0 || snapshot.cohorts.length > 0);
  const current = snapshot?.current;
  const previous = snapshot?.previous;

  return (
    <Page
      title="Dashboard"
      subtitle={computedAt ? `Figures as of ${computedAt.slice(0, 16).replace("T", " ")} UTC${stale ? " · refreshing in the background" : ""}` : undefined}
      primaryAction={
        <div style={{ minWidth: 180 }}>
          <Select
            label="Date range"
            labelInline
            options={DASHBOARD_RANGES.map((d) => ({ label: d === 365 ? "Last 365 days" : `Last ${d} days`, value: String(d) }))}
            value={String(days)}
            onChange={(value) => navigate(`?days=${value}`)}
          />
        </div>
      }
    >
      <TitleBar title="Encore" />
      <BlockStack gap="500">
        <Text as="p" variant="bodyLg">
          Welcome to Encore{shop?.name ? `, ${shop.name}` : ""}. Encore turns one-time buyers into repeat customers with cross-sell, loyalty points and
          post-purchase flows built on your own order history.
        </Text>

        {!hasFigures || !current || !previous || !snapshot ? (
          <Card>
            <EmptyState heading={received.orders > 0 ? "Encore is computing your figures" : "Your dashboard fills in as orders arrive"} image="">
              <BlockStack gap="200">
                <p>
                  {received.orders > 0
                    ? "Encore has your orders and is scoring your customers now: reload in a minute."
                    : "After install Encore imports your order history (a few minutes for most stores) and from then on follows every new order."}
                </p>
                <p>
                  What will appear: repeat purchase rate, retention and lifetime value with their trend against the previous period; your customers in
                  eleven segments (Champions to Lost); a retention curve and cohort table once customers are in their second month; revenue from
                  cross-sell and loyalty; and a short list of what to do next.
                </p>
              </BlockStack>
            </EmptyState>
          </Card>
        ) : (
          <>
            <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
              <Kpi
                label="Repeat purchase rate"
                value={percent(current.repeatPurchaseRate)}
                change={trend(current.repeatPurchaseRate, previous.repeatPurchaseRate)}
                help="Customers of the period with 2+ orders"
              />
              <Kpi
                label="Retention"
                value={percent(current.retentionRate)}
                change={trend(current.retentionRate, previous.retentionRate)}
                help="Customers kept from the start of the period"
              />
              <Kpi
                label="Customer lifetime value"
                value={money(current.ltvCents)}
                change={trend(current.ltvCents, previous.ltvCents)}
                help="AOV × frequency × lifespan"
              />
              <Kpi
                label="Revenue from repeat customers"
                value={money(current.repeatCustomerRevenueCents)}
                change={trend(current.repeatCustomerRevenueCents, previous.repeatCustomerRevenueCents)}
                help={`${percent(current.revenueCents ? current.repeatCustomerRevenueCents / current.revenueCents : null)} of ${money(current.revenueCents)}`}
              />
              <Kpi
                label="Points outstanding"
                value={points.now.toLocaleString("en-US")}
                change={trend(points.now, points.atStart)}
                goodWhenUp={false}
                help={loyaltyEnabled ? `${points.available.toLocaleString("en-US")} spendable now` : "Loyalty program is off"}
              />
              <Kpi
                label="Flow conversions"
                value={flows.conversions.toLocaleString("en-US")}
                change={trend(flows.conversions, flows.previousConversions)}
                help={
                  flows.sent > 0
                    ? `Orders within ${ATTRIBUTION_DAYS} days of ${flows.sent.toLocaleString("en-US")} flow emails: ${money(flows.revenueCents)}`
                    : "No flow emails sent in this period"
                }
              />
              <Kpi
                label="Net promoter score"
                value={nps.nps === null ? "no answers" : String(nps.nps)}
                help={
                  nps.answers > 0
                    ? `${nps.answers.toLocaleString("en-US")} feedback answers: ${nps.promoters} promoters, ${nps.detractors} detractors`
                    : "From the 1-10 question in the feedback flow"
                }
              />
            </InlineGrid>

            {actions.length > 0 ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    What to do next
                  </Text>
                  {actions.map((action) => (
                    <InlineStack key={action.key} align="space-between" blockAlign="center" gap="400" wrap={false}>
                      <div data-next-action={action.key}>
                        <Text as="p">{action.text}</Text>
                      </div>
                      <Button url={action.url}>{action.label}</Button>
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
            ) : null}

            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Retention curve
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    Share of customers who ordered again n months after their first order (all cohorts)
                  </Text>
                  {snapshot.retention.length > 0 ? (
                    <RetentionCurveChart points={snapshot.retention.map((p) => ({ key: `Month ${p.month}`, value: Math.round(p.rate * 1000) / 10 }))} />
                  ) : (
                    <Text as="p">Appears once your first customers are in their second month.</Text>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      Segments
                    </Text>
                    <Link to="/app/segments">All segments</Link>
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {`${counts.customers.toLocaleString("en-US")} customers by recency, frequency and spend`}
                  </Text>
                  <div data-segment-counts={JSON.stringify(counts.segments)}>
                    <HorizontalBarChart name="Customers" points={SEGMENTS.map((segment) => ({ key: segment, value: counts.segments[segment] }))} />
                  </div>
                </BlockStack>
              </Card>
            </InlineGrid>

            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Cohort retention
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  Customers by first-order month; each cell is the share who ordered in the n-th month after
                </Text>
                <CohortHeatMap cohorts={snapshot.cohorts} />
              </BlockStack>
            </Card>

            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Revenue by program
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    Revenue Encore&apos;s programs brought in this period
                  </Text>
                  {crossSell.currentCents > 0 || crossSell.previousCents > 0 ? (
                    <HorizontalBarChart
                      name="Revenue"
                      height={140}
                      format={(value) => formatMoney(Math.round(value * 100), currencyCode)}
                      points={[
                        { key: "Cross-sell (this period)", value: crossSell.currentCents / 100 },
                        { key: "Cross-sell (previous)", value: crossSell.previousCents / 100 },
                      ]}
                    />
                  ) : (
                    <Text as="p">No cross-sell revenue yet: it appears here when shoppers buy items Encore&apos;s blocks suggested.</Text>
                  )}
                  <Text as="p" tone="subdued" variant="bodySm">
                    Loyalty redemptions and flows appear here once they record revenue.
                  </Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Loyalty members vs non-members
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric"]}
                    headings={["", "Members", "Non-members"]}
                    rows={[
                      ["Customers", snapshot.members.members.customers.toLocaleString("en-US"), snapshot.members.nonMembers.customers.toLocaleString("en-US")],
                      ["Repeat purchase rate", percent(snapshot.members.members.repeatPurchaseRate), percent(snapshot.members.nonMembers.repeatPurchaseRate)],
                      ["Average order value", money(snapshot.members.members.averageOrderValueCents), money(snapshot.members.nonMembers.averageOrderValueCents)],
                      ["Lifetime value (realized)", money(snapshot.members.members.lifetimeValueCents), money(snapshot.members.nonMembers.lifetimeValueCents)],
                    ]}
                  />
                </BlockStack>
              </Card>
            </InlineGrid>
          </>
        )}

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Data received
            </Text>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Figure label="Orders received" value={received.orders} />
              <Figure label="Customers" value={received.customers} />
              <Figure label="Products" value={received.products} />
              <Figure label="Webhooks in the last 24 h" value={received.deliveriesLast24h} />
            </InlineGrid>
            {received.deliveriesFailing > 0 ? (
              <Text as="p" tone="critical">
                {received.deliveriesFailing} webhook deliveries are waiting to be retried (see Settings).
              </Text>
            ) : null}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
