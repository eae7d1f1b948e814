/** @jsxImportSource preact */
// The thank-you block (purchase.thank-you.block.render): Encore's next-order code with a copy
// button, up to three products that go with the order, and the order's loyalty points. Nothing
// shows until Encore answers, and nothing at all if it cannot (the page is the shop's, not ours).
import "@shopify/ui-extensions/preact";
// The target's types: its <s-*> components for Preact's JSX (types only, nothing bundled).
import type {} from "@shopify/ui-extensions/purchase.thank-you.block.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatDate, formatPrice, requestThankYouBlock, type BlockApi, type ThankYouBlock } from "./block-request";

// Encore's public URL, defined at build time (as for the post-purchase extension); the sandbox defines it too.
const APP_URL = process.env.ENCORE_APP_URL ?? "http://localhost:3000";

declare const shopify: BlockApi;

export default async () => {
  render(<Extension />, document.body);
};

function Extension() {
  const [block, setBlock] = useState<ThankYouBlock | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    requestThankYouBlock(shopify, { appUrl: APP_URL })
      .then(setBlock)
      .catch(() => setBlock(null));
  }, []);
  if (!block || (!block.code && block.recommendations.length === 0 && !block.loyalty)) return null;
  const { code, recommendations, loyalty } = block;

  return (
    <s-section heading="Thank you from us">
      <s-stack gap="large-100">
        {code && (
          <s-stack gap="small-200">
            <s-heading>{code.percent}% off your next order</s-heading>
            <s-text>
              Your personal code <s-text type="strong">{code.code}</s-text> works once, until {formatDate(code.expiresAt)}.
            </s-text>
            <s-stack direction="inline" gap="base" alignItems="center">
              <s-clipboard-item id="encore-next-order-code" text={code.code} onCopy={() => setCopied(true)} />
              <s-button commandFor="encore-next-order-code" variant="primary">
                {copied ? "Copied" : "Copy code"}
              </s-button>
              <s-link href={code.applyUrl}>Shop with this code</s-link>
            </s-stack>
          </s-stack>
        )}
        {loyalty?.kind === "member" && (
          <s-stack gap="small-200">
            <s-heading>You earned {loyalty.earned} points</s-heading>
            <s-text>
              They are pending until {formatDate(loyalty.availableAt)}. Your balance: {loyalty.available} points to spend, {loyalty.pending} pending.
            </s-text>
            {loyalty.tier && <s-text>Your tier: {loyalty.tier}</s-text>}
          </s-stack>
        )}
        {loyalty?.kind === "guest" && (
          <s-stack gap="small-200">
            <s-heading>This order earns {loyalty.earned} points</s-heading>
            <s-text>Join our rewards program to collect them and spend them on your next orders.</s-text>
            <s-link href={loyalty.joinUrl}>Create an account</s-link>
          </s-stack>
        )}
        {recommendations.length > 0 && (
          <s-stack gap="small-200">
            <s-heading>Goes well with your order</s-heading>
            <s-stack direction="inline" gap="base">
              {recommendations.map((product) => (
                <s-stack key={product.productId} gap="small-300" inlineSize="30%">
                  {product.imageUrl && <s-image src={product.imageUrl} alt={product.imageAlt} aspectRatio="1" objectFit="cover" />}
                  <s-link href={product.url}>{product.title}</s-link>
                  <s-text>{formatPrice(product.priceCents, product.currencyCode)}</s-text>
                </s-stack>
              ))}
            </s-stack>
          </s-stack>
        )}
      </s-stack>
    </s-section>
  );
}
