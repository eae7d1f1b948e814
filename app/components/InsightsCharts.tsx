import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { SkeletonBodyText } from "@shopify/polaris";
import { useEffect, useState, type ReactNode } from "react";

// Polaris Viz measures its container in the browser: charts render after hydration (a skeleton
// on the server), so the server never needs a DOM.
function ClientChart({ height, children }: { height: number; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height }} data-chart-ready={mounted ? "true" : "false"}>
      {mounted ? <PolarisVizProvider>{children}</PolarisVizProvider> : <SkeletonBodyText lines={6} />}
    </div>
  );
}

export interface ChartPoint {
  key: string;
  value: number;
}

export function RetentionCurveChart({ points }: { points: ChartPoint[] }) {
  return (
    <ClientChart height={260}>
      <LineChart
        theme="Light"
        data={[{ name: "Customers who ordered again", data: points }]}
        yAxisOptions={{ labelFormatter: (value) => `${Math.round(Number(value))}%` }}
        tooltipOptions={{ valueFormatter: (value) => `${Number(value).toFixed(1)}%` }}
        showLegend={false}
      />
    </ClientChart>
  );
}

export function HorizontalBarChart({ name, points, height = 320, format }: { name: string; points: ChartPoint[]; height?: number; format?: (value: number) => string }) {
  const formatter = format ? (value: string | number | null) => format(Number(value)) : undefined;
  return (
    <ClientChart height={height}>
      <BarChart
        theme="Light"
        direction="horizontal"
        data={[{ name, data: points }]}
        showLegend={false}
        {...(formatter ? { xAxisOptions: { labelFormatter: formatter }, tooltipOptions: { valueFormatter: formatter } } : {})}
      />
    </ClientChart>
  );
}
