// How the demo shop's customers shop: what brings them in, what they buy together, and what they
// run out of and come back for. This is the hidden structure that Encore's recommendations and
// retention analysis are meant to discover in the generated orders.
import type { Grind } from "./catalog";

/** A product handle, or a stand-in for "this customer's usual coffee / tea". */
export type ItemRef = string;
export const FAVORITE_COFFEE: ItemRef = "favorite-coffee";
export const FAVORITE_TEA: ItemRef = "favorite-tea";

export type HabitKind = "coffee" | "tea" | "cone-filters" | "hourglass-filters" | "press-brew-filters" | "cleaning-tablets";

/** Something a customer uses up: re-bought every minDays..maxDays (each customer has their own pace). */
export interface Habit {
  item: ItemRef;
  minDays: number;
  maxDays: number;
}

export const HABITS: Record<HabitKind, Habit> = {
  coffee: { item: FAVORITE_COFFEE, minDays: 21, maxDays: 35 },
  tea: { item: FAVORITE_TEA, minDays: 36, maxDays: 48 },
  "cone-filters": { item: "cone-paper-filters", minDays: 56, maxDays: 70 },
  "hourglass-filters": { item: "hourglass-bonded-filters", minDays: 56, maxDays: 70 },
  "press-brew-filters": { item: "press-brew-micro-filters", minDays: 80, maxDays: 110 },
  "cleaning-tablets": { item: "espresso-cleaning-tablets", minDays: 80, maxDays: 110 },
};

/** What a new customer comes in for; decides their first basket and, if they stay, their habits. */
export interface ShoppingInterest {
  name: string;
  /** Relative share of new customers. */
  weight: number;
  /** Multiplies `weight` for customers who arrive in November or December. */
  holidayWeight?: number;
  /** The first basket always has one of these. */
  anchors: { item: ItemRef; weight: number }[];
  /** Added to the first basket with these chances (on top of the product complements below). */
  extras: { item: ItemRef; probability: number }[];
  /** Coffees this customer's favorites come from; default: every everyday coffee. */
  coffees?: string[];
  grinds: { grind: Grind; weight: number }[];
  /** Chance a customer with this interest becomes a repeat buyer. */
  repeatProbability: number;
  habits: HabitKind[];
}

const ESPRESSO_COFFEES = ["encore-espresso-blend", "rwanda-espresso", "brazil-cerrado", "midnight-french-roast", "sumatra-mandheling"];
const COLD_BREW_COFFEES = ["cold-brew-blend", "brazil-cerrado", "colombia-huila"];

const FILTER_GRINDS: ShoppingInterest["grinds"] = [
  { grind: "Whole Bean", weight: 5 },
  { grind: "Drip Grind", weight: 5 },
];
const ESPRESSO_GRINDS: ShoppingInterest["grinds"] = [
  { grind: "Espresso Grind", weight: 6 },
  { grind: "Whole Bean", weight: 4 },
];
const COARSE_GRINDS: ShoppingInterest["grinds"] = [
  { grind: "Coarse Grind", weight: 6 },
  { grind: "Whole Bean", weight: 4 },
];

export const INTERESTS: ShoppingInterest[] = [
  {
    name: "pour-over",
    weight: 16,
    anchors: [
      { item: "ceramic-pour-over-dripper", weight: 3 },
      { item: "glass-pour-over-dripper", weight: 1 },
    ],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.65 }],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.5,
    habits: ["coffee", "cone-filters"],
  },
  {
    name: "hourglass",
    weight: 5,
    anchors: [{ item: "hourglass-glass-brewer", weight: 1 }],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.6 }],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.5,
    habits: ["coffee", "hourglass-filters"],
  },
  {
    name: "espresso",
    weight: 13,
    anchors: [{ item: FAVORITE_COFFEE, weight: 1 }],
    extras: [
      { item: "milk-frothing-pitcher", probability: 0.55 },
      { item: "walnut-espresso-tamper", probability: 0.2 },
      { item: "espresso-knock-box", probability: 0.1 },
      { item: "espresso-cup-saucer", probability: 0.12 },
    ],
    coffees: ESPRESSO_COFFEES,
    grinds: ESPRESSO_GRINDS,
    repeatProbability: 0.55,
    habits: ["coffee", "cleaning-tablets"],
  },
  {
    name: "french-press",
    weight: 7,
    anchors: [{ item: "classic-french-press", weight: 1 }],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.7 }],
    grinds: COARSE_GRINDS,
    repeatProbability: 0.45,
    habits: ["coffee"],
  },
  {
    name: "press-brew",
    weight: 7,
    anchors: [{ item: "press-brew-coffee-maker", weight: 1 }],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.55 }],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.45,
    habits: ["coffee", "press-brew-filters"],
  },
  {
    name: "cold-brew",
    weight: 4,
    anchors: [{ item: "cold-brew-pitcher", weight: 1 }],
    extras: [{ item: "cold-brew-blend", probability: 0.7 }],
    coffees: COLD_BREW_COFFEES,
    grinds: COARSE_GRINDS,
    repeatProbability: 0.4,
    habits: ["coffee"],
  },
  {
    name: "moka",
    weight: 3,
    anchors: [{ item: "stovetop-moka-pot", weight: 1 }],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.6 }],
    coffees: ESPRESSO_COFFEES,
    grinds: ESPRESSO_GRINDS,
    repeatProbability: 0.4,
    habits: ["coffee"],
  },
  {
    name: "beans",
    weight: 22,
    anchors: [{ item: FAVORITE_COFFEE, weight: 1 }],
    extras: [{ item: "dark-chocolate-espresso-beans", probability: 0.08 }],
    grinds: [...FILTER_GRINDS, { grind: "Coarse Grind", weight: 1 }],
    repeatProbability: 0.5,
    habits: ["coffee"],
  },
  {
    name: "mugs",
    weight: 8,
    anchors: [
      { item: "stoneware-mug", weight: 4 },
      { item: "classic-diner-mug", weight: 2 },
      { item: "encore-logo-mug", weight: 1 },
    ],
    extras: [{ item: FAVORITE_COFFEE, probability: 0.25 }],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.3,
    habits: ["coffee"],
  },
  {
    name: "tea",
    weight: 10,
    anchors: [{ item: FAVORITE_TEA, weight: 1 }],
    extras: [
      { item: "tea-infuser-basket", probability: 0.6 },
      { item: "glass-teapot-infuser", probability: 0.08 },
      { item: "almond-biscotti", probability: 0.1 },
    ],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.45,
    habits: ["tea"],
  },
  {
    name: "matcha",
    weight: 3,
    anchors: [{ item: "ceremonial-matcha", weight: 1 }],
    extras: [],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.4,
    habits: ["tea"],
  },
  {
    name: "gifts",
    weight: 4,
    holidayWeight: 5,
    anchors: [
      { item: "encore-gift-card", weight: 3 },
      { item: "coffee-lovers-gift-box", weight: 3 },
      { item: "coffee-sampler-flight", weight: 2 },
      { item: "tea-time-gift-set", weight: 1 },
      { item: "pour-over-starter-kit", weight: 2 },
      { item: "espresso-essentials-kit", weight: 1 },
    ],
    extras: [{ item: "dark-chocolate-espresso-beans", probability: 0.2 }],
    grinds: FILTER_GRINDS,
    repeatProbability: 0.12,
    habits: ["coffee"],
  },
];

