import type { z } from "zod";

/**
 * Reads a small JSON request body and checks it against `schema`: the one way storefront and
 * checkout endpoints parse what a browser sends them. A refusal carries the status and a message
 * a person understands.
 */
export type JsonBodyResult<T> = { ok: true; data: T } | { ok: false; status: 400 | 413; error: "too-large" | "bad-json" | "bad-input"; message: string };

export async function readJsonBody<T>(request: Request, schema: z.ZodType<T, z.ZodTypeDef, unknown>, maxBytes: number): Promise<JsonBodyResult<T>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, status: 413, error: "too-large", message: "The request is too large." };
  let raw: unknown;
  try {
    raw = JSON.parse(text || "{}");
  } catch {
    return { ok: false, status: 400, error: "bad-json", message: "The request body is not JSON." };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, status: 400, error: "bad-input", message: parsed.error.issues[0].message };
  return { ok: true, data: parsed.data };
}
