import type { z } from "zod";
import { flowDefinitionSchema, type FlowDefinition } from "./definition";

/**
 * The ready-made flows from the repeat-sales playbook. A merchant switches one on with one click:
 * Encore then stores the template's definition as the shop's Flow row (key = template key).
 */
export interface FlowTemplate {
  key: string;
  name: string;
  summary: string;
  definition: FlowDefinition;
}

const footer = `
<p style="color:#6d7175;font-size:12px">You get this email because you shopped at {{ shop.name }}.
<a href="{{ unsubscribe_url }}">Unsubscribe</a></p>`;

const productList = `
{% if products.size > 0 %}
<ul>{% for product in products %}<li><a href="{{ product.url }}">{{ product.title }}</a></li>{% endfor %}</ul>
{% endif %}`;

const raw: (Omit<FlowTemplate, "definition"> & { definition: z.input<typeof flowDefinitionSchema> })[] = [
  {
    key: "thanks-next-order",
    name: "Thanks + next-order code",
    summary: "Day 0, first order: a thank-you with a personal single-use code for the next order (10% off, 30 days).",
    definition: {
      trigger: "first_order_paid",
      onNewOrder: "exit",
      steps: [
        {
          name: "Thank you",
          delayHours: 0,
          staleAfterHours: 48,
          // A thank-you is transactional; the code in it is an offer and needs consent (includeOffer).
          purpose: "transactional",
          subject: "Thank you for your order{% if customer.first_name != blank %}, {{ customer.first_name }}{% endif %}!",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Thank you for your order {{ order.name }} at {{ shop.name }}. We are getting it ready.</p>
{% if discount.code %}<p>Here is a personal code for your next order: <strong>{{ discount.code }}</strong>
({{ discount.percent }}% off, valid until {{ discount.ends_at | date: "%B %e, %Y" }}).
<a href="{{ discount.url }}">Use it now</a></p>{% endif %}
${productList}${footer}`,
          discount: { percent: 10, validDays: 30, prefix: "THANKS-" },
          recommendations: 3,
          onlyIfNoOrderSince: false,
        },
      ],
    },
  },
  {
    key: "feedback-day-3",
    name: "How is it going? (day 3)",
    summary: "Day 3 after the first order: a care guide and a 1-10 feedback question.",
    definition: {
      trigger: "first_order_paid",
      onNewOrder: "continue",
      steps: [
        {
          name: "Feedback request",
          delayHours: 72,
          staleAfterHours: 72,
          purpose: "marketing",
          subject: "How is your order from {{ shop.name }} working out?",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Your order {{ order.name }} should have arrived by now. How likely are you to recommend {{ shop.name }} to a friend?
{% if feedback_links.size > 0 %}One click answers (1 = not at all, 10 = very likely):</p>
<p>{% for link in feedback_links %}<a href="{{ link.url }}">{{ link.score }}</a> {% endfor %}</p>{% else %}Just reply to this email with a number from 1 to 10.</p>{% endif %}
<p>Tip: look after what you bought and it will look after you. Our care guides are on <a href="{{ shop.url }}">our shop</a>.</p>${footer}`,
          recommendations: 0,
          onlyIfNoOrderSince: false,
        },
      ],
    },
  },
  {
    key: "complements-day-14",
    name: "Goes well with your order (day 14)",
    summary: "Day 14 after any order: the complements of what they bought, with 15% off.",
    definition: {
      trigger: "any_order_paid",
      onNewOrder: "exit",
      steps: [
        {
          name: "Complements, 15% off",
          delayHours: 14 * 24,
          staleAfterHours: 72,
          purpose: "marketing",
          subject: "Goes well with your {{ order.name }}",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Customers who bought what you did also loved these:</p>${productList}
{% if discount.code %}<p>Take {{ discount.percent }}% off with <strong>{{ discount.code }}</strong> until {{ discount.ends_at | date: "%B %e, %Y" }}.
<a href="{{ discount.url }}">Shop now</a></p>{% endif %}${footer}`,
          discount: { percent: 15, validDays: 14, prefix: "PAIR-" },
          recommendations: 3,
          onlyIfNoOrderSince: false,
        },
      ],
    },
  },
  {
    key: "win-back-day-90",
    name: "We miss you (day 90)",
    summary: "Day 90 after the last order, if no order since: 25% off to come back.",
    definition: {
      trigger: "any_order_paid",
      onNewOrder: "exit",
      steps: [
        {
          name: "Win-back, 25% off",
          delayHours: 90 * 24,
          staleAfterHours: 7 * 24,
          purpose: "marketing",
          subject: "We miss you at {{ shop.name }}",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>It has been a while. Come back for {{ discount.percent | default: 25 }}% off your next order{% if discount.code %} with <strong>{{ discount.code }}</strong>
(until {{ discount.ends_at | date: "%B %e, %Y" }}). <a href="{{ discount.url }}">Shop now</a>{% endif %}.</p>${productList}${footer}`,
          discount: { percent: 25, validDays: 21, prefix: "MISSYOU-" },
          recommendations: 3,
          onlyIfNoOrderSince: true,
        },
      ],
    },
  },
  {
    key: "replenishment-reminder",
    name: "Time to restock (replenishment)",
    summary:
      "5 days before a customer is predicted to run out of what they bought (learned from your shop's repeat purchases): a reminder with a link that puts it back in their cart, and 10% off. Products nobody buys again get none; buying again re-plans it.",
    definition: {
      trigger: "predicted_replenishment",
      // A new order of the same product re-plans the reminder; other orders do not end it.
      onNewOrder: "continue",
      steps: [
        {
          name: "Restock reminder",
          delayHours: -5 * 24,
          // Up to five days past the predicted run-out a reminder still helps; later it is noise.
          staleAfterHours: 10 * 24,
          purpose: "marketing",
          subject: "Running low on {{ replenishment.product_title | default: 'your favourites' }}?",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>{% if replenishment.product_title != blank %}Your {{ replenishment.product_title }} from {{ shop.name }} should be running low around {{ replenishment.runs_out_on | date: "%B %e" }}.{% else %}Time to restock at {{ shop.name }}?{% endif %}</p>
<p><a href="{{ replenishment.cart_url | default: shop.url }}">Restock now{% if replenishment.quantity > 1 %} ({{ replenishment.quantity }}){% endif %}</a>{% if discount.code %}: {{ discount.percent }}% off with <strong>{{ discount.code }}</strong>, already applied, until {{ discount.ends_at | date: "%B %e, %Y" }}{% endif %}.</p>${footer}`,
          discount: { percent: 10, validDays: 14, prefix: "REFILL-" },
          recommendations: 0,
          onlyIfNoOrderSince: false,
        },
      ],
    },
  },
  {
    key: "fulfilled-bonus-points",
    name: "On its way + bonus points (fulfilled)",
    summary: "When an order is fulfilled: 50 bonus loyalty points (once per order, needs the loyalty program on) and an email saying it is on its way.",
    definition: {
      trigger: "order_fulfilled",
      onNewOrder: "continue",
      steps: [
        { name: "50 bonus points", action: "award_points", points: 50, delayHours: 0, staleAfterHours: 72, purpose: "transactional" },
        {
          name: "On its way",
          delayHours: 0,
          staleAfterHours: 48,
          purpose: "transactional",
          subject: "Your order {{ order.name }} is on its way",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>Good news: your order {{ order.name }} from {{ shop.name }} has shipped. As a thank-you we added 50 bonus points to your account.</p>${footer}`,
        },
      ],
    },
  },
  {
    key: "early-access-day-30",
    name: "Early access for returning customers (day 30)",
    summary: "Day 30 after an order, to customers with at least two orders: early access to what is new, with 10% off.",
    definition: {
      trigger: "any_order_paid",
      onNewOrder: "exit",
      steps: [
        {
          name: "Early access",
          delayHours: 30 * 24,
          staleAfterHours: 72,
          purpose: "marketing",
          conditions: { minOrders: 2 },
          subject: "Early access for you at {{ shop.name }}",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>You are one of our returning customers, so you see what is new before anyone else.</p>${productList}
{% if discount.code %}<p>{{ discount.percent }}% off with <strong>{{ discount.code }}</strong> until {{ discount.ends_at | date: "%B %e, %Y" }}.
<a href="{{ discount.url }}">Shop early</a></p>{% endif %}${footer}`,
          discount: { percent: 10, validDays: 14, prefix: "EARLY-" },
          recommendations: 3,
        },
      ],
    },
  },
  {
    key: "win-back-lapsed-vip",
    name: "Win back lapsed VIPs (120 days)",
    summary:
      "Loyalty-tier members with no order for 120 days (found by a daily scan, also those already lapsed when you switch it on): 20% off, and if they still have not ordered two weeks later, the tag encore-lapsed-vip.",
    definition: {
      trigger: "no_order_for_days",
      onNewOrder: "exit",
      steps: [
        {
          name: "We miss you, 20% off",
          // The lapse: the scan enrols customers whose last order is this old.
          delayHours: 120 * 24,
          staleAfterHours: 7 * 24,
          purpose: "marketing",
          conditions: { hasTier: true },
          subject: "We miss you at {{ shop.name }}",
          body: `<p>Hi {{ customer.first_name | default: "there" }},</p>
<p>As one of our VIPs, here is {{ discount.percent | default: 20 }}% off your next order{% if discount.code %} with <strong>{{ discount.code }}</strong>
(until {{ discount.ends_at | date: "%B %e, %Y" }}). <a href="{{ discount.url }}">Shop now</a>{% endif %}.</p>${footer}`,
          discount: { percent: 20, validDays: 21, prefix: "VIP-" },
          onlyIfNoOrderSince: true,
        },
        { name: "Tag as lapsed VIP", action: "add_tag", tag: "encore-lapsed-vip", delayHours: 134 * 24, staleAfterHours: 7 * 24, purpose: "transactional", conditions: { hasTier: true } },
      ],
    },
  },
];

export const FLOW_TEMPLATES: FlowTemplate[] = raw.map((template) => ({
  ...template,
  definition: flowDefinitionSchema.parse(template.definition),
}));

export function flowTemplate(key: string): FlowTemplate | null {
  return FLOW_TEMPLATES.find((template) => template.key === key) ?? null;
}