/** Products bought together: whenever the key product is in a basket, each complement joins it with its chance. */
export const COMPLEMENTS: Record<string, { item: ItemRef; probability: number }[]> = {
  "ceramic-pour-over-dripper": [
    { item: "cone-paper-filters", probability: 0.8 },
    { item: "gooseneck-kettle", probability: 0.4 },
    { item: "digital-coffee-scale", probability: 0.12 },
    { item: "glass-carafe-server", probability: 0.1 },
  ],
  "glass-pour-over-dripper": [
    { item: "cone-paper-filters", probability: 0.8 },
    { item: "gooseneck-kettle", probability: 0.35 },
    { item: "glass-carafe-server", probability: 0.15 },
  ],
  "hourglass-glass-brewer": [
    { item: "hourglass-bonded-filters", probability: 0.8 },
    { item: "gooseneck-kettle", probability: 0.3 },
  ],
  "press-brew-coffee-maker": [
    { item: "press-brew-micro-filters", probability: 0.75 },
    { item: "hand-burr-grinder", probability: 0.12 },
  ],
  "classic-french-press": [
    { item: "airtight-coffee-canister", probability: 0.15 },
    { item: "walnut-coffee-scoop", probability: 0.15 },
  ],
  "conical-burr-grinder": [{ item: "airtight-coffee-canister", probability: 0.2 }],
  "stovetop-moka-pot": [{ item: "espresso-cup-saucer", probability: 0.2 }],
  "milk-frothing-pitcher": [{ item: "vanilla-bean-syrup", probability: 0.2 }],
  "stoneware-mug": [{ item: "cork-coaster-set", probability: 0.5 }],
  "classic-diner-mug": [{ item: "cork-coaster-set", probability: 0.35 }],
  "encore-logo-mug": [{ item: "cork-coaster-set", probability: 0.3 }],
  "espresso-cup-saucer": [{ item: "cappuccino-cup", probability: 0.2 }],
  "ceremonial-matcha": [
    { item: "bamboo-matcha-whisk", probability: 0.7 },
    { item: "matcha-bowl", probability: 0.35 },
  ],
  "cast-iron-teapot": [{ item: FAVORITE_TEA, probability: 0.5 }],
};

/** What people add to a basket as presents in November and December. */
export const HOLIDAY_GIFTS: { item: ItemRef; weight: number }[] = [
  { item: "stoneware-mug", weight: 4 },
  { item: "insulated-travel-tumbler", weight: 3 },
  { item: "coffee-lovers-gift-box", weight: 3 },
  { item: "dark-chocolate-espresso-beans", weight: 3 },
  { item: "encore-gift-card", weight: 3 },
  { item: "holiday-blend", weight: 4 },
  { item: "coffee-sampler-flight", weight: 2 },
  { item: "tea-time-gift-set", weight: 1 },
  { item: "drinking-chocolate", weight: 2 },
  { item: "cast-iron-teapot", weight: 1 },
  { item: "pour-over-starter-kit", weight: 1 },
  { item: "encore-logo-mug", weight: 1 },
];

export interface DiscountCode {
  code: string;
  percentOff: number;
}

export const WELCOME_CODE: DiscountCode = { code: "WELCOME10", percentOff: 10 };
export const LOYAL_CODE: DiscountCode = { code: "BREWCLUB15", percentOff: 15 };
export const HOLIDAY_CODE: DiscountCode = { code: "HOLIDAY20", percentOff: 20 };
