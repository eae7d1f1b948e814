import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendViaSmtp, smtpNotAccepted } from "./mailer.server";

// Tiny scripted SMTP servers on a real socket: what nodemailer sees decides whether a failed
// send may be tried again without risking a duplicate email.
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function smtpServer(onConnection: (socket: net.Socket) => void): Promise<string> {
  const server = net.createServer(onConnection);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}?connectionTimeout=2000&greetingTimeout=2000&socketTimeout=2000`;
}

const message = { fromName: "Demo", replyTo: null, to: "fiona@example.com", subject: "Thanks", html: "<p>Thanks</p>", text: "Thanks", unsubscribeUrl: "https://app.example/u" };
const failure = (url: string) => sendViaSmtp(url, "shop@example.com", message).then(() => null, (error: unknown) => error);

describe("smtpNotAccepted on real connections", () => {
  it("a server that hangs up before its greeting delivered nothing: safe to try again", async () => {
    const url = await smtpServer((socket) => socket.destroy());
    const error = await failure(url);
    expect(error).toBeInstanceOf(Error);
    expect(smtpNotAccepted(error)).toBe(true);
  });

  it("a server that hangs up while the message is on its way may have delivered it: not retried", async () => {
    const url = await smtpServer((socket) => {
      socket.write("220 test ESMTP\r\n");
      socket.on("data", (chunk) => {
        const line = chunk.toString();
        if (/^EHLO/i.test(line)) socket.write("250 test\r\n");
        else if (/^MAIL FROM/i.test(line)) socket.write("250 ok\r\n");
        else if (/^RCPT TO/i.test(line)) socket.write("250 ok\r\n");
        else if (/^DATA/i.test(line)) socket.write("354 go on\r\n");
        else socket.destroy(); // mid-message
      });
    });
    const error = await failure(url);
    expect(error).toBeInstanceOf(Error);
    expect(smtpNotAccepted(error)).toBe(false);
  });

  it("a temporary refusal of the recipient is safe to try again; a permanent one is not", async () => {
    const refusing = (code: string) =>
      smtpServer((socket) => {
        socket.write("220 test ESMTP\r\n");
        socket.on("data", (chunk) => {
          const line = chunk.toString();
          if (/^EHLO/i.test(line)) socket.write("250 test\r\n");
          else if (/^MAIL FROM/i.test(line)) socket.write("250 ok\r\n");
          else if (/^RCPT TO/i.test(line)) socket.write(`${code} no\r\n`);
          else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
          else socket.write("250 ok\r\n");
        });
      });
    expect(smtpNotAccepted(await failure(await refusing("451")))).toBe(true);
    expect(smtpNotAccepted(await failure(await refusing("550")))).toBe(false);
  });
});
