import type { SandboxHandler } from "../sandbox-context";
import type { SandboxMail, SandboxMailServer } from "./mail-server";

/**
 * The sandbox inbox at /sandbox/inbox: every email the app sent through the sandbox's SMTP
 * server, newest first, and each message as the customer would see it. Links to the shop's
 * domain (https://<shop>.myshopify.com/...) point at the sandbox storefront, which plays that
 * domain, so "Use it now" and product links work. The app's tracked links (/email/click, decision
 * 018) go through /sandbox/inbox/follow: it follows the app's redirect (so the click is recorded)
 * and sends the browser to the sandbox storefront instead of the shop's real domain.
 * /sandbox/inbox.json lists them for scripts.
 */
export function createInboxHandler(mail: SandboxMailServer): SandboxHandler {
  return async (request, context) => {
    const url = new URL(request.url);
    if (url.pathname === "/sandbox/inbox.json") return Response.json({ messages: mail.messages() });
    if (url.pathname === "/sandbox/inbox") return html(listPage(mail.messages()));
    if (url.pathname === "/sandbox/inbox/follow") return follow(url.searchParams.get("link"), `https://${context.config.shopDomain}`, context.config.publicUrl);
    const match = /^\/sandbox\/inbox\/(\d+)$/.exec(url.pathname);
    if (!match) return null;
    const message = mail.message(Number(match[1]));
    if (!message) return html(page("Not found", `<p>No message ${escape(match[1])} in the sandbox inbox (it keeps messages until the sandbox restarts).</p><p><a href="/sandbox/inbox">Back to the inbox</a></p>`), 404);
    return html(messagePage(message, `https://${context.config.shopDomain}`, context.config.publicUrl));
  };
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function html(body: string, status = 200) {
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Sandbox inbox</title>
<style>body{font-family:system-ui,sans-serif;margin:24px auto;max-width:860px;padding:0 16px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left}.meta{color:#555}.mail{border:1px solid #ccc;border-radius:6px;padding:16px;margin-top:12px}</style>
</head><body>${body}</body></html>`;
}

function listPage(messages: SandboxMail[]) {
  const rows = messages
    .map((m) => `<tr><td>${escape(m.receivedAt.replace("T", " ").slice(0, 19))}</td><td>${escape(m.to.join(", "))}</td><td><a href="/sandbox/inbox/${m.id}">${escape(m.subject)}</a></td></tr>`)
    .join("");
  return page(
    "Inbox",
    `<h1>Sandbox inbox</h1><p class="meta">Every email Encore sent through the sandbox's SMTP server, newest first. Nothing leaves this machine.</p>
${messages.length ? `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>No mail yet.</p>"}`,
  );
}

/** The shop's domain in links becomes the sandbox storefront (the sandbox plays that domain). */
export function pointLinksAtSandbox(body: string, shopOrigin: string, publicUrl: string): string {
  return body.split(`href="${shopOrigin}`).join(`href="${publicUrl.replace(/\/$/, "")}`);
}

/** Tracked links (the app's click redirect) are followed by the sandbox, which plays the shop's domain. */
export function pointTrackedLinksAtSandbox(body: string): string {
  return body.replace(/href="([^"]*\/email\/click\?[^"]*)"/g, (_all, href: string) => `href="/sandbox/inbox/follow?link=${encodeURIComponent(href.replace(/&amp;/g, "&"))}"`);
}

async function follow(link: string | null, shopOrigin: string, publicUrl: string): Promise<Response> {
  let target: URL;
  try {
    target = new URL(link ?? "");
  } catch {
    return html(page("Not a link", "<p>No tracked link to follow.</p>"), 400);
  }
  if (!/^https?:$/.test(target.protocol) || target.pathname !== "/email/click") return html(page("Not a link", "<p>Only the app's tracked links are followed.</p>"), 400);
  const response = await fetch(target, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status >= 300 && response.status < 400 && location) {
    const next = location.startsWith(shopOrigin) ? `${publicUrl.replace(/\/$/, "")}${location.slice(shopOrigin.length)}` : location;
    return new Response(null, { status: 302, headers: { Location: next } });
  }
  return new Response(await response.text(), { status: response.status, headers: { "Content-Type": response.headers.get("content-type") ?? "text/html; charset=utf-8" } });
}

function messagePage(message: SandboxMail, shopOrigin: string, publicUrl: string) {
  const body = message.html ? pointTrackedLinksAtSandbox(pointLinksAtSandbox(message.html, shopOrigin, publicUrl)) : `<pre>${escape(message.text)}</pre>`;
  return page(
    message.subject,
    `<p><a href="/sandbox/inbox">← Inbox</a></p><h1>${escape(message.subject)}</h1>
<p class="meta">From ${escape(message.from)} to ${escape(message.to.join(", "))}, ${escape(message.receivedAt)}</p>
<div class="mail" data-testid="mail-body">${body}</div>`,
  );
}
