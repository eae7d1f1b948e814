#!/usr/bin/env bash
# One command for a fresh machine: install, migrate, build, seed the sandbox store and start
# Encore against it (Shopify's side runs locally; see docs/architecture.md). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-deps.sh

APP_PORT="${APP_PORT:-3000}"
SANDBOX_PORT="${SANDBOX_PORT:-3100}"
export SHOPIFY_API_KEY="${SHOPIFY_API_KEY:-encore-sandbox-client-id}"
export SHOPIFY_API_SECRET="${SHOPIFY_API_SECRET:-encore-sandbox-secret}"
export SHOPIFY_APP_URL="http://localhost:${APP_PORT}"
export SCOPES="${SCOPES:-$(node scripts/app-config.mjs scopes)}"
export DATABASE_URL="${DATABASE_URL:-file:./data/encore.sqlite}"
export LOCAL_SHOPIFY_URL="http://localhost:${SANDBOX_PORT}"
export APP_BRIDGE_URL="${LOCAL_SHOPIFY_URL}/sandbox-assets/app-bridge.js"
export SANDBOX_STATE="${SANDBOX_STATE:-.sandbox/store.json}"
export SANDBOX_SMTP_PORT="${SANDBOX_SMTP_PORT:-3125}"
# Flow emails go to the sandbox's own SMTP server; read them at /sandbox/inbox.
export SMTP_URL="smtp://127.0.0.1:${SANDBOX_SMTP_PORT}"
export FLOWS_TICK_SECONDS="${FLOWS_TICK_SECONDS:-10}"
export NODE_ENV=production

echo "==> Migrating the database (${DATABASE_URL})"
node scripts/db.mjs deploy >/dev/null
echo "==> Building the app"
remix vite:build >/dev/null

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "==> Starting the sandbox store on ${LOCAL_SHOPIFY_URL}"
PORT="$SANDBOX_PORT" tsx app/sandbox/main.ts &
pids+=($!)
echo "==> Starting Encore on ${SHOPIFY_APP_URL}"
PORT="$APP_PORT" node server.mjs build/server/index.js &
pids+=($!)

for _ in $(seq 1 100); do
  if curl -fsS "${LOCAL_SHOPIFY_URL}/sandbox/health" >/dev/null 2>&1 && curl -fsS "${SHOPIFY_APP_URL}/" >/dev/null 2>&1; then break; fi
  sleep 0.3
done
cat <<TXT

  Encore is running in sandbox mode.
    Admin (Encore inside the local Shopify admin):  ${LOCAL_SHOPIFY_URL}/admin/apps/encore
    Storefront (the demo shop):                     ${LOCAL_SHOPIFY_URL}/
    Inbox (emails Encore sent):                     ${LOCAL_SHOPIFY_URL}/sandbox/inbox
  Orders placed on the storefront reach Encore as signed webhooks. Ctrl-C stops both.

TXT
wait -n "${pids[@]}"
