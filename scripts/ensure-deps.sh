#!/usr/bin/env bash
# Installs what Encore needs on a fresh machine, and nothing twice: npm packages (with Node 22
# from the registry's `node` package, which npm scripts put first on PATH), the generated Prisma
# clients, Shopify's published schemas and the Admin GraphQL types generated from them.
# Sourced by scripts/sandbox.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node -e 'if (+process.versions.node.split(".")[0] < 22) { console.error("Node 22+ is required; node_modules/.bin/node is " + process.version); process.exit(1) }'

bash scripts/shopify-schemas.sh
if [ ! -f .shopify-schemas/admin.generated.d.ts ] || [ -n "$(find app -name '*.ts' -newer .shopify-schemas/admin.generated.d.ts -print -quit)" ]; then
  echo "==> Generating Admin GraphQL types"
  graphql-codegen >/dev/null
fi
if [ ! -f app/db/generated/sqlite/client.ts ] || [ prisma/schema.prisma -nt app/db/generated/sqlite/client.ts ]; then
  echo "==> Generating the Prisma clients"
  node scripts/db.mjs generate >/dev/null
fi
