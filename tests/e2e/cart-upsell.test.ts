// The cart upsell block in Chromium on the sandbox storefront: Encore's database holds a seeded
// product's complements, the shopper has that product in the cart, the cart page shows the
// complements, a variant is picked and "Add" puts it in the cart with Encore's attribution.
// Also: the holdout sees no block, and a proxy that is down leaves no block and no error.
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxProduct } from "../../app/sandbox/store/types";
import { launchChromium } from "../support/browser";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let anchor: SandboxProduct; // in the cart
let withVariants: SandboxProduct; // suggested, several variants for sale
let simple: SandboxProduct; // suggested

/** FNV-1a 32-bit, as contract 3 (and the block's script) hash the visitor id. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A visitor id in the given group for a 5 % holdout. */
function visitorIn(group: "shown" | "holdout"): string {
  for (let i = 0; ; i++) {
    const id = `e2e-visitor-${i}`;
    if ((fnv(id) % 100 < 5) === (group === "holdout")) return id;
  }
}

const available = (p: SandboxProduct) => p.variants.filter((v) => v.inventoryQuantity > 0);
const storeUrl = () => stack.sandbox.context.config.publicUrl;

interface Beacon {
  visitor: string;
  group: string;
  events: { type: string; block: string; anchor?: string; product?: string; source?: string }[];
}

/** A shopper with the anchor product in the cart and a known visitor id; beacons to /apps/encore/events recorded. */
async function shopperWithCart(group: "shown" | "holdout") {
  const context = await browser.newContext();
  const visitor = visitorIn(group);
  await context.addInitScript((id) => {
    localStorage.setItem("encore_visitor", id);
    // Cumulative layout shift of the page, as Lighthouse and Core Web Vitals count it.
    const w = window as unknown as { cls: number };
    w.cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) w.cls += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  }, visitor);
  const beacons: Beacon[] = [];
  // The events endpoint belongs to another branch: record what the block sends instead.
  await context.route("**/apps/encore/events", async (route) => {
    beacons.push(JSON.parse(route.request().postData() ?? "{}") as Beacon);
    await route.fulfill({ status: 204 });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Console errors too; the browser's own line for a failed request is the only one allowed.
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  const added = await page.request.post(`${storeUrl()}/cart/add.js`, { data: { items: [{ id: available(anchor)[0].id, quantity: 1 }] } });
  expect(added.status()).toBe(200);
  return { context, page, errors, beacons, visitor };
}

/** The page's layout shift so far, read once two frames have passed. */
const layoutShift = () =>
  new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve((window as unknown as { cls: number }).cls), 100))));

