#!/usr/bin/env node
// Reads shopify.app.toml for scripts: `node scripts/app-config.mjs scopes` prints the scopes.
import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

const config = parse(readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8"));
const [what] = process.argv.slice(2);
if (what === "scopes") console.log(config.access_scopes.scopes);
else if (what === "api-version") console.log(config.webhooks.api_version);
else throw new Error("usage: node scripts/app-config.mjs scopes|api-version");
