#!/usr/bin/env node
// Encore's production server (`npm start`): the built Remix app behind Express, as remix-serve
// runs it, minus four per-request costs that dominated a CPU profile of the storefront endpoint
// under load (docs/decisions/008-storefront-request-path.md):
//   - remix-serve mounts express.static on "/", so every request stats the disk (and builds an
//     ENOENT error) before reaching the app; here only paths of files that exist in build/client
//     (listed once at start) go to the static handler;
//   - compression wraps every response; the storefront proxy's answers are small JSON, so they skip it;
//   - Remix's route matching over the whole tree: proxy requests match a tree of the proxy routes;
//   - one access-log line per request; storefront proxy requests (thousands a second on a busy
//     store, from Shopify's proxy) are not access-logged; their failures are logged by the app.
// WEB_CONCURRENCY=N forks N worker processes (node:cluster) sharing the port; default 1.
import cluster from "node:cluster";
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const port = Number(process.env.PORT ?? 3000);
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1) || 1);
const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  // A worker that dies is replaced; the primary stops when asked to.
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      console.error(`[encore] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
      cluster.fork();
    }
  });
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
  }
} else {
  await serve();
}

async function serve() {
  const build = await import(pathToFileURL(buildPath).href);
  installGlobals({ nativeFetch: build.future.v3_singleFetch });
  const clientDir = build.assetsBuildDirectory;
  const staticFiles = new Set(listFiles(clientDir).map((file) => `/${path.relative(clientDir, file).split(path.sep).join("/")}`));
  const isProxy = (request) => request.path.startsWith("/proxy/");

  const app = express();
  app.disable("x-powered-by");
  const compress = compression();
  app.use((request, response, next) => (isProxy(request) ? next() : compress(request, response, next)));
  // Hashed build assets never change; anything else in build/client may.
  const assets = express.static(clientDir, { immutable: true, maxAge: "1y", fallthrough: true });
  const otherFiles = express.static(clientDir, { maxAge: "1h", fallthrough: true });
  app.use((request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    if (!staticFiles.has(request.path)) return next();
    return request.path.startsWith(build.publicPath + "assets/") ? assets(request, response, next) : otherFiles(request, response, next);
  });
  // The query carries credentials (the admin's id_token, OAuth's code and hmac, signed links'
  // tokens): logged with only the values known to be harmless, the others as "…".
  const harmless = new Set(["shop", "embedded", "_data", "locale", "index", "host"]);
  morgan.token("safe-url", (request) => {
    const url = new URL(request.originalUrl ?? request.url, "http://x");
    for (const key of [...new Set(url.searchParams.keys())]) if (!harmless.has(key)) url.searchParams.set(key, "…");
    return url.pathname + (url.search ? decodeURIComponent(url.search) : "");
  });
  const accessLog = morgan(":method :safe-url :status :res[content-length] - :response-time ms");
  app.use((request, response, next) => (isProxy(request) ? next() : accessLog(request, response, next)));
  // Remix matches a request against the whole route tree on every request (it flattens and ranks
  // it each time), which became the largest cost of a cached storefront answer. Storefront proxy
  // requests get a handler over the same build whose tree holds only the root and the proxy
  // routes: the same route modules and loaders, a fraction of the matching.
  const storefrontRoutes = Object.fromEntries(
    Object.entries(build.routes).filter(([id, route]) => id === "root" || route.path?.startsWith("proxy/")),
  );
  app.all("/proxy/*", createRequestHandler({ build: { ...build, routes: storefrontRoutes }, mode: process.env.NODE_ENV }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  const server = process.env.HOST ? app.listen(port, process.env.HOST, onListen) : app.listen(port, onListen);
  server.keepAliveTimeout = 65_000; // longer than the proxies in front of it, so they never reuse a closed socket
  function onListen() {
    console.log(`[encore] http://localhost:${port} (pid ${process.pid})`);
  }
  // Stop taking requests, let the ones in flight finish (3 s at most), then exit: background jobs
  // cut short are picked up again by the next process (every task is idempotent, ADR 002).
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      setTimeout(() => process.exit(0), 3000).unref();
      server.close(() => process.exit(0));
      server.closeIdleConnections();
    });
  }
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
