#!/usr/bin/env bash
# Fetches Shopify's real GraphQL schemas (Admin API and the discount Functions API) from the
# published npm package @shopify/dev-mcp, which ships full introspection results. We `npm pack`
# the tarball and extract only the files we need: installing the package would pull in the
# whole Shopify CLI.
#
# Output (gitignored):
#   .shopify-schemas/admin_2026-10.json.gz               Admin API introspection (sandbox emulator, validation)
#   .shopify-schemas/functions_discount_2026-10.json.gz  discount Function input/output schema
#   .shopify-schemas/functions_discount_2026-04.json.gz  the same for 2026-04, the bundle discount function's version
#   .shopify-schemas/admin-2026-10.schema.json           uncompressed Admin introspection (codegen)
#
# Idempotent: does nothing when all three files already exist.
set -euo pipefail

PACKAGE="@shopify/dev-mcp@1.16.0"
API_VERSION="2026-10"
FILES=("admin_${API_VERSION}.json.gz" "functions_discount_${API_VERSION}.json.gz" "functions_discount_2026-04.json.gz")

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${REPO_ROOT}/.shopify-schemas"
CODEGEN_FILE="${OUT_DIR}/admin-${API_VERSION}.schema.json"

all_present=1
for f in "${FILES[@]}"; do
  [[ -s "${OUT_DIR}/${f}" ]] || all_present=0
done
[[ -s "${CODEGEN_FILE}" ]] || all_present=0
if [[ "${all_present}" == 1 ]]; then
  echo "shopify-schemas: already present in ${OUT_DIR}, skipping"
  exit 0
fi

TMP_DIR="$(mktemp -d)"
trap 'rm -rf "${TMP_DIR}"' EXIT

echo "shopify-schemas: npm pack ${PACKAGE}"
TARBALL="$(cd "${TMP_DIR}" && npm pack "${PACKAGE}" --silent | tail -n 1)"

members=()
for f in "${FILES[@]}"; do members+=("package/dist/data/${f}"); done
tar -xzf "${TMP_DIR}/${TARBALL}" -C "${TMP_DIR}" "${members[@]}"

mkdir -p "${OUT_DIR}"
for f in "${FILES[@]}"; do
  # Write through a temp name so an interrupted run never leaves a truncated schema behind.
  cp "${TMP_DIR}/package/dist/data/${f}" "${OUT_DIR}/${f}.tmp"
  mv "${OUT_DIR}/${f}.tmp" "${OUT_DIR}/${f}"
done
gunzip -c "${OUT_DIR}/admin_${API_VERSION}.json.gz" > "${CODEGEN_FILE}.tmp"
mv "${CODEGEN_FILE}.tmp" "${CODEGEN_FILE}"

echo "shopify-schemas: wrote $(ls "${OUT_DIR}" | tr '\n' ' ')to ${OUT_DIR}"
