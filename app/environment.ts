import { z } from "zod";

/**
 * The environment's schema, validated once at boot by env.server.ts: a missing or malformed
 * variable stops the app with a message naming it, instead of failing at the first request.
 */
const commaSeparated = z
  .string()
  .min(1)
  .transform((value) => value.split(",").map((scope) => scope.trim()).filter(Boolean));

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "is required (the app's client id from the Partner Dashboard)"),
  SHOPIFY_API_SECRET: z.string().min(1, "is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.string().url("must be the app's public https URL"),
  SCOPES: commaSeparated,
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /**
   * Sandbox mode: the URL of the local dev store that plays Shopify's side. When set, every call
   * the Shopify library makes to https://<shop>.myshopify.com goes there instead. Never set in
   * production.
   */
  LOCAL_SHOPIFY_URL: z.string().url().optional(),
  /** Where the admin page loads App Bridge from (the Shopify CDN unless overridden, e.g. by the sandbox). */
  APP_BRIDGE_URL: z.string().url().optional(),
  /** Whether this process also runs the background job worker (one or more processes should). */
  JOB_WORKER: z.enum(["on", "off"]).default("on"),
  /**
   * A job still "running" this long after it started is taken to belong to a crashed process and
   * is run again by a live one (tasks are idempotent). Longer than the slowest task (a history
   * import step or a co-purchase rebuild of a large shop); tests shorten it.
   */
  JOB_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(600_000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * Where flow emails go out: smtp:// or smtps:// with credentials in the URL. Unset: flows keep
   * their runs waiting and send nothing (the sandbox sets it to its own SMTP server).
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional(),
  /** The sender address of flow emails (the display name is the shop's name). */
  SMTP_FROM: z.string().email("must be an email address").default("no-reply@encore.localhost"),
  /** How often each process looks for due flow steps (seconds). */
  FLOWS_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** The per-shop limit of flow emails per minute. */
  FLOWS_SENDS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /**
   * The first wait before a flow email the SMTP server did not accept is tried again (seconds);
   * later waits grow with the time since the first attempt, up to an hour.
   */
  FLOWS_SEND_RETRY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * The app proxy's rate limits per UTC minute (docs/decisions/016-storefront-rate-limits.md):
   * writes (loyalty redeem/cancel, event batches) per shopper and per shop, counted in the
   * database; reads per shopper, counted in each process's memory.
   */
  RATE_LIMIT_SHOPPER_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_SHOP_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
  RATE_LIMIT_SHOPPER_READS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Load balancers of the app's own that append to X-Forwarded-For behind Shopify's proxy. */
  RATE_LIMIT_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
});

export type Environment = z.infer<typeof environmentSchema>;

export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const result = environmentSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const message = issue.code === "invalid_type" && issue.received === "undefined" ? "is missing" : issue.message;
    return `  ${name} ${message}`;
  });
  throw new Error(`Encore cannot start: the environment is invalid.\n${problems.join("\n")}\nSee README.md, "Configuration".`);
}

export const isPostgres = (databaseUrl: string) => /^postgres(ql)?:\/\//.test(databaseUrl);
