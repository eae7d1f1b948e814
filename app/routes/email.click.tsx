import type { LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { recordClick } from "~/flows/message-events.server";

/**
 * The tracked links in flow emails (decision 020): a signed message id and target; the click is
 * recorded once per message and link, then the customer goes on to the shop. A link that is not
 * signed by the app (or leads off the shop's domain) gets a page saying so, never a redirect.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const query = new URL(request.url).searchParams;
  const outcome = await recordClick(db, { m: query.get("m"), u: query.get("u"), s: query.get("s") }, env.SHOPIFY_API_SECRET);
  if (outcome.ok) return redirect(outcome.target, { status: 302, headers: { "Cache-Control": "no-store" } });
  return json({ message: outcome.message }, { status: 400, headers: { "Cache-Control": "no-store" } });
};

export default function BrokenLink() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 520, margin: "64px auto", padding: 16 }}>
      <h1>This link does not work</h1>
      <p>{message}</p>
    </main>
  );
}