async function cartJs(page: Page) {
  return (await (await page.request.get(`${storeUrl()}/cart.js`)).json()) as {
    attributes: Record<string, string>;
    items: { product_id: number; variant_id: number; properties: Record<string, string> }[];
  };
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  const products = stack.sandbox.context.store.state.products.filter((p) => p.status === "ACTIVE" && !p.isGiftCard);
  anchor = products.find((p) => available(p).length === p.variants.length)!;
  withVariants = products.find((p) => p !== anchor && available(p).length >= 2)!;
  simple = products.find((p) => p !== anchor && p !== withVariants && p.variants.length === 1 && available(p).length === 1)!;
  expect([anchor, withVariants, simple].every(Boolean)).toBe(true);
  // What the history import would have stored: the three products and the anchor's complements.
  await stack.db.product.createMany({
    data: [anchor, withVariants, simple].map((p) => ({ shop: stack.shop, id: String(p.id), handle: p.handle, title: p.title, status: "ACTIVE", shopifyUpdatedAt: new Date() })),
  });
  await stack.db.productComplements.create({
    data: {
      shop: stack.shop,
      productId: String(anchor.id),
      complements: JSON.stringify([withVariants, simple].map((p, rank) => ({ productId: String(p.id), score: 2 - rank, together: 9 - rank, confidence: 0.3, lift: 3 }))),
    },
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the cart upsell block", () => {
  it("shows the cart product's complements; a chosen variant is added with Encore's attribution", async () => {
    const { context, page, errors, beacons, visitor } = await shopperWithCart("shown");
    await page.goto(`${storeUrl()}/cart`);
    const block = page.getByRole("region", { name: "You may also like" });
    await block.locator("[data-encore-cu-items]:not([aria-busy])").waitFor({ timeout: 15_000 });
    const titles = await block.locator(".encore-cu__title").allTextContents();
    expect(titles).toEqual([withVariants.title, simple.title]);
    // Filling the reserved rows moved nothing (after two frames, so any shift has been reported).
    expect(await page.evaluate(layoutShift)).toBe(0);

    // The suggestion's variants: only those for sale, with the price following the choice.
    const choice = available(withVariants)[1];
    const select = block.getByLabel(`Option for ${withVariants.title}`);
    expect(await select.locator("option").count()).toBe(available(withVariants).length);
    await select.selectOption(String(choice.id));
    expect(await block.locator(`li[data-product-id="${withVariants.id}"] .encore-cu__price`).textContent()).toContain((choice.priceCents / 100).toFixed(2));

    await block.scrollIntoViewIfNeeded();
    // The block was seen: one impression per suggestion, for the shown group.
    await expect.poll(() => beacons.flatMap((b) => b.events).filter((e) => e.type === "impression").length, { timeout: 10_000 }).toBe(2);
    expect(beacons[0]).toMatchObject({ visitor, group: "shown" });
    expect(beacons[0].events[0]).toEqual({ type: "impression", block: "cart", anchor: String(anchor.id), product: String(withVariants.id), source: "bought-together" });

    // By keyboard: the button has a name that says which product it adds.
    await block.getByRole("button", { name: `Add ${withVariants.title} to cart` }).focus();
    await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
    const cart = await cartJs(page);
    const line = cart.items.find((item) => item.product_id === withVariants.id);
    expect(line).toMatchObject({ variant_id: choice.id, properties: { _encore_source: "cart", _encore_anchor: String(anchor.id), _encore_reason: "bought-together" } });
    expect(cart.attributes._encore_group).toBe("shown");
    expect(beacons.flatMap((b) => b.events).filter((e) => e.type === "add_to_cart")).toEqual([
      { type: "add_to_cart", block: "cart", anchor: String(anchor.id), product: String(withVariants.id), source: "bought-together" },
    ]);

    // After the reload: the message is announced, and what is in the cart is no longer suggested.
    const again = page.getByRole("region", { name: "You may also like" });
    expect(await again.getByRole("status").textContent()).toBe(`${withVariants.title} added to your cart`);
    await again.locator("[data-encore-cu-items]:not([aria-busy])").waitFor({ timeout: 15_000 });
    expect(await again.locator(".encore-cu__title").allTextContents()).toEqual([simple.title]);

    // Following a suggestion to its product page is a click.
    await Promise.all([page.waitForURL(`**/products/${simple.handle}`), again.getByRole("link", { name: simple.title }).click()]);
    await expect.poll(() => beacons.flatMap((b) => b.events).filter((e) => e.type === "click")).toEqual([
      { type: "click", block: "cart", anchor: String(anchor.id), product: String(simple.id), source: "bought-together" },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows nothing to a shopper in the holdout, and reports the would-be impressions for that group", async () => {
    const { context, page, errors, beacons } = await shopperWithCart("holdout");
    await page.goto(`${storeUrl()}/cart`);
    await page.locator("[data-encore-cu-items]:not([aria-busy])").waitFor({ state: "attached", timeout: 15_000 });
    expect(await page.locator("[data-encore-cu]").isVisible()).toBe(false);
    expect(await page.locator(".encore-cu__add").count()).toBe(0);
    await expect.poll(() => beacons.length, { timeout: 10_000 }).toBe(1);
    expect(beacons[0].group).toBe("holdout");
    expect(beacons[0].events.map((e) => e.product)).toEqual([String(withVariants.id), String(simple.id)]);
    await expect.poll(async () => (await cartJs(page)).attributes._encore_group).toBe("holdout");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    ["down", (route: Route) => route.abort("connectionrefused")],
    ["failing", (route: Route) => route.fulfill({ status: 502, body: "Bad gateway" })],
    ["slower than 3 s", (route: Route) => new Promise<void>((resolve) => setTimeout(resolve, 4500)).then(() => route.fulfill({ json: { items: [], holdoutPercent: 5 } }).catch(() => {}))],
  ])("leaves no block and no error when the proxy is %s", async (_case, handler) => {
    const { context, page, errors, beacons } = await shopperWithCart("shown");
    await context.route("**/apps/encore/cart-recommendations**", handler);
    const started = Date.now();
    await page.goto(`${storeUrl()}/cart`);
    await page.locator("[data-encore-cu-items]:not([aria-busy])").waitFor({ state: "attached", timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(4500); // the block gave up on its own
    expect(await page.locator("[data-encore-cu]").isVisible()).toBe(false);
    expect(await page.locator(".encore-cu__add").count()).toBe(0);
    expect(await page.evaluate(layoutShift)).toBe(0);
    expect(beacons).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
