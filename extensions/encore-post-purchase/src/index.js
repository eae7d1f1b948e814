// Encore's post-purchase offer (vanilla @shopify/post-purchase-ui-extensions, no React).
// ShouldRender: ask Encore for offers for this purchase and keep them in storage; no offer, no page.
// Render: one offer at a time with its price change; "Pay now" has Encore sign the changeset,
// then Shopify applies it (charging the buyer); "Decline" moves on. After the last, done().
import {
  extend,
  BlockStack,
  Button,
  CalloutBanner,
  Heading,
  Image,
  InlineStack,
  Separator,
  Text,
  TextBlock,
  TextContainer,
} from "@shopify/post-purchase-ui-extensions";

// Encore's public URL, set at build time (the sandbox builds with its app URL).
const APP_URL = process.env.ENCORE_APP_URL;

async function callEncore(path, inputData, body) {
  const response = await fetch(`${APP_URL}/api/post-purchase/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${inputData.token}` },
    body: JSON.stringify({ referenceId: inputData.initialPurchase.referenceId, ...body }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.message || `Encore answered ${response.status}`);
  return data;
}

extend("Checkout::PostPurchase::ShouldRender", async ({ inputData, storage }) => {
  try {
    const { offers } = await callEncore("offer", inputData, {
      lineItems: inputData.initialPurchase.lineItems.map((line) => ({
        productId: String(line.product.id),
        variantId: String(line.product.variant.id),
        quantity: line.quantity,
      })),
    });
    if (!Array.isArray(offers) || offers.length === 0) return { render: false };
    await storage.update({ offers });
    return { render: true };
  } catch {
    // Encore unreachable: the buyer goes straight on to the thank-you page.
    return { render: false };
  }
});

const money = (cents, currencyCode) => new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(cents / 100);
const amountCents = (set) => Math.round(Number(set.presentmentMoney.amount) * 100);

extend("Checkout::PostPurchase::Render", (root, api) => {
  const offers = (api.storage.initialData && api.storage.initialData.offers) || [];
  let index = 0;

  function next() {
    index += 1;
    if (index < offers.length) show(offers[index]);
    else api.done();
  }

  function show(offer) {
    const currency = offer.currencyCode;
    const changes = [
      {
        type: "add_variant",
        variantId: Number(offer.variantId),
        quantity: offer.quantity,
        discount: { value: offer.discountPercent, valueType: "percentage", title: offer.discountTitle },
      },
    ];
    // Texts that change later are RemoteText nodes (remote-ui has no replaceChildren).
    const priceChangeText = root.createText("Calculating the price change…");
    const errorText = root.createText("");
    const payLabel = root.createText(`Pay now · ${money(offer.priceCents, currency)}`);
    const pay = root.createComponent(Button, {
      onPress: async () => {
        pay.updateProps({ loading: true, disabled: true });
        decline.updateProps({ disabled: true });
        try {
          const { token } = await callEncore("sign-changeset", api.inputData, { offerId: offer.id });
          const result = await api.applyChangeset(token);
          if (result.status === "unprocessed") throw new Error(result.errors.map((e) => e.message).join(" ") || "The offer could not be added.");
          next();
        } catch (failure) {
          errorText.updateText(`${failure.message} Your order is unchanged.`);
          pay.updateProps({ loading: false, disabled: true });
          decline.updateProps({ disabled: false });
        }
      },
    }, [payLabel]);
    const decline = root.createComponent(Button, { subdued: true, onPress: () => next() }, "Decline this offer");

    const page = [
      root.createComponent(CalloutBanner, { title: "Add this to your order" }, `Exclusive offer: ${offer.discountPercent}% off, today only.`),
      root.createComponent(
        InlineStack,
        { spacing: "loose", alignment: "leading" },
        [
          offer.imageUrl ? root.createComponent(Image, { source: offer.imageUrl, description: offer.productTitle }) : null,
          root.createComponent(BlockStack, { spacing: "tight" }, [
            root.createComponent(Heading, { level: 2 }, offer.productTitle),
            offer.variantTitle && offer.variantTitle !== "Default Title" ? root.createComponent(TextBlock, { subdued: true }, offer.variantTitle) : null,
            root.createComponent(TextContainer, {}, [
              root.createComponent(Text, { role: "deletion", subdued: true }, money(offer.unitPriceCents * offer.quantity, currency)),
              " ",
              root.createComponent(Text, { emphasized: true, size: "large" }, money(offer.priceCents, currency)),
            ]),
            root.createComponent(Separator),
            root.createComponent(TextBlock, { subdued: true }, [priceChangeText]),
            root.createComponent(TextBlock, { appearance: "critical" }, [errorText]),
            root.createComponent(BlockStack, { spacing: "tight" }, [pay, decline]),
          ].filter(Boolean)),
        ].filter(Boolean),
      ),
    ];
    for (const child of [...root.children]) root.removeChild(child);
    for (const child of page) root.appendChild(child);

    api.calculateChangeset({ changes }).then((result) => {
      if (result.status !== "processed") {
        priceChangeText.updateText(result.errors.map((e) => e.message).join(" ") || "This offer is no longer available.");
        pay.updateProps({ disabled: true });
        return;
      }
      const purchase = result.calculatedPurchase;
      const tax = purchase.addedTaxLines.reduce((sum, line) => sum + amountCents(line.priceSet), 0);
      const outstanding = amountCents(purchase.totalOutstandingSet);
      priceChangeText.updateText(`Price change: subtotal +${money(outstanding - tax, currency)}, tax +${money(tax, currency)}, total +${money(outstanding, currency)}`);
      payLabel.updateText(`Pay now · ${money(outstanding, currency)}`);
    });
  }

  if (offers.length === 0) api.done();
  else show(offers[0]);
  root.mount();
});
