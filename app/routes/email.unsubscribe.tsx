import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { unsubscribeWithToken } from "~/flows/unsubscribe.server";
import { enqueueTask } from "~/jobs/queue.server";

/**
 * The unsubscribe link in every flow email (GET: a customer clicks it) and mail clients'
 * one-click unsubscribe (POST, RFC 8058). Honoured at once; the token is signed with the app secret.
 */
const querySchema = z.object({ token: z.string().min(1).max(2000) });

async function unsubscribe(request: Request) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return { ok: false as const, message: "This unsubscribe link is incomplete: it has no token. Copy the whole link from the email." };
  const outcome = await unsubscribeWithToken(db, parsed.data.token, env.SHOPIFY_API_SECRET);
  if (outcome.ok) await enqueueTask("pushEmailUnsubscribe", { shop: outcome.shop, customerId: outcome.customerId }, { unique: true });
  return outcome;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const outcome = await unsubscribe(request);
  // The page needs only the shop's name: no ids in the HTML.
  return json(outcome.ok ? { ok: true as const, shopName: outcome.shopName } : outcome, { status: outcome.ok ? 200 : 400, headers: { "Cache-Control": "no-store" } });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const outcome = await unsubscribe(request);
  return new Response(outcome.ok ? "Unsubscribed" : outcome.message, { status: outcome.ok ? 200 : 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
};

export default function Unsubscribe() {
  const outcome = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 520, margin: "64px auto", padding: 16 }}>
      {outcome.ok ? (
        <>
          <h1>You are unsubscribed</h1>
          <p>You will get no more marketing emails from {outcome.shopName}. Order confirmations and other emails about your orders still come.</p>
        </>
      ) : (
        <>
          <h1>We could not unsubscribe you</h1>
          <p>{outcome.message}</p>
        </>
      )}
    </main>
  );
}
