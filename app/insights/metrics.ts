/**
 * Repeat-sales metrics for a date range and the one before it. Pure: callers pass plain orders;
 * docs/metrics.md defines every number in words. Ranges are half-open [from, to), months are UTC.
 */

export interface MetricsOrder {
  /** Null for a guest checkout: such orders are left out, they cannot be tied to a customer. */
  customerId: string | null;
  processedAt: Date;
  /** Order total minus refunds. */
  netCents: number;
  cancelled: boolean;
}

export interface DateRange {
  from: Date;
  to: Date;
}

export interface MetricsOptions {
  /** A customer "at a date" ordered within this many days before it (default 365). */
  activeWindowDays?: number;
}

export interface PeriodMetrics {
  range: DateRange;
  orders: number;
  customers: number;
  revenueCents: number;
  /** Net revenue of the range's orders that were not the customer's first. */
  repeatCustomerRevenueCents: number;
  /** Customers of the range with 2+ orders by its end / customers of the range. */
  repeatPurchaseRate: number | null;
  customersAtStart: number;
  customersAtEnd: number;
  newCustomers: number;
  /** (customers at end − new customers) / customers at start. */
  retentionRate: number | null;
  /** Customers at start who are not customers at end / customers at start. */
  churnRate: number | null;
  /** Orders / customers of the range. */
  purchaseFrequency: number | null;
  averageOrderValueCents: number | null;
  /** Median days between a customer's consecutive orders, the later one in the range. */
  medianDaysBetweenOrders: number | null;
  /** Expected lifespan in range-lengths: 1 / churn. */
  lifespanPeriods: number | null;
  /** AOV × purchase frequency × lifespan. */
  ltvCents: number | null;
}

export interface CohortRow {
  /** First-order month, "YYYY-MM". */
  cohort: string;
  customers: number;
  /** retention[i] = share of the cohort with an order in the i-th month after the first (0 = the first month). */
  retention: number[];
  /** Net spend of the cohort's customers up to the end of the range / cohort size. */
  realizedLtvCents: number;
}

