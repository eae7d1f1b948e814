import { spawn, type ChildProcess } from "node:child_process";
import { binary, repoRoot } from "./paths";

export interface AppProcess {
  url: string;
  port: number;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** kill -9: a crash, for reliability tests. */
  kill(): Promise<void>;
}

export interface AppProcessOptions {
  port: number;
  databaseUrl: string;
  localShopifyUrl: string;
  apiKey: string;
  apiSecret: string;
  scopes: string;
  env?: Record<string, string>;
}

/** Starts the built app (build/server) as its own process, exactly as `npm start` runs it (server.mjs). */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(binary("node"), ["server.mjs", "build/server/index.js"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: "UTC",
      NODE_ENV: "production",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: options.apiKey,
      SHOPIFY_API_SECRET: options.apiSecret,
      SHOPIFY_APP_URL: url,
      SCOPES: options.scopes,
      DATABASE_URL: options.databaseUrl,
      LOCAL_SHOPIFY_URL: options.localShopifyUrl,
      APP_BRIDGE_URL: `${options.localShopifyUrl}/sandbox-assets/app-bridge.js`,
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilServing(url, child, () => output);
  return {
    url,
    port: options.port,
    output: () => output,
    stop: () => stopProcess(child, "SIGTERM"),
    kill: () => stopProcess(child, "SIGKILL"),
  };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string) {
  // APP_START_TIMEOUT_MS: `npm run bench` waits longer, as a busy shared machine can need it.
  const limitMs = Number(process.env.APP_START_TIMEOUT_MS) || 30_000;
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode} before serving:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  child.kill("SIGKILL");
  throw new Error(`The app did not start serving within ${limitMs / 1000} s:\n${output()}`);
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}
