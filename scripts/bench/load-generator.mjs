/**
 * Open-loop HTTP load generator for scripts/bench-recs.ts, run as its own process (forked with an
 * IPC channel). Receives { urls, rate, durationMs, timeoutMs } and sends GET requests on a fixed
 * schedule (request i is due at start + i / rate, whether or not earlier ones have answered),
 * cycling through `urls`. Replies with latency percentiles (from the moment each request was
 * sent), the achieved rate, how far sending fell behind the schedule, and errors.
 * Plain JavaScript so it runs on bare node without a TypeScript loader.
 */
import http from "node:http";

process.on("message", (job) => {
  run(job).then(
    (result) => process.send({ ok: true, result }, () => process.exit(0)),
    (error) => process.send({ ok: false, error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});

async function run({ urls, rate, durationMs, timeoutMs = 2000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const parsed = urls.map((url) => new URL(url));
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const intervalNs = 1e9 / rate;
  const latenciesNs = [];
  const errors = { status: 0, network: 0, timeout: 0 };
  const statusCodes = {};
  let maxLagNs = 0n;
  let sent = 0;
  let finished = 0;
  let allDone;
  const done = new Promise((resolve) => (allDone = resolve));

  const send = () => {
    const url = parsed[sent % parsed.length];
    sent++;
    const startedAt = process.hrtime.bigint();
    let settled = false;
    const finish = (kind, status) => {
      if (settled) return;
      settled = true;
      if (kind === "ok") latenciesNs.push(Number(process.hrtime.bigint() - startedAt));
      else errors[kind]++;
      if (status !== undefined) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (++finished === total) allDone();
    };
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: "GET", timeout: timeoutMs },
      (response) => {
        response.resume(); // read the whole body: latency is to the last byte
        response.on("end", () => finish(response.statusCode === 200 ? "ok" : "status", response.statusCode));
        response.on("error", () => finish("network"));
      },
    );
    request.on("timeout", () => {
      finish("timeout");
      request.destroy();
    });
    request.on("error", () => finish("network"));
    request.end();
  };

  const start = process.hrtime.bigint();
  await new Promise((resolve) => {
    const tick = () => {
      const now = process.hrtime.bigint();
      const due = Math.min(total, Math.floor(Number(now - start) / intervalNs) + 1);
      if (due > sent) {
        const lag = now - (start + BigInt(Math.round(sent * intervalNs)));
        if (lag > maxLagNs) maxLagNs = lag;
      }
      while (sent < due) send();
      if (sent < total) setTimeout(tick, 1); // not setImmediate: a busy loop would take a core from the server
      else resolve();
    };
    tick();
  });
  const sendSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, timeoutMs + 1000))]);
  agent.destroy();

  latenciesNs.sort((a, b) => a - b);
  const pct = (p) => (latenciesNs.length ? latenciesNs[Math.min(latenciesNs.length - 1, Math.ceil((p / 100) * latenciesNs.length) - 1)] / 1e6 : NaN);
  const unanswered = total - finished;
  return {
    rate,
    requests: total,
    ok: latenciesNs.length,
    errors: errors.status + errors.network + errors.timeout + unanswered,
    errorKinds: { ...errors, unanswered },
    statusCodes,
    achievedRate: total / sendSeconds,
    maxSendLagMs: Number(maxLagNs) / 1e6,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: latenciesNs.length ? latenciesNs[latenciesNs.length - 1] / 1e6 : NaN,
  };
}
