/**
 * Encore's performance budgets, measured (issue 8). Prints one table and writes it to
 * docs/performance.md with the date and the machine. Asserts nothing: it reports.
 *
 *   npm run bench [-- --only weight,proxy] [--quick] [--no-write]
 *
 * Sections (each its own module here): weight, storefront, proxy, webhooks, mining, admin.
 * Needs the built app (`npm run build`; built here when missing), Debian's chromium for the
 * browser sections and PostgreSQL at 127.0.0.1:5432 for the second half of `webhooks`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { saveLoyaltyProgram } from "../../app/loyalty/ledger.server";
import prepareTestDatabases from "../../tests/support/global-setup";
import { binary, repoRoot } from "../../tests/support/paths";
import { startStack, type Stack } from "../../tests/support/stack";
import { adminSection } from "./admin";
import { installAndImport } from "./load";
import { miningSection } from "./mining";
import { proxySection } from "./proxy";
import { describeMachine, loadAverage, machine, markdownTable, selectSections, textTable, type Row, type Section } from "./report";
import { storefrontSection } from "./storefront";
import { webhooksSection } from "./webhooks";
import { weightSection } from "./weight";

const SECTIONS: Section[] = [weightSection, storefrontSection, proxySection, webhooksSection, miningSection, adminSection];
const DOC = path.join(repoRoot, "docs", "performance.md");
const FINDINGS = "## What misses its budget, and what we found";

async function main() {
  const { values } = parseArgs({ options: { only: { type: "string" }, quick: { type: "boolean" }, "no-write": { type: "boolean" } } });
  const sections = selectSections(SECTIONS, values.only);
  const quick = values.quick ?? false;
  // App processes run on the project's node (22), first on PATH, as npm run sets it.
  process.env.PATH = `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`;
  process.env.LOG_LEVEL ??= "warn";
  process.env.APP_START_TIMEOUT_MS ??= "180000";
  if (!existsSync(path.join(repoRoot, "build", "server", "index.js"))) {
    console.log("build/server/index.js is missing: building the app (remix vite:build)...");
    execFileSync(binary("remix"), ["vite:build"], { cwd: repoRoot, stdio: "inherit" });
  }
  await prepareTestDatabases(); // the migrated SQLite template each stack copies

  let shared: Promise<Stack> | undefined;
  const sharedStack = () => {
    shared ??= (async () => {
      const stack = await startStack({ appEnv: { WEB_CONCURRENCY: String(availableParallelism()) } });
      // Written before the install: on SQLite the import holds the write lock.
      await saveLoyaltyProgram(stack.db, stack.shop, { enabled: true, pointsPerUnit: 1, pendingDays: 14 });
      await installAndImport(stack);
      return stack;
    })();
    shared.catch(() => (shared = undefined)); // the next section tries again
    return shared;
  };

  const started = new Date();
  const rows: Row[] = [];
  const failures: string[] = [];
  const loads: string[] = [];
  for (const section of sections) {
    const load = loadAverage();
    loads.push(`${section.name} ${load.toFixed(1)}`);
    console.log(`\n== ${section.title} (${section.name}); load average ${load.toFixed(1)}`);
    const t0 = performance.now();
    try {
      rows.push(...(await section.run({ quick, log: (line) => console.log(line), sharedStack })));
    } catch (error) {
      // One broken section must not hide the others' figures.
      console.error(error);
      failures.push(section.name);
      rows.push({ section: section.name, figure: "section failed", value: String((error as Error).message ?? error).slice(0, 120), budget: "-", holds: "no" });
    }
    console.log(`   (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }

  if (shared) await (await shared.catch(() => undefined))?.stop();

  const where = describeMachine(machine());
  console.log(`\n${textTable(rows)}\n\n${started.toISOString()} on ${where}${quick ? " (--quick)" : ""}`);
  if (!values["no-write"]) {
    // The findings written by hand after a run (from FINDINGS on) are kept.
    const previous = existsSync(DOC) ? readFileSync(DOC, "utf8") : "";
    const findings = previous.includes(FINDINGS) ? previous.slice(previous.indexOf(FINDINGS)) : `${FINDINGS}\n\n(none written yet)\n`;
    writeFileSync(DOC, `${performanceDoc(rows, started, `${where}; 1-minute load average when each section started: ${loads.join(", ")}`, quick, sections.length === SECTIONS.length)}\n${findings}`);
    console.log(`Wrote ${path.relative(repoRoot, DOC)}`);
  }
  if (failures.length) process.exitCode = 1;
}

function performanceDoc(rows: Row[], date: Date, where: string, quick: boolean, complete: boolean): string {
  const misses = rows.filter((row) => row.holds === "no");
  return `# Performance

Measured by \`npm run bench\`${quick ? " --quick" : ""}${complete ? "" : " (some sections only)"} on ${date.toISOString().slice(0, 16).replace("T", " ")} UTC,
on ${where}. The load generator, the sandbox (Shopify's side), Chromium and the app share these
cores. Reproduce with \`npm run build && npm run bench\` (sections: \`--only weight,storefront,proxy,webhooks,mining,admin\`; \`--quick\` for shorter runs).

${markdownTable(rows)}

${misses.length ? `Misses: ${misses.length} (see below).` : "Every budgeted figure holds."}

## How each figure is measured
- **weight**: gzip -9 bytes of each asset a block or embed loads, read from the block: its schema's
  \`javascript\`/\`stylesheet\` and \`<script src>\`/\`<link href>\` of an \`asset_url\` are first paint;
  any other \`asset_url\` it hands its script (the loyalty panel) is loaded on interaction. KB = 1,024 bytes.
- **storefront**: headless Chromium (Debian's) loads the sandbox product page with Encore's blocks and
  embeds and with none (\`?sandbox_app_blocks=off\`, same page, same data), alternating, after the
  history import (so the blocks have recommendations). Total blocking time from long tasks
  (\`longtask\` entries, the part over 50 ms, until 2.5 s after load, CPU slowed 4x as Lighthouse's
  mobile run does), LCP and CLS (\`layout-shift\` without recent input) from PerformanceObserver; the
  table gives the difference of the medians.
- **proxy**: the built app with two workers on SQLite, signed app-proxy requests from a second
  process (scripts/bench/load-generator.mjs, open loop: request *i* is sent at *i*/rate whatever
  came back); latency is send to last byte. The floor is a bare node:http server answering a fixed
  JSON at the same rates from the same load process.
- **webhooks**: signed \`orders/paid\` deliveries of orders the app has not seen, posted with 16 in
  flight, timed from the first post until every delivery is processed (HMAC check, dedupe, order,
  co-purchases, attribution, loyalty ledger with the program on, flow enrolment with a flow on).
  Issue 8 sets no figure here; 50/s is Encore's own budget (a busy sale on a small shop).
- **mining**: \`buildCoPurchaseCounts\` on 1,000,000 baskets resampled (seeded, with replacement)
  from the 88,162 real baskets of \`fimi_retail_brijs_88162.dat\` (the data has fewer than 1M);
  incremental: \`syncOrderCoPurchases\` for each new order on a SQLite shop holding the demo history
  (the 500,000 baskets/s and 50 ms budgets are Encore's own, from issue 3 and the webhook queue).
- **admin**: Chromium opens each page in the sandbox admin (the app in its iframe), LCP and CLS
  observed in the app's frame; the interaction is a click on the page's first control, from the
  click to the next paint (Event Timing \`duration\`, as INP measures it).
`;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
