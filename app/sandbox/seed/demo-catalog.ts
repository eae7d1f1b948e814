// Turns the catalog data into SandboxProducts and answers what the order simulation needs to know
// about them: is it on sale on a given day, which variant would this customer pick.
import type { SandboxImage, SandboxProduct, SandboxVariant } from "../store/types";
import { CATALOG, type CatalogProduct, type Grind } from "./catalog";
import { DAY_MS, iso, shopMonth } from "./calendar";
import type { IdCounter } from "./id-counter";
import type { Random } from "./random";

export type CoffeeSize = "12 oz" | "2 lb";

/** What decides a customer's variant choice for coffee (other options fall to the popular values). */
export interface VariantPreferences {
  grind: Grind;
  coffeeSize: CoffeeSize;
}

interface CatalogItem {
  entry: CatalogProduct;
  product: SandboxProduct;
  createdAtMs: number;
}

const IMAGE_SIZE = 800;

export class DemoCatalog {
  readonly products: SandboxProduct[] = [];
  private readonly items = new Map<string, CatalogItem>();

  constructor(shopCreatedAtMs: number, openedAtMs: number, nowMs: number, ids: IdCounter, random: Random) {
    for (const [index, entry] of CATALOG.entries()) {
      // Products that were there at opening were added in the weeks before it.
      const createdAtMs =
        entry.addedAfterDays === undefined
          ? Math.floor(random.between(shopCreatedAtMs + DAY_MS, openedAtMs - DAY_MS))
          : openedAtMs + entry.addedAfterDays * DAY_MS + random.int(0, 3600_000);
      const updatedAtMs = Math.floor(random.between(createdAtMs, nowMs));
      const product = buildProduct(entry, index, createdAtMs, updatedAtMs, ids, random);
      this.products.push(product);
      this.items.set(entry.handle, { entry, product, createdAtMs });
    }
  }

  product(handle: string): SandboxProduct {
    return this.item(handle).product;
  }

  entry(handle: string): CatalogProduct {
    return this.item(handle).entry;
  }

  /** Can a customer buy it on this day: published, already added, and in season. */
  isOnSale(handle: string, ms: number): boolean {
    const { entry, product, createdAtMs } = this.item(handle);
    if (product.status !== "ACTIVE" || createdAtMs > ms) return false;
    return entry.seasonMonths === undefined || entry.seasonMonths.includes(shopMonth(ms));
  }

  /** Coffees someone could pick as their usual: on sale all year, not the tiny reserve lots. */
  everydayCoffees(ms: number): string[] {
    return CATALOG.filter(
      (e) => e.productType === "Coffee" && !e.seasonMonths && !e.tags.includes("reserve") && this.isOnSale(e.handle, ms),
    ).map((e) => e.handle);
  }

  /** Teas someone could pick as their usual (matcha is its own habit, chosen by interest). */
  everydayTeas(ms: number): string[] {
    return CATALOG.filter(
      (e) => e.productType === "Tea" && !e.seasonMonths && e.handle !== "ceremonial-matcha" && this.isOnSale(e.handle, ms),
    ).map((e) => e.handle);
  }

  /** A random extra item for a basket, weighted by popularity (never coffee or tea, which come from habits). */
  randomExtra(ms: number, random: Random, skip: (handle: string) => boolean): string | null {
    const candidates = CATALOG.filter(
      (e) =>
        e.popularity > 0 &&
        e.productType !== "Coffee" &&
        e.productType !== "Tea" &&
        !skip(e.handle) &&
        this.isOnSale(e.handle, ms),
    );
    if (candidates.length === 0) return null;
    return random.weighted(candidates, (e) => e.popularity).handle;
  }

  /** The variant this customer would take: their grind and bag size for coffee, otherwise mostly the first (most popular) values. */
  chooseVariant(handle: string, preferences: VariantPreferences, random: Random): SandboxVariant {
    const { product } = this.item(handle);
    if (product.variants.length === 1) return product.variants[0];
    const wanted = product.options.map((option) => {
      if (option.name === "Grind" && option.values.includes(preferences.grind)) return preferences.grind;
      if (option.name === "Size" && product.productType === "Coffee") return preferences.coffeeSize;
      if (option.name === "Denomination") return random.weighted(option.values, (v) => (v === "$50" ? 4 : v === "$25" ? 3 : 2));
      // Earlier values sell more (the first color is the classic one).
      return random.weighted(option.values, (v) => 1 / (option.values.indexOf(v) + 1));
    });
    const variant = product.variants.find((v) => v.selectedOptions.every((o, i) => o.value === wanted[i]));
    if (!variant) throw new Error(`No variant ${wanted.join(" / ")} of ${handle}`);
    return variant;
  }

