import path from "node:path";
import { createSandbox, type Sandbox } from "../../app/sandbox/sandbox";
import { generateDemoShop } from "../../app/sandbox/seed/generate-demo-shop";
import { SandboxStore } from "../../app/sandbox/store/store";
import { ADMIN_API_VERSION } from "../../app/shopify/api-version";
import { startAppProcess, type AppProcess } from "./app-process";
import { openDatabase } from "./database-client";
import { createTestDatabase, type TestDatabase } from "./databases";
import { repoRoot } from "./paths";
import { freePort } from "./ports";

export const TEST_API_KEY = "encore-test-api-key";
export const TEST_API_SECRET = "encore-test-api-secret";
export const TEST_SCOPES = "read_products,read_orders,read_all_orders,read_customers,write_customers,write_discounts,read_discounts,write_app_proxy,read_themes";

export interface Stack {
  /** The first app process (the one the sandbox sends its webhooks to). */
  app: AppProcess;
  /** Every app process of the stack, all on the same database (several only on PostgreSQL). */
  apps: AppProcess[];
  sandbox: Sandbox;
  shop: string;
  database: TestDatabase;
  db: ReturnType<typeof openDatabase>;
  stop(): Promise<void>;
}

/**
 * Everything one integration test file needs: its own migrated database, the sandbox (Shopify's
 * side, in this process) seeded with the demo shop, and the built app as a separate process,
 * wired to each other exactly as in sandbox mode.
 */
export async function startStack(
  options: { appEnv?: Record<string, string>; processes?: number; databaseKind?: "sqlite" | "postgres"; mail?: boolean } = {},
): Promise<Stack> {
  const database = await createTestDatabase(options.databaseKind);
  const [appPort, sandboxPort] = await Promise.all([freePort(), freePort()]);
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const store = new SandboxStore(generateDemoShop(), null);
  const sandbox = createSandbox(
    {
      publicUrl: sandboxUrl,
      shopDomain: store.state.shop.domain,
      appUrl: `http://127.0.0.1:${appPort}`,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      scopes: TEST_SCOPES.split(","),
      apiVersion: ADMIN_API_VERSION,
      appConfigPath: path.join(repoRoot, "shopify.app.toml"),
      extensionsDir: path.join(repoRoot, "extensions"),
      webhookRetryDelaysMs: [200, 500, 1000, 2000],
    },
    store,
  );
  await sandbox.listen(sandboxPort);
  // Flow emails: the sandbox's SMTP server, and a scheduler that looks every second.
  const mailEnv: Record<string, string> = options.mail ? { SMTP_URL: `smtp://127.0.0.1:${await sandbox.mail.listen(0)}`, FLOWS_TICK_SECONDS: "1" } : {};
  const start = async (port: number) =>
    startAppProcess({
      port,
      databaseUrl: database.url,
      localShopifyUrl: sandboxUrl,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      scopes: TEST_SCOPES,
      env: { ...mailEnv, ...options.appEnv },
    });
  const apps: AppProcess[] = [];
  try {
    apps.push(await start(appPort));
    for (let i = 1; i < (options.processes ?? 1); i++) apps.push(await start(await freePort()));
  } catch (error) {
    await Promise.all(apps.map((a) => a.stop()));
    await sandbox.close();
    await database.drop();
    throw error;
  }
  const app = apps[0];
  const db = openDatabase(database.url);
  return {
    app,
    apps,
    sandbox,
    shop: store.state.shop.domain,
    database,
    db,
    stop: async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await sandbox.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}

/** Polls until `check` returns a truthy value (background jobs finish asynchronously). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
