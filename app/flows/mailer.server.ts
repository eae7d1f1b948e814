import nodemailer from "nodemailer";
import type { OutgoingEmail } from "./scheduler.server";

/**
 * Email goes out over SMTP (SMTP_URL, e.g. smtp://user:pass@mail.example:587 or, in the sandbox,
 * its in-process server). nodemailer's SMTP transport opens one connection per message anyway
 * (no pool), so each send gets its own transport: its logger tells whether that send had begun
 * the envelope when it failed.
 */

// Shorter than nodemailer's defaults (2 min connection, 30 s greeting, 10 min socket), so a
// server that hangs holds a scheduler pass up briefly; options in the URL's query still win.
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** A send that failed before the envelope (MAIL FROM) went out: nothing can have been delivered. */
export class SmtpNotSentError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "SmtpNotSentError";
  }
}

export async function sendViaSmtp(smtpUrl: string, fromAddress: string, message: OutgoingEmail): Promise<{ messageId: string }> {
  // nodemailer logs "Sending message" (tnx "send") just before MAIL FROM; nothing else is logged.
  let envelopeStarted = false;
  const quiet = () => undefined;
  const logger = { trace: quiet, debug: quiet, warn: quiet, error: quiet, fatal: quiet, info: (entry: { tnx?: string }) => void (entry?.tnx === "send" && (envelopeStarted = true)) };
  const transporter = nodemailer.createTransport({ ...TIMEOUTS, url: smtpUrl, logger });
  try {
    const info = await transporter.sendMail({
      from: { name: message.fromName, address: fromAddress },
      replyTo: message.replyTo ?? undefined,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      // One-click unsubscribe in mail clients (RFC 8058): a POST to the same signed link.
      list: { unsubscribe: { url: message.unsubscribeUrl, comment: "Unsubscribe" } },
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    return { messageId: String(info.messageId) };
  } catch (error) {
    throw envelopeStarted ? error : new SmtpNotSentError(error);
  }
}

/**
 * Whether a send that threw certainly left nothing at the recipient's server, so trying again
 * cannot duplicate the email: it failed before the envelope went out (the connection never
 * opened, no greeting came, the server hung up before greeting), or the server answered a
 * temporary refusal (4xx). Anything else (e.g. the connection dropped while the
 * message was on its way) may have been delivered, and is not retried.
 */
export function smtpNotAccepted(error: unknown): boolean {
  if (error instanceof SmtpNotSentError) return true;
  if (typeof error !== "object" || error === null) return false;
  const e = error as { responseCode?: number; syscall?: string; timeoutType?: string; code?: string };
  if (typeof e.responseCode === "number") return e.responseCode >= 400 && e.responseCode < 500;
  if (e.syscall === "connect" || e.code === "EDNS") return true;
  return e.timeoutType === "CONNECTION_TIMEOUT" || e.timeoutType === "GREETING_TIMEOUT";
}
