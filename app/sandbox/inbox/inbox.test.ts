import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxContext } from "../sandbox-context";
import { createInboxHandler, pointLinksAtSandbox, pointTrackedLinksAtSandbox } from "./inbox-handler";
import { createSandboxMailServer } from "./mail-server";

const mail = createSandboxMailServer();
let port = 0;
beforeAll(async () => {
  port = await mail.listen(0);
});
afterAll(() => mail.close());

const context = { config: { shopDomain: "encore-demo.myshopify.com", publicUrl: "http://localhost:3100" } } as SandboxContext;
const handler = createInboxHandler(mail);
const get = (path: string) => handler(new Request(`http://localhost:3100${path}`), context);

describe("the sandbox inbox", () => {
  it("receives mail over real SMTP and shows it with links pointing at the sandbox storefront", async () => {
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`);
    await transport.sendMail({
      from: { name: "Matcha & Co", address: "no-reply@encore.localhost" },
      to: "ann@example.com",
      subject: "Thank you <3",
      html: '<p>Use <a href="https://encore-demo.myshopify.com/discount/THANKS-1">THANKS-1</a> or <a href="https://elsewhere.example/x">this</a></p>',
      text: "Use THANKS-1",
      list: { unsubscribe: { url: "https://app.example/email/unsubscribe?token=t", comment: "Unsubscribe" } },
    });
    const [message] = mail.messages();
    expect(message).toMatchObject({ to: ["ann@example.com"], subject: "Thank you <3" });
    expect(message.headers["list-unsubscribe"]).toContain("https://app.example/email/unsubscribe?token=t");

    const list = await (await get("/sandbox/inbox"))!.text();
    expect(list).toContain(`<a href="/sandbox/inbox/${message.id}">Thank you &lt;3</a>`);
    const shown = await (await get(`/sandbox/inbox/${message.id}`))!.text();
    expect(shown).toContain('href="http://localhost:3100/discount/THANKS-1"');
    expect(shown).toContain('href="https://elsewhere.example/x"');
    expect((await (await get("/sandbox/inbox.json"))!.json()).messages).toHaveLength(1);
    expect((await get("/sandbox/inbox/999"))!.status).toBe(404);
    expect(await get("/products/x")).toBeNull();
  });

  it("rewrites only the shop's own origin", () => {
    expect(pointLinksAtSandbox('<a href="https://s.myshopify.com/a">', "https://s.myshopify.com", "http://h:1/")).toBe('<a href="http://h:1/a">');
  });

  it("sends the app's tracked links through its follow page, and follows nothing else", async () => {
    expect(pointTrackedLinksAtSandbox('<a href="https://app.example/email/click?m=1&amp;u=x&amp;s=y">Go</a><a href="https://app.example/other">')).toBe(
      `<a href="/sandbox/inbox/follow?link=${encodeURIComponent("https://app.example/email/click?m=1&u=x&s=y")}">Go</a><a href="https://app.example/other">`,
    );
    expect((await get(`/sandbox/inbox/follow?link=${encodeURIComponent("https://evil.example/steal")}`))!.status).toBe(400);
    expect((await get("/sandbox/inbox/follow"))!.status).toBe(400);
  });

    it("closes when it never listened", async () => {
    await expect(createSandboxMailServer().close()).resolves.toBeUndefined();
  });
});