  private item(handle: string): CatalogItem {
    const item = this.items.get(handle);
    if (!item) throw new Error(`Unknown catalog product ${handle}`);
    return item;
  }
}

function buildProduct(entry: CatalogProduct, index: number, createdAtMs: number, updatedAtMs: number, ids: IdCounter, random: Random): SandboxProduct {
  const productId = ids.next();
  const images: SandboxImage[] = [
    { id: ids.next(), url: imageUrl(entry.handle), altText: entry.title, width: IMAGE_SIZE, height: IMAGE_SIZE },
  ];
  if (entry.imageCount === 2) {
    // A second view of the same product; the storefront serves the same generated art by path.
    images.push({ id: ids.next(), url: `${imageUrl(entry.handle)}?view=2`, altText: `${entry.title}, detail`, width: IMAGE_SIZE, height: IMAGE_SIZE });
  }

  const options =
    entry.options.length > 0
      ? entry.options.map((o) => ({ name: o.name, values: o.values.map((v) => v.value) }))
      : [{ name: "Title", values: ["Default Title"] }]; // what Shopify reports for a product without options

  const variants: SandboxVariant[] = optionCombinations(entry).map((combination, i) => {
    const addCents = combination.reduce((sum, v) => sum + (v.addCents ?? 0), 0);
    const title = entry.options.length > 0 ? combination.map((v) => v.value).join(" / ") : "Default Title";
    const selectedOptions =
      entry.options.length > 0 ? combination.map((v, o) => ({ name: entry.options[o].name, value: v.value })) : [{ name: "Title", value: "Default Title" }];
    const soldOut = entry.soldOutValue !== undefined && selectedOptions.some((o) => o.value === entry.soldOutValue);
    return {
      id: ids.next(),
      productId,
      title,
      sku: `EN-${100 + index}${combination.map((v) => `-${skuCode(v.value)}`).join("")}`,
      priceCents: entry.priceCents + addCents,
      compareAtPriceCents: entry.compareAtPriceCents === undefined ? null : entry.compareAtPriceCents + addCents,
      inventoryQuantity: soldOut ? 0 : stockLevel(entry, random),
      selectedOptions,
      position: i + 1,
    };
  });

  return {
    id: productId,
    handle: entry.handle,
    title: entry.title,
    descriptionHtml: `<p>${entry.description}</p>`,
    vendor: entry.vendor,
    productType: entry.productType,
    tags: [...entry.tags], // a copy: the store may edit products, never the catalog
    status: entry.status ?? "ACTIVE",
    isGiftCard: entry.isGiftCard ?? false,
    createdAt: iso(createdAtMs),
    updatedAt: iso(updatedAtMs),
    images,
    options,
    variants,
  };
}

export function imageUrl(handle: string): string {
  return `/sandbox-assets/products/${handle}.svg`;
}

/** Every combination of option values, first option varying slowest (Shopify's variant order). */
function optionCombinations(entry: CatalogProduct) {
  let combinations: CatalogProduct["options"][number]["values"][] = [[]];
  for (const option of entry.options) {
    combinations = combinations.flatMap((prefix) => option.values.map((value) => [...prefix, value]));
  }
  return combinations;
}

/** "Whole Bean" -> "WB", "12 oz" -> "12OZ", "$50" -> "50". */
function skuCode(value: string): string {
  const words = value.replace(/[^A-Za-z0-9 -]/g, "").split(/[\s-]+/).filter(Boolean);
  if (/^[A-Za-z]/.test(words[0] ?? "") && words.length > 1) return words.map((w) => w[0]).join("").toUpperCase();
  return words.slice(0, 2).join("").toUpperCase();
}

function stockLevel(entry: CatalogProduct, random: Random): number {
  if (entry.isGiftCard) return 9999; // gift cards are not really stocked
  if (random.chance(0.05)) return random.int(1, 4); // running low
  return random.int(6, 30) + entry.popularity * random.int(4, 15);
}
