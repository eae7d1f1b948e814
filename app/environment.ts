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
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
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
