import { Liquid } from "liquidjs";

/**
 * A flow step's subject and body, rendered with Liquid (liquidjs, the language merchants know
 * from their theme). Variables:
 *   customer.first_name, customer.last_name, customer.email
 *   shop.name, shop.url
 *   order.name
 *   products[]: title, url (recommended by the cross-sell engine)
 *   discount.code, discount.percent, discount.ends_at, discount.url (only when an offer was made)
 *   replenishment.product_title, replenishment.product_url, replenishment.quantity,
 *   replenishment.cart_url (a cart permalink that puts the product back in the cart, with the code),
 *   replenishment.runs_out_on (predicted_replenishment flows)
 *   unsubscribe_url
 *   feedback_links[]: score, url (1-10; one click answers the feedback question, decision 020)
 * Missing data renders as the template's fallbacks (`default`, `if`), never as an error: a
 * customer without a name still gets "Hi there".
 */
export interface TemplateData {
  customer: { firstName: string | null; lastName: string | null; email: string | null } | null;
  shop: { name: string | null; url: string };
  order: { name: string | null } | null;
  products: { title: string; url: string }[];
  discount: { code: string; percent: number; endsAt: Date | null; url: string } | null;
  replenishment?: { productTitle: string | null; productUrl: string | null; quantity: number; cartUrl: string | null; runsOutOn: Date } | null;
  unsubscribeUrl: string;
  feedbackLinks?: { score: number; url: string }[];
}

// strictVariables off: an unknown variable is empty, as in Shopify's Liquid. outputEscape: the
// values come from customers and merchants and land in HTML.
const engine = new Liquid({ strictFilters: true, strictVariables: false, outputEscape: "escape", cache: 200 });
const subjectEngine = new Liquid({ strictFilters: true, strictVariables: false, cache: 200 });

function scope(data: TemplateData) {
  return {
    customer: {
      first_name: data.customer?.firstName?.trim() || "",
      last_name: data.customer?.lastName?.trim() || "",
      email: data.customer?.email ?? "",
    },
    shop: { name: data.shop.name?.trim() || "our shop", url: data.shop.url },
    order: { name: data.order?.name ?? "" },
    products: data.products,
    discount: data.discount
      ? { code: data.discount.code, percent: data.discount.percent, ends_at: data.discount.endsAt?.toISOString() ?? "", url: data.discount.url }
      : {},
    replenishment: data.replenishment
      ? {
          product_title: data.replenishment.productTitle?.trim() || "",
          product_url: data.replenishment.productUrl ?? "",
          quantity: data.replenishment.quantity,
          cart_url: data.replenishment.cartUrl ?? "",
          runs_out_on: data.replenishment.runsOutOn.toISOString(),
        }
      : {},
    unsubscribe_url: data.unsubscribeUrl,
    feedback_links: data.feedbackLinks ?? [],
  };
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderEmail(template: { subject: string; body: string }, data: TemplateData): Promise<RenderedEmail> {
  const variables = scope(data);
  const [subject, html] = await Promise.all([
    subjectEngine.parseAndRender(template.subject, variables),
    engine.parseAndRender(template.body, variables),
  ]);
  return { subject: subject.replace(/\s+/g, " ").trim(), html, text: htmlToText(html) };
}

/** Checks a template parses (for validation before saving); the error message names the problem. */
export function templateError(source: string): string | null {
  try {
    engine.parse(source);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The plain-text part: links kept as "text (url)", tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_all, href: string, text: string) => `${text} (${href})`)
    .replace(/<li>/gi, "- ")
    .replace(/<\/(p|li|ul|h\d)>|<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
}
