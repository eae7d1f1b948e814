// The thank-you block's one request to Encore and what it answers, apart from the UI so it can be
// tested directly. The answer's shape is ThankYouBlock in app/flows/thank-you.server.ts.

export interface ProductCard {
  productId: string;
  title: string;
  url: string;
  imageUrl: string | null;
  imageAlt: string;
  priceCents: number;
  currencyCode: string;
}

export interface ThankYouBlock {
  orderName: string;
  code: { code: string; percent: number; expiresAt: string; applyUrl: string } | null;
  codePending: boolean;
  recommendations: ProductCard[];
  loyalty: { kind: "member"; earned: number; availableAt: string; available: number; pending: number; tier: string | null } | { kind: "guest"; earned: number; joinUrl: string } | null;
}

/** The part of the extension API (`shopify` global) the block reads. */
export interface BlockApi {
  sessionToken: { get(): Promise<string> };
  orderConfirmation: { value: { order: { id: string }; number?: string } | undefined };
}

export interface RequestOptions {
  appUrl: string;
  fetch?: typeof fetch;
  /** Waits before asking again while another request is still making the code. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRY_MS = 1_500;

/** Encore's content for this order, or null when there is none to show (no order, an error). */
export async function requestThankYouBlock(api: BlockApi, options: RequestOptions): Promise<ThankYouBlock | null> {
  const orderId = api.orderConfirmation.value?.order.id;
  if (!orderId) return null;
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; attempt < 2; attempt++) {
    // A fresh token each time: they live five minutes.
    const token = await api.sessionToken.get();
    const response = await fetchImpl(`${options.appUrl.replace(/\/$/, "")}/api/checkout/thank-you`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ orderId }),
    });
    if (!response.ok) return null;
    const block = (await response.json()) as ThankYouBlock;
    if (!block.codePending || attempt === 1) return block;
    await sleep(RETRY_MS);
  }
  return null;
}

export function formatPrice(cents: number, currencyCode: string, locale = "en-US"): string {
  const decimals = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(cents / 10 ** decimals);
}

export function formatDate(iso: string, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(new Date(iso));
}
