import path from "node:path";
import { Sidequest } from "sidequest";
import { env, isPostgres } from "../env.server";
import { EncoreTask } from "./sidequest.jobs.js";
import { tasks, type TaskName, type TaskPayload } from "./tasks.server";

/**
 * Durable background work on Sidequest: jobs live in the database (SQLite file beside Encore's, or
 * Encore's PostgreSQL), survive restarts, retry with back-off, and are claimed atomically, so any
 * number of app processes can run workers. See docs/decisions/002-background-jobs.md.
 */
const JOBS_FILE = path.resolve(process.cwd(), "app/jobs/sidequest.jobs.js");
const TASKS = Symbol.for("encore.jobs.tasks");

function backendConfig() {
  if (isPostgres(env.DATABASE_URL)) {
    return { driver: "@sidequest/postgres-backend" as const, config: env.DATABASE_URL };
  }
  const databaseFile = env.DATABASE_URL.slice("file:".length).replace(/\.sqlite$|\.db$/, "");
  return { driver: "@sidequest/sqlite-backend" as const, config: path.resolve(`${databaseFile}.jobs.sqlite`) };
}

let ready: Promise<unknown> | null = null;

/** Starts the worker in this process (JOB_WORKER=on), or only configures enqueueing (off). */
export function startJobs(): Promise<unknown> {
  (globalThis as Record<symbol, unknown>)[TASKS] = tasks;
  ready ??= (async () => {
    const config = {
      backend: backendConfig(),
      queues: [{ name: "default", concurrency: 4 }],
      dashboard: { enabled: false },
      logger: { level: env.LOG_LEVEL === "debug" ? ("debug" as const) : ("warn" as const) },
      fork: false,
      runner: "inline" as const,
      manualJobResolution: true,
      jobsFilePath: JOBS_FILE,
      jobPollingInterval: 250,
      // Checked every minute (Sidequest's default is hourly): after a crash, the jobs the dead
      // process held run again within JOB_STALE_AFTER_MS plus a minute.
      releaseStaleJobsIntervalMin: 1,
      releaseStaleJobsMaxStaleMs: env.JOB_STALE_AFTER_MS,
      releaseStaleJobsMaxClaimedMs: Math.min(60_000, env.JOB_STALE_AFTER_MS),
      gracefulShutdown: false,
    };
    if (env.JOB_WORKER === "on") await Sidequest.start(config);
    else await Sidequest.configure(config);
  })();
  return ready;
}

export interface EnqueueOptions {
  /** At most one pending job with the same task and payload (e.g. one per webhook delivery). */
  unique?: boolean;
  availableAt?: Date;
  maxAttempts?: number;
}

export async function enqueueTask<Name extends TaskName>(name: Name, payload: TaskPayload<Name>, options: EnqueueOptions = {}) {
  await startJobs();
  let builder = Sidequest.build(EncoreTask)
    .queue("default")
    .maxAttempts(options.maxAttempts ?? 10)
    .retryDelay(1000)
    .backoffStrategy("exponential");
  if (options.unique) builder = builder.unique({ withArgs: true });
  if (options.availableAt) builder = builder.availableAt(options.availableAt);
  try {
    return await builder.enqueue(name, payload);
  } catch (error) {
    // The same job already pending is exactly what `unique` asks for, not a failure.
    if (options.unique && error instanceof Error && error.constructor.name === "DuplicatedJobError") return null;
    throw error;
  }
}

export async function stopJobs(): Promise<void> {
  if (!ready) return;
  await Sidequest.stop();
  ready = null;
}