export interface MetricsReport {
  current: PeriodMetrics;
  previous: PeriodMetrics;
  cohorts: CohortRow[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();

/** Orders that count: not cancelled, with a customer, oldest first. */
function countedOrders(orders: MetricsOrder[]): (MetricsOrder & { customerId: string })[] {
  return orders
    .filter((o): o is MetricsOrder & { customerId: string } => !o.cancelled && o.customerId !== null)
    .sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime());
}

/** Customers with an order in [date − window, date): the customers "at" that date. */
function customersAt(byCustomer: Map<string, Date[]>, date: Date, windowDays: number): Set<string> {
  const since = date.getTime() - windowDays * DAY_MS;
  const found = new Set<string>();
  for (const [customerId, dates] of byCustomer) {
    if (dates.some((d) => d.getTime() >= since && d.getTime() < date.getTime())) found.add(customerId);
  }
  return found;
}

export function periodMetrics(orders: MetricsOrder[], range: DateRange, options: MetricsOptions = {}): PeriodMetrics {
  const windowDays = options.activeWindowDays ?? 365;
  const counted = countedOrders(orders);
  const byCustomer = new Map<string, Date[]>();
  for (const o of counted) {
    const list = byCustomer.get(o.customerId) ?? [];
    list.push(o.processedAt);
    byCustomer.set(o.customerId, list);
  }
  const inRange = (d: Date) => d >= range.from && d < range.to;
  const rangeOrders = counted.filter((o) => inRange(o.processedAt));
  const rangeCustomers = new Set(rangeOrders.map((o) => o.customerId));
  const revenueCents = rangeOrders.reduce((sum, o) => sum + o.netCents, 0);
  const repeatCustomerRevenueCents = rangeOrders
    .filter((o) => byCustomer.get(o.customerId)![0].getTime() < o.processedAt.getTime())
    .reduce((sum, o) => sum + o.netCents, 0);

  let repeaters = 0;
  let newCustomers = 0;
  const gaps: number[] = [];
  for (const [customerId, dates] of byCustomer) {
    if (inRange(dates[0])) newCustomers++;
    if (rangeCustomers.has(customerId) && dates.filter((d) => d < range.to).length >= 2) repeaters++;
    for (let i = 1; i < dates.length; i++) {
      if (inRange(dates[i])) gaps.push((dates[i].getTime() - dates[i - 1].getTime()) / DAY_MS);
    }
  }

  const atStart = customersAt(byCustomer, range.from, windowDays);
  const atEnd = customersAt(byCustomer, range.to, windowDays);
  const lost = [...atStart].filter((c) => !atEnd.has(c)).length;
  const churnRate = ratio(lost, atStart.size);
  const purchaseFrequency = ratio(rangeOrders.length, rangeCustomers.size);
  const averageOrderValueCents = ratio(revenueCents, rangeOrders.length);
  const lifespanPeriods = churnRate ? 1 / churnRate : null;
  return {
    range,
    orders: rangeOrders.length,
    customers: rangeCustomers.size,
    revenueCents,
    repeatCustomerRevenueCents,
    repeatPurchaseRate: ratio(repeaters, rangeCustomers.size),
    customersAtStart: atStart.size,
    customersAtEnd: atEnd.size,
    newCustomers,
    retentionRate: ratio(atEnd.size - newCustomers, atStart.size),
    churnRate,
    purchaseFrequency,
    averageOrderValueCents,
    medianDaysBetweenOrders: median(gaps),
    lifespanPeriods,
    ltvCents:
      averageOrderValueCents !== null && purchaseFrequency !== null && lifespanPeriods !== null
        ? averageOrderValueCents * purchaseFrequency * lifespanPeriods
        : null,
  };
}

/** Cohorts by first-order month, up to (not including) `until`. */
export function cohortTable(orders: MetricsOrder[], until: Date): CohortRow[] {
  const counted = countedOrders(orders).filter((o) => o.processedAt < until);
  const first = new Map<string, Date>();
  for (const o of counted) if (!first.has(o.customerId)) first.set(o.customerId, o.processedAt);
  const lastMonth = monthIndex(new Date(until.getTime() - 1));
  const rows = new Map<number, { members: Set<string>; active: Set<string>[]; spend: number }>();
  for (const [customerId, date] of first) {
    const m = monthIndex(date);
    let row = rows.get(m);
    if (!row) {
      row = { members: new Set(), active: Array.from({ length: lastMonth - m + 1 }, () => new Set<string>()), spend: 0 };
      rows.set(m, row);
    }
    row.members.add(customerId);
  }
  for (const o of counted) {
    const row = rows.get(monthIndex(first.get(o.customerId)!))!;
    row.active[monthIndex(o.processedAt) - monthIndex(first.get(o.customerId)!)].add(o.customerId);
    row.spend += o.netCents;
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([m, row]) => ({
      cohort: monthKey(new Date(Date.UTC(Math.floor(m / 12), m % 12, 1))),
      customers: row.members.size,
      retention: row.active.map((s) => s.size / row.members.size),
      realizedLtvCents: row.spend / row.members.size,
    }));
}

/** The range, the one of the same length just before it, and the cohorts up to the range's end. */
export function metricsReport(orders: MetricsOrder[], range: DateRange, options: MetricsOptions = {}): MetricsReport {
  const length = range.to.getTime() - range.from.getTime();
  const previous = { from: new Date(range.from.getTime() - length), to: range.from };
  return {
    current: periodMetrics(orders, range, options),
    previous: periodMetrics(orders, previous, options),
    cohorts: cohortTable(orders, range.to),
  };
}

export interface RetentionPoint {
  /** Months after the first order (1 = the month after). */
  month: number;
  /** Share of customers, over the cohorts old enough to have reached that month, who ordered in it. */
  rate: number;
  /** Customers the share is taken over. */
  customers: number;
}

/** The retention curve: cohort retention averaged over cohorts, weighted by their size. */
export function retentionCurve(cohorts: CohortRow[], months = 12): RetentionPoint[] {
  const points: RetentionPoint[] = [];
  for (let month = 1; month <= months; month++) {
    const reached = cohorts.filter((c) => c.retention.length > month);
    const customers = reached.reduce((sum, c) => sum + c.customers, 0);
    if (customers === 0) break;
    const retained = reached.reduce((sum, c) => sum + c.retention[month] * c.customers, 0);
    points.push({ month, rate: retained / customers, customers });
  }
  return points;
}

export interface GroupFigures {
  /** Customers of the range in the group. */
  customers: number;
  orders: number;
  repeatPurchaseRate: number | null;
  averageOrderValueCents: number | null;
  /** Realized LTV: the group's customers of the range, their net spend over all orders up to the range's end ÷ their number. */
  lifetimeValueCents: number | null;
}

export interface MemberComparison {
  members: GroupFigures;
  nonMembers: GroupFigures;
}

function groupFigures(orders: MetricsOrder[], range: DateRange): GroupFigures {
  const period = periodMetrics(orders, range);
  const rangeCustomers = new Set(countedOrders(orders).filter((o) => o.processedAt >= range.from && o.processedAt < range.to).map((o) => o.customerId));
  const lifetimeCents = countedOrders(orders)
    .filter((o) => rangeCustomers.has(o.customerId) && o.processedAt < range.to)
    .reduce((sum, o) => sum + o.netCents, 0);
  return {
    customers: period.customers,
    orders: period.orders,
    repeatPurchaseRate: period.repeatPurchaseRate,
    averageOrderValueCents: period.averageOrderValueCents,
    lifetimeValueCents: ratio(lifetimeCents, rangeCustomers.size),
  };
}

/** Loyalty members (customers with any points entry or balance) against everyone else, for one range. */
export function memberComparison(orders: MetricsOrder[], memberIds: ReadonlySet<string>, range: DateRange): MemberComparison {
  const isMember = (o: MetricsOrder) => o.customerId !== null && memberIds.has(o.customerId);
  return {
    members: groupFigures(orders.filter(isMember), range),
    nonMembers: groupFigures(
      orders.filter((o) => !isMember(o)),
      range,
    ),
  };
}
