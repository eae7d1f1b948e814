import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { recordFeedback } from "~/flows/message-events.server";

/**
 * The feedback question's ten links (decision 020): one click stores the 1-10 answer (a later
 * click changes it); the thank-you page offers an optional comment, posted with the same signed link.
 */
const linkSchema = z.object({ m: z.string().max(100).optional(), score: z.string().max(3).optional(), s: z.string().max(200).optional() });
const commentSchema = z.object({ comment: z.string().max(2000, "Please keep the comment under 2000 characters.") });

const headers = { "Cache-Control": "no-store" };
const BROKEN_LINK = "This feedback link is incomplete or damaged. Please use the link in the email.";

/** The signed link's parts from the query, or null when they are malformed (too long). */
function linkOf(request: Request): z.infer<typeof linkSchema> | null {
  const query = new URL(request.url).searchParams;
  const parsed = linkSchema.safeParse({ m: query.get("m") ?? undefined, score: query.get("score") ?? undefined, s: query.get("s") ?? undefined });
  return parsed.success ? parsed.data : null;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const link = linkOf(request);
  if (!link) return json({ ok: false as const, message: BROKEN_LINK }, { status: 400, headers });
  const outcome = await recordFeedback(db, link, env.SHOPIFY_API_SECRET);
  return json(outcome.ok ? { ok: true as const, score: outcome.score, shopName: outcome.shopName } : outcome, { status: outcome.ok ? 200 : 400, headers });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const link = linkOf(request);
  if (!link) return json({ saved: false, message: BROKEN_LINK }, { status: 400, headers });
  // A body that is not a form (a script, not the page's form) is refused like a bad comment.
  const form = await request.formData().catch(() => null);
  if (!form) return json({ saved: false, message: "Send the comment from the form on this page." }, { status: 400, headers });
  const parsed = commentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ saved: false, message: parsed.error.issues[0].message }, { status: 400, headers });
  const outcome = await recordFeedback(db, link, env.SHOPIFY_API_SECRET, parsed.data.comment);
  return json(outcome.ok ? { saved: true, message: "Thank you, we read every comment." } : { saved: false, message: outcome.message }, { status: outcome.ok ? 200 : 400, headers });
};

export default function Feedback() {
  const outcome = useLoaderData<typeof loader>();
  const comment = useActionData<typeof action>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 520, margin: "64px auto", padding: 16 }}>
      {outcome.ok ? (
        <>
          <h1>Thank you!</h1>
          <p>
            You answered {outcome.score} out of 10. {outcome.shopName} will use it to get better. Clicked the wrong number? Click another one in the email: the
            last click counts.
          </p>
          {comment?.saved ? (
            <p>{comment.message}</p>
          ) : (
            <Form method="post">
              <label htmlFor="comment">Anything you would like to tell us? (optional)</label>
              <br />
              <textarea id="comment" name="comment" rows={4} cols={50} maxLength={2000} />
              <br />
              {comment?.message ? <p role="alert">{comment.message}</p> : null}
              <button type="submit">Send</button>
            </Form>
          )}
        </>
      ) : (
        <>
          <h1>This link does not work</h1>
          <p>{outcome.message}</p>
        </>
      )}
    </main>
  );
}
