// Starts the sandbox dev store (Shopify's side, emulated) for `npm run sandbox`.
// Environment: PORT, SHOPIFY_APP_URL, SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SCOPES, SANDBOX_STATE.
import path from "node:path";
import { ADMIN_API_VERSION } from "../shopify/api-version";
import { createSandbox } from "./sandbox";
import { generateDemoShop } from "./seed/generate-demo-shop";
import { SandboxStore } from "./store/store";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`The sandbox needs ${name} (scripts/sandbox.sh sets it)`);
  return value;
}

const port = Number(process.env.PORT ?? 3100);
const statePath = path.resolve(process.env.SANDBOX_STATE ?? ".sandbox/store.json");
const repoRoot = process.cwd();

let store = SandboxStore.load(statePath);
if (!store) {
  console.log("sandbox: generating the demo shop (first run)");
  store = new SandboxStore(generateDemoShop({ now: new Date() }), statePath);
  store.save();
}

const sandbox = createSandbox(
  {
    publicUrl: `http://localhost:${port}`,
    shopDomain: store.state.shop.domain,
    appUrl: required("SHOPIFY_APP_URL"),
    apiKey: required("SHOPIFY_API_KEY"),
    apiSecret: required("SHOPIFY_API_SECRET"),
    scopes: required("SCOPES").split(","),
    apiVersion: ADMIN_API_VERSION,
    appConfigPath: path.join(repoRoot, "shopify.app.toml"),
    extensionsDir: path.join(repoRoot, "extensions"),
    webhookRetryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000],
  },
  store,
);
await sandbox.listen(port, "0.0.0.0");
// Flow emails: the app sends to this SMTP server (SMTP_URL); read them on /sandbox/inbox.
const smtpPort = await sandbox.mail.listen(Number(process.env.SANDBOX_SMTP_PORT ?? 3125));
const { shop, products, customers, orders } = store.state;
console.log(`sandbox: ${shop.name} (${shop.domain}) with ${products.length} products, ${customers.length} customers, ${orders.length} orders on http://localhost:${port}`);
console.log(`sandbox: mail to smtp://127.0.0.1:${smtpPort} lands in http://localhost:${port}/sandbox/inbox`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void sandbox.close().finally(() => process.exit(0));
  });
}
