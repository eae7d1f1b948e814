// QueryRoot.shop.
import { createHash } from "node:crypto";
import type { SandboxShop } from "../store/types";
import { toGid } from "../store/types";

/** A stable numeric shop id derived from the domain (the sandbox state has no shop id). */
export function sandboxShopId(domain: string): number {
  return parseInt(createHash("sha256").update(domain).digest("hex").slice(0, 10), 16);
}

const CURRENCY_SYMBOLS: Record<string, string> = { USD: "$", CAD: "$", AUD: "$", NZD: "$", EUR: "€", GBP: "£", JPY: "¥" };

export function shopNode(shop: SandboxShop) {
  const symbol = CURRENCY_SYMBOLS[shop.currencyCode];
  const moneyFormat = symbol ? `${symbol}{{amount}}` : `{{amount}} ${shop.currencyCode}`;
  const url = `https://${shop.domain}`;
  return {
    __typename: "Shop",
    id: toGid("Shop", sandboxShopId(shop.domain)),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url,
    primaryDomain: { __typename: "Domain", id: `gid://shopify/Domain/${sandboxShopId(shop.domain)}`, host: shop.domain, url, sslEnabled: true },
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    currencyFormats: {
      moneyFormat,
      moneyInEmailsFormat: moneyFormat,
      moneyWithCurrencyFormat: `${moneyFormat} ${shop.currencyCode}`,
      moneyWithCurrencyInEmailsFormat: `${moneyFormat} ${shop.currencyCode}`,
    },
    ianaTimezone: shop.ianaTimezone,
    createdAt: shop.createdAt,
    taxesIncluded: false,
    plan: {
      displayName: shop.planName,
      publicDisplayName: shop.planName,
      partnerDevelopment: false,
      shopifyPlus: shop.planName === "Shopify Plus",
    },
  };
}
