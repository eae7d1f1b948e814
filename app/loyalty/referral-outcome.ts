// Safe for the browser bundle (referrals.ts signs codes with node:crypto): the admin pages import it.
/** What became of a referred order, for the admin's lists: "rewarded, 500 points", "refused (…)", "reversed (…)". */
export function referralOutcomeText(row: { status: string; points: number; reason: string | null }): string {
  if (row.status === "rewarded") return `rewarded, ${row.points.toLocaleString("en-US")} points`;
  if (row.status === "reversed") return `reversed (${row.reason ?? "order undone"}), ${row.points.toLocaleString("en-US")} points taken back`;
  return `refused (${row.reason ?? "no reason recorded"})`;
}
