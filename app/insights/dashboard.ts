/**
 * The dashboard's figures: what the recompute stores per range (a snapshot, so the page never
 * scans all orders) and the "what to do next" list. Pure: callers pass orders, scores and counts.
 */
import {
  memberComparison,
  metricsReport,
  retentionCurve,
  type CohortRow,
  type MemberComparison,
  type MetricsOrder,
  type PeriodMetrics,
  type RetentionPoint,
} from "./metrics";
import { segmentSlug, type Activity, type Segment } from "./rfm";

/** The ranges the dashboard offers, in days. */
export const DASHBOARD_RANGES = [30, 90, 365] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** Cohorts the heat map shows (the most recent first-order months). */
export const COHORT_MONTHS = 12;

export type StoredPeriod = Omit<PeriodMetrics, "range"> & { from: string; to: string };

export interface DashboardSnapshot {
  days: number;
  asOf: string;
  current: StoredPeriod;
  previous: StoredPeriod;
  cohorts: CohortRow[];
  retention: RetentionPoint[];
  members: MemberComparison;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function stored({ range, ...figures }: PeriodMetrics): StoredPeriod {
  return { ...figures, from: range.from.toISOString(), to: range.to.toISOString() };
}

/** The figures for the last `days` days up to `asOf`, and the same length before. */
export function dashboardSnapshot(orders: MetricsOrder[], memberIds: ReadonlySet<string>, days: number, asOf: Date): DashboardSnapshot {
  const range = { from: new Date(asOf.getTime() - days * DAY_MS), to: asOf };
  const report = metricsReport(orders, range);
  return {
    days,
    asOf: asOf.toISOString(),
    current: stored(report.current),
    previous: stored(report.previous),
    cohorts: report.cohorts.slice(-COHORT_MONTHS),
    retention: retentionCurve(report.cohorts),
    members: memberComparison(orders, memberIds, range),
  };
}

/** Change of a figure against the previous range: null when either side is unknown or the base is 0. */
export function trend(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

export interface NextActionInput {
  segments: Partial<Record<Segment, number>>;
  activity: Partial<Record<Activity, number>>;
  current: Pick<StoredPeriod, "repeatPurchaseRate" | "customers" | "orders">;
  previous: Pick<StoredPeriod, "repeatPurchaseRate">;
  loyaltyEnabled: boolean;
  pointsOutstanding: number;
  crossSellRevenueCents: number;
}

export interface NextAction {
  /** Stable key (for React and tests). */
  key: string;
  text: string;
  /** Where the merchant acts: an app path. */
  url: string;
  label: string;
}

const n = (value: number) => value.toLocaleString("en-US");
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const segmentUrl = (segment: Segment) => `/app/segments/${segmentSlug(segment)}`;

/**
 * At most `limit` suggestions, in a fixed order of urgency (keeping the best customers first). Each rule fires only when the data supports
 * it, so a new shop gets none (the page explains what will appear instead).
 */
export function nextActions(input: NextActionInput, limit = 5): NextAction[] {
  const count = (segment: Segment) => input.segments[segment] ?? 0;
  const actions: (NextAction & { weight: number })[] = [];

  const cantLose = count("Can't lose them");
  if (cantLose > 0) {
    actions.push({
      key: "cant-lose-them",
      weight: 100,
      text: `${n(cantLose)} of your best customers have not ordered in a long time (Can't lose them): reach out personally or send them a win-back offer.`,
      url: segmentUrl("Can't lose them"),
      label: "See who",
    });
  }
  const atRisk = count("At risk");
  if (atRisk > 0) {
    actions.push({
      key: "at-risk",
      weight: 90,
      text: `${n(atRisk)} customers are At risk: they used to buy often but not lately. Sync them to a tag and send a win-back email.`,
      url: segmentUrl("At risk"),
      label: "Open segment",
    });
  }
  const { repeatPurchaseRate: now } = input.current;
  const { repeatPurchaseRate: before } = input.previous;
  if (now !== null && before !== null && now < before - 0.01) {
    actions.push({
      key: "repeat-rate-down",
      weight: 80,
      text: `Repeat purchase rate fell to ${pct(now)} from ${pct(before)} in the previous period: follow up first-time buyers after their first order.`,
      url: "/app/flows",
      label: "Flows",
    });
  }
  const newcomers = count("New") + count("Promising");
  if (newcomers > 0) {
    actions.push({
      key: "new-customers",
      weight: 50,
      text: `${n(newcomers)} recent first-time buyers (New and Promising): a second order is the hardest, a follow-up offer now converts best.`,
      url: segmentUrl("New"),
      label: "Open segment",
    });
  }
  const champions = count("Champions");
  if (champions > 0) {
    actions.push({
      key: "champions",
      weight: 40,
      text: input.loyaltyEnabled
        ? `${n(champions)} Champions buy often and spend the most: give them a VIP tier or bonus points.`
        : `${n(champions)} Champions buy often and spend the most: a loyalty program keeps them coming back.`,
      url: input.loyaltyEnabled ? segmentUrl("Champions") : "/app/loyalty",
      label: input.loyaltyEnabled ? "Open segment" : "Loyalty",
    });
  }
  if (input.loyaltyEnabled && input.pointsOutstanding > 0) {
    actions.push({
      key: "points-outstanding",
      weight: 30,
      text: `Customers hold ${n(input.pointsOutstanding)} unspent points: remind them what they can redeem.`,
      url: "/app/loyalty",
      label: "Loyalty",
    });
  }
  if (input.crossSellRevenueCents === 0 && input.current.orders > 0) {
    actions.push({
      key: "cross-sell-off",
      weight: 20,
      text: "No order in this period came from a cross-sell offer: show “frequently bought together” on product pages.",
      url: "/app/cross-sell",
      label: "Cross-sell",
    });
  }
  return actions
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map(({ weight: _weight, ...action }) => action);
}
