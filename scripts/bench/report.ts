/**
 * What every `npm run bench` section shares: the row it reports, percentiles and medians, gzip
 * sizing, the machine it ran on, and the text/markdown table. Pure functions (unit-tested).
 */
import { cpus, loadavg, totalmem } from "node:os";
import { gzipSync } from "node:zlib";
import type { Stack } from "../../tests/support/stack";

export type Holds = "yes" | "no" | "-";

export interface Row {
  section: string;
  figure: string;
  value: string;
  /** The budget in words ("<= 4 KB"), or "(report)" when the figure has none. */
  budget: string;
  holds: Holds;
}

export interface SectionContext {
  quick: boolean;
  log: (line: string) => void;
  /**
   * The stack the storefront, proxy and admin sections share (one history import instead of
   * three): the built app with one worker per core on SQLite, the loyalty program on, the sandbox
   * shop installed and its history imported. Started on first use, stopped by the runner.
   */
  sharedStack: () => Promise<Stack>;
}

export interface Section {
  name: string;
  title: string;
  run(context: SectionContext): Promise<Row[]>;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Bytes on the wire for a text asset served gzipped (level 9, as CDNs precompress). */
export function gzipSize(content: string | Buffer): number {
  return gzipSync(content, { level: 9 }).length;
}

export const holds = (ok: boolean): Holds => (ok ? "yes" : "no");
export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en") : "n/a");
export const fmtMs = (n: number, digits = 1) => (Number.isFinite(n) ? `${n.toFixed(digits)} ms` : "n/a");
export const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
}

export function machine(): Machine {
  const list = cpus();
  return { cpu: list[0]?.model.trim() ?? "unknown", cores: list.length, ramGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** The 1-minute load average: on a shared machine, other work inflates every timing. */
export const loadAverage = () => loadavg()[0];

export const describeMachine = (m: Machine) => `${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, Node ${m.node}`;

const COLUMNS = ["section", "figure", "value", "budget", "holds"] as const;
const HEAD: Row = { section: "section", figure: "figure", value: "value", budget: "budget", holds: "-" };

/** A plain-text table for the terminal, columns padded to their widest cell. */
export function textTable(rows: readonly Row[]): string {
  const head = { ...HEAD, holds: "holds" } as unknown as Row;
  const widths = COLUMNS.map((key) => Math.max(...[head, ...rows].map((row) => row[key].length)));
  const line = (row: Row) => COLUMNS.map((key, i) => row[key].padEnd(widths[i])).join(" | ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The same rows as a GitHub markdown table. */
export function markdownTable(rows: readonly Row[]): string {
  return [
    "| section | figure | value | budget | holds |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${COLUMNS.map((key) => cell(row[key])).join(" | ")} |`),
  ].join("\n");
}

/** Which sections `--only a,b` selects (all when empty); an unknown name is an error. */
export function selectSections<T extends { name: string }>(all: readonly T[], only: string | undefined): T[] {
  if (!only) return [...all];
  const names = only.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !all.some((section) => section.name === name));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}: choose from ${all.map((s) => s.name).join(", ")}`);
  return all.filter((section) => names.includes(section.name));
}
