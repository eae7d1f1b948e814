import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { REFERRAL_ATTRIBUTE } from "~/loyalty/referrals";
import { referralLanding } from "~/loyalty/referrals.server";
import { limitStorefrontWrite } from "~/rate-limit/rate-limit.server";
import { authenticate } from "~/shopify.server";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /apps/encore/r/<code> (the app proxy): a friend followed a referral link. The page writes the
 * code to the cart attribute the friend's order carries (judged by the order webhooks), and sends
 * them to the shop with their friend discount applied (/discount/CODE) when the program gives one.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.public.appProxy(request);
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop") ?? "";
  // Rate-limited like the other writes: each landing may create a discount code.
  const limited = await limitStorefrontWrite(db, request, shop);
  if (limited) return limited;
  const landing = await referralLanding(db, admin ?? null, { shop, code: params.code ?? "", loggedInCustomerId: query.get("logged_in_customer_id") || null });
  const headers = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" };
  if (!landing.ok) {
    const status = landing.reason === "unknown-code" ? 404 : 200;
    return new Response(`<!doctype html><meta charset="utf-8"><title>Referral</title><p>${escapeHtml(landing.message)}</p><p><a href="/">Continue to the shop</a></p>`, { status, headers });
  }
  const target = landing.friendCode ? `/discount/${encodeURIComponent(landing.friendCode)}?redirect=%2F` : "/";
  const data = JSON.stringify({ attributes: { [REFERRAL_ATTRIBUTE]: landing.code }, target }).replace(/</g, "\\u003c");
  const message = landing.friendCode ? `Your friend discount code is ${escapeHtml(landing.friendCode)}. Taking you to the shop…` : "Taking you to the shop…";
  const body = `<!doctype html><meta charset="utf-8"><title>Welcome</title>
<p data-encore-referral data-friend-code="${escapeHtml(landing.friendCode ?? "")}">${message}</p>
<p><a href="${escapeHtml(target)}">Continue</a></p>
<script>(function(){var d=${data};fetch("/cart/update.js",{method:"POST",headers:{"Content-Type":"application/json"},body:JSON.stringify({attributes:d.attributes})}).catch(function(){}).then(function(){location.replace(d.target)})})()</script>`;
  return new Response(body, { status: 200, headers });
};
