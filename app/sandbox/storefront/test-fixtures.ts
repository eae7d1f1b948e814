// A small sandbox shop for the storefront's tests: a few products (with variants, stock limits,
// a draft and a gift card), one collection, two customers. Independent of the seed generator.
import { fileURLToPath } from "node:url";
import type { SandboxConfig, SandboxContext, SandboxEvents } from "../sandbox-context";
import { SandboxStore } from "../store/store";
import type { SandboxOrder, SandboxProduct, SandboxState } from "../store/types";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const NOW = "2026-11-01T12:00:00.000Z";

function product(id: number, handle: string, title: string, variants: { id: number; title: string; priceCents: number; stock: number }[], extra: Partial<SandboxProduct> = {}): SandboxProduct {
  const hasOptions = variants.length > 1 || variants[0].title !== "Default Title";
  return {
    id,
    handle,
    title,
    descriptionHtml: `<p>${title}, for tests.</p>`,
    vendor: "Encore Test Roasters",
    productType: "Coffee",
    tags: ["test"],
    status: "ACTIVE",
    isGiftCard: false,
    createdAt: NOW,
    updatedAt: NOW,
    images: [{ id: id + 50, url: `/sandbox-assets/products/${handle}.svg`, altText: title, width: 800, height: 800 }],
    options: hasOptions ? [{ name: "Size", values: variants.map((v) => v.title) }] : [{ name: "Title", values: ["Default Title"] }],
    variants: variants.map((v, index) => ({
      id: v.id,
      productId: id,
      title: v.title,
      sku: `SKU-${v.id}`,
      priceCents: v.priceCents,
      compareAtPriceCents: null,
      inventoryQuantity: v.stock,
      selectedOptions: hasOptions ? [{ name: "Size", value: v.title }] : [{ name: "Title", value: "Default Title" }],
      position: index + 1,
    })),
    ...extra,
  };
}

export const IDS = {
  coffee: 100,
  coffeeSmall: 101, // $18.00, 10 in stock
  coffeeLarge: 102, // $42.00, sold out
  mug: 110,
  mugVariant: 111, // $24.00, 3 in stock
  draft: 120,
  draftVariant: 121,
  giftCard: 130,
  giftCardVariant: 131, // $50.00
  collection: 200,
  ada: 300,
  grace: 301,
};

export function testState(): SandboxState {
  const earlierOrder: SandboxOrder = {
    id: 400,
    name: "#1001",
    customerId: IDS.ada,
    email: "ada@example.com",
    createdAt: NOW,
    processedAt: NOW,
    updatedAt: NOW,
    currencyCode: "USD",
    lineItems: [],
    discountCodes: [],
    subtotalCents: 0,
    shippingCents: 0,
    taxCents: 0,
    totalCents: 0,
    financialStatus: "PAID",
    fulfillmentStatus: "FULFILLED",
    fulfilledAt: NOW,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    note: null,
    tags: [],
    sourceName: "web",
    shippingAddress: null,
  };
  return {
    version: 1,
    shop: { domain: "encore-test.myshopify.com", name: "Encore Test Shop", email: "owner@example.com", currencyCode: "USD", ianaTimezone: "America/New_York", planName: "Basic", createdAt: NOW },
    products: [
      product(IDS.coffee, "morning-blend", "Morning Blend", [
        { id: IDS.coffeeSmall, title: "12 oz", priceCents: 1800, stock: 10 },
        { id: IDS.coffeeLarge, title: "2 lb", priceCents: 4200, stock: 0 },
      ]),
      product(IDS.mug, "ceramic-mug", "Ceramic Mug", [{ id: IDS.mugVariant, title: "Default Title", priceCents: 2400, stock: 3 }]),
      product(IDS.draft, "secret-draft", "Secret Draft", [{ id: IDS.draftVariant, title: "Default Title", priceCents: 1000, stock: 5 }], { status: "DRAFT" }),
      product(IDS.giftCard, "gift-card", "Gift Card", [{ id: IDS.giftCardVariant, title: "Default Title", priceCents: 5000, stock: 100 }], { isGiftCard: true }),
    ],
    collections: [{ id: IDS.collection, handle: "coffee", title: "Coffee", descriptionHtml: "", productIds: [IDS.coffee, IDS.mug, IDS.draft], updatedAt: NOW }],
    customers: [
      {
        id: IDS.ada,
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        phone: null,
        createdAt: NOW,
        updatedAt: NOW,
        emailMarketingConsent: "SUBSCRIBED",
        tags: [],
        birthday: null,
        defaultAddress: { address1: "1 Analytical Way", city: "Albany", province: "New York", provinceCode: "NY", zip: "12207", country: "United States", countryCode: "US" },
      },
      {
        id: IDS.grace,
        email: "grace@example.com",
        firstName: "Grace",
        lastName: "Hopper",
        phone: null,
        createdAt: NOW,
        updatedAt: NOW,
        emailMarketingConsent: "NOT_SUBSCRIBED",
        tags: [],
        birthday: null,
        defaultAddress: null,
      },
    ],
    orders: [earlierOrder],
    nextId: 1000,
    nextOrderNumber: 1002,
  };
}

/** Records every event instead of sending webhooks. */
export function recordingEvents() {
  const placed: SandboxOrder[] = [];
  const events: SandboxEvents = {
    orderPlaced: (order) => void placed.push(order),
    orderRefunded: () => {},
    orderCancelled: () => {},
    orderFulfilled: () => {},
    orderEdited: () => {},
    customerCreated: () => {},
    customerUpdated: () => {},
    productUpdated: () => {},
    idle: async () => {},
  };
  return { events, placed };
}

export const TEST_PUBLIC_URL = "http://127.0.0.1:3100";

export function testConfig(overrides: Partial<SandboxConfig> = {}): SandboxConfig {
  return {
    publicUrl: TEST_PUBLIC_URL,
    shopDomain: "encore-test.myshopify.com",
    appUrl: "http://127.0.0.1:9",
    apiKey: "test-api-key",
    apiSecret: "test-api-secret",
    scopes: ["read_products", "write_app_proxy"],
    apiVersion: "2026-10",
    appConfigPath: `${REPO_ROOT}shopify.app.toml`,
    extensionsDir: `${REPO_ROOT}extensions`,
    webhookRetryDelaysMs: [],
    ...overrides,
  };
}

export function testContext(overrides: Partial<SandboxConfig> = {}) {
  const store = new SandboxStore(testState(), null);
  const { events, placed } = recordingEvents();
  const context: SandboxContext = {
    config: testConfig(overrides),
    store,
    events,
    tokens: {} as SandboxContext["tokens"],
    webhooks: {} as SandboxContext["webhooks"],
    adminApiFaults: { rate: 0, kinds: [] },
  };
  return { context, store, placed };
}

/** A browser-like client: keeps cookies between requests and never follows redirects. */
export class TestShopper {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly handler: (request: Request, context: SandboxContext) => Promise<Response | null>,
    private readonly context: SandboxContext,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await this.handler(new Request(new URL(path, TEST_PUBLIC_URL), { ...init, headers }), this.context);
    if (!response) throw new Error(`The storefront does not handle ${init.method ?? "GET"} ${path}`);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, value] = pair.split("=");
      if (attributes.some((a) => a.trim().toLowerCase() === "max-age=0")) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.trim());
    }
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  postJson(path: string, body: unknown) {
    return this.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  postForm(path: string, fields: Record<string, string> | [string, string][]) {
    return this.request(path, { method: "POST", body: new URLSearchParams(fields) });
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }
}
