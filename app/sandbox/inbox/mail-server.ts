import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * The sandbox's mail server: an in-process SMTP server (smtp-server) that accepts whatever the
 * app sends to SMTP_URL and keeps it for the inbox page. Like a mail catcher (Mailpit, MailHog):
 * nothing is delivered anywhere. Messages live in memory and are gone after a restart.
 */
export interface SandboxMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string;
  headers: Record<string, string>;
}

export interface SandboxMailServer {
  messages(): SandboxMail[];
  message(id: number): SandboxMail | null;
  /** Resolves with the port it listens on (0 = any free port). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const MAX_MESSAGES = 500;
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export function createSandboxMailServer(): SandboxMailServer {
  const stored: SandboxMail[] = [];
  let nextId = 1;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(":") + 1).trim();
          stored.unshift({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? session.envelope.mailFrom?.toString() ?? "",
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? "(no subject)",
            html: typeof parsed.html === "string" ? parsed.html : null,
            text: parsed.text ?? "",
            headers,
          });
          stored.splice(MAX_MESSAGES);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  return {
    messages: () => [...stored],
    message: (id) => stored.find((mail) => mail.id === id) ?? null,
    listen: (port, host = "127.0.0.1") =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.server.address() as AddressInfo).port));
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
