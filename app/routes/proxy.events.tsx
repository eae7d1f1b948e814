import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { MAX_EVENT_BODY_BYTES, parseEventBatch } from "~/cross-sell/analytics";
import { recordEvents } from "~/cross-sell/analytics.server";
import { db } from "~/db.server";
import { limitStorefrontWrite } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

const noStore = { "Cache-Control": "no-store" };

/**
 * POST /apps/encore/events (through the app proxy): a batch of storefront block events (contract
 * 3), sent with navigator.sendBeacon, so the body is JSON whatever the content type says.
 * 204 when stored; 400 with the reason for a bad body (nothing stored); 413 above the size cap.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  await authenticate.public.appProxy(request);
  if (request.method !== "POST") return json({ error: "Send events with POST." }, { status: 405, headers: { Allow: "POST", ...noStore } });
  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  const limited = await limitStorefrontWrite(db, request, shop);
  if (limited) return limited;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_EVENT_BODY_BYTES) return tooLarge();
  const body = await readCapped(request, MAX_EVENT_BODY_BYTES);
  if (body === null) return tooLarge();
  const parsed = parseEventBatch(body);
  if (!parsed.ok) return json({ error: parsed.error }, { status: 400, headers: noStore });
  await recordEvents(db, shop, parsed.batch);
  return new Response(null, { status: 204, headers: noStore });
};

/** The body as text, or null once it passes `cap` bytes (a chunked body has no length to check first). */
async function readCapped(request: Request, cap: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      // Read the rest without keeping it, so the 413 reaches the client; cutting the upload short
      // closes the connection under it. A body far past the cap is cut off anyway.
      if (size > DRAIN_LIMIT_BYTES) {
        await reader.cancel();
        return null;
      }
      chunks.length = 0;
      continue;
    }
    chunks.push(value);
  }
  return size > cap ? null : Buffer.concat(chunks).toString("utf8");
}

const DRAIN_LIMIT_BYTES = 1024 * 1024;

const tooLarge = () => json({ error: `The body is larger than ${MAX_EVENT_BODY_BYTES} bytes; send at most 50 events per request.` }, { status: 413, headers: noStore });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.public.appProxy(request);
  return json({ error: "Send events with POST." }, { status: 405, headers: { Allow: "POST", ...noStore } });
};
