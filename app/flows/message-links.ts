import { createHmac, timingSafeEqual } from "node:crypto";
import { htmlToText, type RenderedEmail } from "./email-template";

/**
 * Signed links in flow emails (decision 020): every link to the shop's storefront goes through
 * the app's click redirect (/email/click?m=<message>&u=<target>&s=<signature>), and the feedback
 * question is ten links (/email/feedback?m=<message>&score=N&s=<signature>). The signature is
 * HMAC-SHA256 under the app secret over the message id and the target (or score), so nobody can
 * make the app redirect elsewhere or answer for someone else. No expiry: old emails keep working.
 */

const sign = (purpose: "click" | "feedback", messageId: string, value: string, secret: string) =>
  createHmac("sha256", secret).update(`${purpose}:${messageId}\n${value}`).digest("base64url");

function same(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Where a click may lead: an http(s) URL on the shop's storefront domain (its myshopify.com
 * domain, which Shopify redirects to the primary domain). Anything else would be an open redirect.
 */
export function isAllowedTarget(target: string, shop: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  return (url.protocol === "https:" || url.protocol === "http:") && url.hostname === shop.toLowerCase() && url.username === "" && url.password === "";
}

export function clickUrl(appUrl: string, messageId: string, target: string, secret: string): string {
  const query = new URLSearchParams({ m: messageId, u: target, s: sign("click", messageId, target, secret) });
  return `${appUrl}/email/click?${query}`;
}

export function verifyClick(params: { m?: string | null; u?: string | null; s?: string | null }, secret: string): { messageId: string; target: string } | null {
  if (!params.m || !params.u || !params.s) return null;
  return same(sign("click", params.m, params.u, secret), params.s) ? { messageId: params.m, target: params.u } : null;
}

export const FEEDBACK_SCORES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export function feedbackUrl(appUrl: string, messageId: string, score: number, secret: string): string {
  const query = new URLSearchParams({ m: messageId, score: String(score), s: sign("feedback", messageId, String(score), secret) });
  return `${appUrl}/email/feedback?${query}`;
}

export function verifyFeedback(params: { m?: string | null; score?: string | null; s?: string | null }, secret: string): { messageId: string; score: number } | null {
  if (!params.m || !params.score || !params.s) return null;
  if (!/^(10|[1-9])$/.test(params.score)) return null;
  return same(sign("feedback", params.m, params.score, secret), params.s) ? { messageId: params.m, score: Number(params.score) } : null;
}

const decodeAttribute = (value: string) => value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const encodeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * Points every storefront link of a rendered email at the click redirect. Links elsewhere (the
 * unsubscribe link, the feedback links, mailto:) stay as they are.
 */
export function trackLinks(html: string, options: LinkOptions): string {
  return html.replace(/(<a\s[^>]*?href=")([^"]*)(")/gi, (all, before: string, href: string, after: string) => {
    const target = decodeAttribute(href);
    if (!isAllowedTarget(target, options.shop)) return all;
    return `${before}${encodeAttribute(clickUrl(options.appUrl, options.messageId, target, options.secret))}${after}`;
  });
}

interface LinkOptions {
  appUrl: string;
  messageId: string;
  shop: string;
  secret: string;
}

/** The ten answers of the feedback question, for the template's feedback_links. */
export function feedbackLinks(options: Omit<LinkOptions, "shop">): { score: number; url: string }[] {
  return FEEDBACK_SCORES.map((score) => ({ score, url: feedbackUrl(options.appUrl, options.messageId, score, options.secret) }));
}

/** A rendered email with its storefront links tracked, in the HTML and the plain-text part. */
export function trackEmail(email: RenderedEmail, options: LinkOptions): RenderedEmail {
  const html = trackLinks(email.html, options);
  return { ...email, html, text: htmlToText(html) };
}

export interface NpsFigure {
  answers: number;
  promoters: number;
  detractors: number;
  /** Promoters (9-10) minus detractors (0-6) as a percentage of answers, rounded; null without answers. */
  nps: number | null;
}

export function netPromoterScore(scores: readonly number[]): NpsFigure {
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  const answers = scores.length;
  return { answers, promoters, detractors, nps: answers === 0 ? null : Math.round(((promoters - detractors) / answers) * 100) };
}
