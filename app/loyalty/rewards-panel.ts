import type { EntryKind } from "./ledger";

/** The storefront panel's pure parts: when pending points next become spendable. */

export interface PendingEarn {
  orderId: string | null;
  availableAt: Date | null;
}

/**
 * The earliest date at which some of the customer's pending points become spendable: the earns
 * whose order still has points pending (`pendingByOrder`), soonest first. Null when none is pending.
 */
export function nextRelease(earns: PendingEarn[], pendingByOrder: Map<string, number>): Date | null {
  let next: Date | null = null;
  for (const earn of earns) {
    if (!earn.orderId || !earn.availableAt || (pendingByOrder.get(earn.orderId) ?? 0) <= 0) continue;
    if (!next || earn.availableAt < next) next = earn.availableAt;
  }
  return next;
}

export interface HistoryLine {
  kind: EntryKind;
  /** Signed change of spendable plus pending points. */
  points: number;
  pending: boolean;
  reason: string | null;
  at: string;
}

/** A ledger entry as the shopper's history shows it; releases only move points and are left out. */
export function historyLine(entry: { kind: string; points: number; pendingPoints: number; reason: string | null; createdAt: Date }): HistoryLine | null {
  if (entry.kind === "release") return null;
  return {
    kind: entry.kind as EntryKind,
    points: entry.points + entry.pendingPoints,
    pending: entry.pendingPoints !== 0 && entry.points === 0,
    reason: entry.reason,
    at: entry.createdAt.toISOString(),
  };
}
