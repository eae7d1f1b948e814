import "@shopify/shopify-api/adapters/node";
import path from "node:path";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import type { SandboxConfig } from "../sandbox-context";
import type { SandboxOrder } from "../store/types";
import { THANK_YOU_BLOCK_TARGET, thankYouApiData, thankYouBlocksHtml } from "./host";
import { listUiExtensions } from "./ui-extensions";

const extensionsDir = path.resolve(__dirname, "../../../extensions");
const config = {
  shopDomain: "encore-demo.myshopify.com",
  apiKey: "host-test-key",
  apiSecret: "host-test-secret",
  appUrl: "http://127.0.0.1:4321",
  extensionsDir,
} as SandboxConfig;
const order = { id: 4242, name: "#1042" } as SandboxOrder;

// The Shopify library as Encore configures it: the judge of a valid checkout session token.
const library = (apiSecretKey = config.apiSecret) =>
  shopifyApi({ apiKey: config.apiKey, apiSecretKey, apiVersion: ADMIN_API_VERSION, hostName: "localhost:3000", hostScheme: "http", isEmbeddedApp: true, logger: { level: LogSeverity.Error } });

describe("the sandbox's checkout UI extensions", () => {
  it("finds Encore's thank-you block with its target and network access", () => {
    const blocks = listUiExtensions(extensionsDir).filter((e) => e.target === THANK_YOU_BLOCK_TARGET);
    expect(blocks).toEqual([expect.objectContaining({ handle: "encore-thank-you", apiVersion: "2026-04", capabilities: { networkAccess: true, apiAccess: false } })]);
  });

  it("gives the extension the order and a session token Shopify's library accepts, with the buyer as sub", async () => {
    const [extension] = listUiExtensions(extensionsDir);
    const data = thankYouApiData(config, extension, order, 7);
    expect(data.orderConfirmation.order.id).toBe("gid://shopify/Order/4242");
    expect(data.orderConfirmation.number).toMatch(/^[A-Z0-9]{9}$/);
    expect(data.extension).toEqual({ target: THANK_YOU_BLOCK_TARGET, apiVersion: "2026-04", capabilities: ["network_access"] });
    const claims = await library().session.decodeSessionToken(data.sessionToken, { checkAudience: true });
    expect(claims).toMatchObject({ dest: "encore-demo.myshopify.com", aud: "host-test-key", sub: "gid://shopify/Customer/7" });
    await expect(library("another-secret").session.decodeSessionToken(data.sessionToken)).rejects.toThrow();
    const guest = await library().session.decodeSessionToken(thankYouApiData(config, extension, order, null).sessionToken);
    expect(guest.sub).toBeUndefined();
  });

  it("renders the real extension, built with the app URL, in a frame on the page", async () => {
    const html = await thankYouBlocksHtml(config, order, null);
    expect(html).toMatch(/^<iframe class="ui-extension" data-extension="encore-thank-you" title="Encore thank-you"/);
    expect(html).toContain("http://127.0.0.1:4321"); // process.env.ENCORE_APP_URL
    expect(html).toContain("/api/checkout/thank-you");
    expect(html).toContain("define(&quot;s-clipboard-item&quot;");
  });
});
