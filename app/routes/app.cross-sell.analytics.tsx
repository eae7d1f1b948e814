import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, DataTable, InlineGrid, Layout, Page, Select, Text } from "@shopify/polaris";
import { z } from "zod";
import { MIN_HOLDOUT_ORDERS, MIN_HOLDOUT_VISITORS } from "~/cross-sell/analytics";
import { analyticsReport } from "~/cross-sell/analytics.server";
import { db } from "~/db.server";
import { formatMoney } from "~/money/money";
import { authenticate } from "~/shopify.server";

const PERIODS = ["7", "30", "90"] as const;
const querySchema = z.object({
  days: z.enum(PERIODS, { errorMap: () => ({ message: "Choose a period of 7, 30 or 90 days" }) }).default("30"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw json({ message: parsed.error.issues[0].message }, { status: 400 });
  return json(await analyticsReport(db, session.shop, Number(parsed.data.days)));
};

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);
const count = (n: number) => n.toLocaleString("en-US");

export default function CrossSellAnalytics() {
  const report = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const money = (cents: number) => formatMoney(cents, report.currencyCode);
  const { totals } = report;
  return (
    <Page title="Cross-sell analytics" backAction={{ content: "Cross-sell", url: "/app/cross-sell" }}>
      <TitleBar title="Cross-sell analytics" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Select
              label="Period"
              options={PERIODS.map((days) => ({ label: `Last ${days} days`, value: days }))}
              value={params.get("days") ?? String(report.days)}
              onChange={(days) => submit({ days }, { method: "get", replace: true })}
              helpText={`${report.from} to ${report.to} (UTC days). Revenue is net of refunds; cancelled orders do not count.`}
            />
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Metric label="Impressions" value={count(totals.impressions)} />
              <Metric label="Clicks" value={count(totals.clicks)} hint={`CTR ${percent(totals.ctr)}`} />
              <Metric label="Added to cart" value={count(totals.addToCarts)} hint={`${percent(totals.addToCartRate)} of impressions`} />
              <Metric label="Attributed orders" value={count(totals.orders)} hint={`${money(totals.revenueCents)} revenue`} />
            </InlineGrid>
            <HoldoutCard report={report} money={money} />
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Day by day
                </Text>
                <DailyChart report={report} money={money} />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  By product
                </Text>
                {report.products.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing yet: suggestions appear here once shoppers see them.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Product page", "Suggestion", "Why", "Impressions", "Clicks", "Added to cart", "Orders", "Revenue"]}
                    rows={report.products.map((row) => [
                      row.anchorTitle,
                      row.productTitle,
                      row.source || "–",
                      count(row.impressions),
                      count(row.clicks),
                      count(row.addToCarts),
                      count(row.orders),
                      money(row.revenueCents),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  By source and rule
                </Text>
                {report.sources.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Source", "Impressions", "Clicks", "CTR", "Added to cart", "Orders", "Revenue"]}
                    rows={report.sources.map((row) => [
                      row.source || "(not given)",
                      count(row.impressions),
                      count(row.clicks),
                      percent(row.impressions ? row.clicks / row.impressions : null),
                      count(row.addToCarts),
                      count(row.orders),
                      money(row.revenueCents),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Metric({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {hint ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {hint}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>;

function HoldoutCard({ report, money }: { report: Report; money: (cents: number) => string }) {
  const { shown, holdout, incrementalRevenueCents, conclusive } = report.holdout;
  const perVisitor = (cents: number | null) => (cents === null ? "–" : money(cents));
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Holdout: incremental revenue
        </Text>
        <Text as="p" variant="bodyMd">
          A small share of shoppers never see the block. Comparing what each group spends (all orders carrying the group, net of
          refunds) shows what the block adds, not only what it touches.
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Group", "Visitors", "Orders", "Revenue", "Revenue per visitor"]}
          rows={[
            ["Saw the block", count(shown.visitors), count(shown.orders), money(shown.revenueCents), perVisitor(shown.revenuePerVisitorCents)],
            ["Holdout (no block)", count(holdout.visitors), count(holdout.orders), money(holdout.revenueCents), perVisitor(holdout.revenuePerVisitorCents)],
          ]}
        />
        {incrementalRevenueCents === null ? (
          <Banner tone="info">Not enough data yet: both groups need visitors before Encore can compare them.</Banner>
        ) : (
          <BlockStack gap="200">
            <Text as="p" variant="headingMd">
              Incremental revenue: {money(incrementalRevenueCents)}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              (revenue per visitor who saw the block − revenue per holdout visitor) × {count(shown.visitors)} visitors who saw it
            </Text>
            {conclusive ? null : (
              <Banner tone="warning">
                The holdout is too small to conclude ({count(holdout.visitors)} visitors and {count(holdout.orders)} orders; Encore
                needs at least {MIN_HOLDOUT_VISITORS} visitors and {MIN_HOLDOUT_ORDERS} orders in each group). Treat this figure as a
                rough early reading.
              </Banner>
            )}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** Impressions (bars) and attributed revenue (line) per day: plain SVG with a table fallback. */
function DailyChart({ report, money }: { report: Report; money: (cents: number) => string }) {
  const width = 720;
  const height = 180;
  const pad = 24;
  const days = report.daily;
  const maxImpressions = Math.max(1, ...days.map((d) => d.impressions));
  const maxRevenue = Math.max(1, ...days.map((d) => d.revenueCents));
  const step = (width - 2 * pad) / Math.max(1, days.length);
  const x = (i: number) => pad + i * step;
  const y = (value: number, max: number) => height - pad - (value / max) * (height - 2 * pad);
  const line = days.map((d, i) => `${i ? "L" : "M"}${(x(i) + step / 2).toFixed(1)},${y(d.revenueCents, maxRevenue).toFixed(1)}`).join(" ");
  return (
    <BlockStack gap="200">
      <svg role="img" aria-labelledby="encore-daily-title encore-daily-desc" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxHeight: 220 }}>
        <title id="encore-daily-title">Impressions and attributed revenue per day</title>
        <desc id="encore-daily-desc">
          {`${report.from} to ${report.to}: ${count(report.totals.impressions)} impressions in total (bars, peak ${count(maxImpressions)} a day) and ${money(report.totals.revenueCents)} attributed revenue (line). The table below has every day's figures.`}
        </desc>
        <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#8a8a8a" />
        {days.map((d, i) => (
          <rect key={d.day} x={x(i) + step * 0.15} width={step * 0.7} y={y(d.impressions, maxImpressions)} height={height - pad - y(d.impressions, maxImpressions)} fill="#91a8f5" />
        ))}
        <path d={line} fill="none" stroke="#1a7f37" strokeWidth={2} />
        <text x={pad} y={height - 6} fontSize="11" fill="#616161">
          {report.from}
        </text>
        <text x={width - pad} y={height - 6} fontSize="11" fill="#616161" textAnchor="end">
          {report.to}
        </text>
      </svg>
      <details>
        <summary>Show the figures as a table</summary>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Day", "Impressions", "Clicks", "Added to cart", "Attributed revenue"]}
          rows={days.map((d) => [d.day, count(d.impressions), count(d.clicks), count(d.addToCarts), money(d.revenueCents)])}
        />
      </details>
    </BlockStack>
  );
}
