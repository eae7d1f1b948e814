// Products, variants, images/media and collections.
import type { SandboxStore } from "../store/store";
import type { SandboxCollection, SandboxImage, SandboxProduct, SandboxVariant } from "../store/types";
import { toGid } from "../store/types";
import { connection, count, encodeCursor, type ConnectionArgs } from "./connection";
import { requireScope, type AdminApiContext } from "./context";
import { gidOf, idOf } from "./ids";
import { formatMoney, moneyV2 } from "./money";
import {
  applySearch, matchBoolean, matchDate, matchExact, matchId, matchNumber, matchTags, matchWords,
  type SearchSpec,
} from "./search";
import { sortValueFor, timeValue, type SortValueFn } from "./sorting";

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
}

function mimeTypeOf(url: string): string {
  const extension = /\.([a-z0-9]+)(?:\?|$)/i.exec(url)?.[1]?.toLowerCase();
  if (extension === "png") return "image/png";
  if (extension === "webp") return "image/webp";
  if (extension === "gif") return "image/gif";
  if (extension === "svg") return "image/svg+xml";
  return "image/jpeg";
}

export function imageNode(image: SandboxImage) {
  return {
    __typename: "Image",
    id: gidOf("ProductImage", image.id),
    url: image.url, // `transform` is accepted and ignored: the sandbox serves one size
    altText: image.altText,
    width: image.width,
    height: image.height,
  };
}

export function mediaImageNode(image: SandboxImage, product: SandboxProduct) {
  const asImage = imageNode(image);
  return {
    __typename: "MediaImage",
    id: toGid("MediaImage", image.id),
    alt: image.altText,
    mediaContentType: "IMAGE",
    status: "READY",
    mimeType: mimeTypeOf(image.url),
    image: asImage,
    preview: { image: asImage, status: "READY" },
    mediaErrors: [],
    mediaWarnings: [],
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

function totalInventory(product: SandboxProduct): number {
  return product.variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0);
}

function variantAvailable(product: SandboxProduct, variant: SandboxVariant): boolean {
  return product.status === "ACTIVE" && variant.inventoryQuantity > 0;
}

function collectionsContaining(store: SandboxStore, productId: number): SandboxCollection[] {
  return store.state.collections.filter((collection) => collection.productIds.includes(productId));
}

export function variantNode(store: SandboxStore, product: SandboxProduct, variant: SandboxVariant) {
  const currency = store.state.shop.currencyCode;
  const options = product.options;
  return {
    __typename: "ProductVariant",
    id: toGid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku || null,
    barcode: null,
    position: variant.position,
    price: formatMoney(variant.priceCents, currency),
    compareAtPrice: variant.compareAtPriceCents === null ? null : formatMoney(variant.compareAtPriceCents, currency),
    inventoryQuantity: variant.inventoryQuantity,
    sellableOnlineQuantity: product.status === "ACTIVE" ? Math.max(0, variant.inventoryQuantity) : 0,
    inventoryPolicy: "DENY",
    availableForSale: variantAvailable(product, variant),
    taxable: true,
    requiresComponents: false,
    showUnitPrice: false,
    selectedOptions: variant.selectedOptions.map((option) => ({
      name: option.name,
      value: option.value,
      optionValue: optionValueNode(product, options.findIndex((o) => o.name === option.name), option.value),
    })),
    // Like Shopify, a variant without its own image has none (no fallback to the product image).
    image: null,
    product: () => productNode(store, product),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    defaultCursor: encodeCursor({ id: variant.id, value: variant.id }),
  };
}

function optionValueNode(product: SandboxProduct, optionIndex: number, value: string) {
  const valueIndex = product.options[optionIndex]?.values.indexOf(value) ?? -1;
  return {
    __typename: "ProductOptionValue",
    id: gidOf("ProductOptionValue", product.id * 10_000 + (optionIndex + 1) * 100 + valueIndex + 1),
    name: value,
    hasVariants: product.variants.some((v) => v.selectedOptions.some((o) => o.value === value)),
    swatch: null,
    linkedMetafieldValue: null,
  };
}

const VARIANT_SORT: Record<string, SortValueFn<SandboxVariant>> = {
  POSITION: (v) => v.position,
  ID: (v) => v.id,
  TITLE: (v) => v.title.toLowerCase(),
  SKU: (v) => v.sku,
  INVENTORY_QUANTITY: (v) => v.inventoryQuantity,
  RELEVANCE: (v) => v.position,
};

export function productNode(store: SandboxStore, product: SandboxProduct) {
  const currency = store.state.shop.currencyCode;
  const prices = product.variants.map((v) => v.priceCents);
  const minPrice = prices.length ? Math.min(...prices) : 0;
  const maxPrice = prices.length ? Math.max(...prices) : 0;
  const firstImage = product.images[0] ?? null;
  const storefrontUrl = `https://${store.state.shop.domain}/products/${product.handle}`;
  return {
    __typename: "Product",
    id: toGid("Product", product.id),
    legacyResourceId: String(product.id),
    handle: product.handle,
    title: product.title,
    descriptionHtml: product.descriptionHtml,
    bodyHtml: product.descriptionHtml,
    description: ({ truncateAt }: { truncateAt?: number | null }) => {
      const text = stripHtml(product.descriptionHtml);
      return truncateAt != null && text.length > truncateAt ? `${text.slice(0, Math.max(0, truncateAt - 3))}...` : text;
    },
    vendor: product.vendor,
    productType: product.productType,
    tags: product.tags,
    status: product.status,
    isGiftCard: product.isGiftCard,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    publishedAt: product.status === "ACTIVE" ? product.createdAt : null,
    onlineStoreUrl: product.status === "ACTIVE" ? storefrontUrl : null,
    onlineStorePreviewUrl: storefrontUrl,
    templateSuffix: null,
    totalInventory: totalInventory(product),
    tracksInventory: true,
    hasOnlyDefaultVariant: product.variants.length === 1 && product.variants[0].title === "Default Title",
    hasOutOfStockVariants: product.variants.some((v) => v.inventoryQuantity <= 0),
    requiresSellingPlan: false,
    totalVariants: product.variants.length,
    variantsCount: count(product.variants.length),
    mediaCount: count(product.images.length),
    priceRangeV2: { minVariantPrice: moneyV2(minPrice, currency), maxVariantPrice: moneyV2(maxPrice, currency) },
    featuredImage: firstImage ? imageNode(firstImage) : null,
    featuredMedia: firstImage ? mediaImageNode(firstImage, product) : null,
    options: ({ first }: { first?: number | null }) =>
      product.options.slice(0, first ?? undefined).map((option, index) => ({
        __typename: "ProductOption",
        id: gidOf("ProductOption", product.id * 100 + index + 1),
        name: option.name,
        position: index + 1,
        values: option.values,
        optionValues: option.values.map((value) => optionValueNode(product, index, value)),
      })),
    variants: (args: ListArgs) =>
      connection(product.variants, args, {
        id: (v) => v.id,
        sortValue: sortValueFor("Product.variants", args.sortKey, VARIANT_SORT, "POSITION"),
        node: (v) => variantNode(store, product, v),
      }),
    images: (args: ListArgs) =>
      connection(product.images, args, {
        id: (image) => image.id,
        sortValue: sortValueFor("Product.images", args.sortKey, { POSITION: (i) => product.images.indexOf(i), ID: (i) => i.id }, "POSITION"),
        node: imageNode,
      }),
    media: (args: ListArgs, context: AdminApiContext) =>
      connection(applySearch(product.images, args.query, { fields: {}, freeText: () => true }, context, ["media"]), args, {
        id: (image) => image.id,
        sortValue: sortValueFor("Product.media", args.sortKey, { POSITION: (i) => product.images.indexOf(i), ID: (i) => i.id }, "POSITION"),
        node: (image) => mediaImageNode(image, product),
      }),
    collections: (args: ListArgs, context: AdminApiContext) =>
      collectionConnection(store, collectionsContaining(store, product.id), args, context, ["collections"]),
    inCollection: ({ id }: { id: string }) => {
      const collectionId = idOf(id, "Collection");
      return collectionId !== null && collectionsContaining(store, product.id).some((c) => c.id === collectionId);
    },
    defaultCursor: encodeCursor({ id: product.id, value: product.id }),
  };
}

export function collectionNode(store: SandboxStore, collection: SandboxCollection) {
  const products = () =>
    collection.productIds.map((id) => store.product(id)).filter((p): p is SandboxProduct => p !== null);
  return {
    __typename: "Collection",
    id: toGid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    handle: collection.handle,
    title: collection.title,
    descriptionHtml: collection.descriptionHtml,
    description: ({ truncateAt }: { truncateAt?: number | null }) => {
      const text = stripHtml(collection.descriptionHtml);
      return truncateAt != null && text.length > truncateAt ? `${text.slice(0, Math.max(0, truncateAt - 3))}...` : text;
    },
    updatedAt: collection.updatedAt,
    sortOrder: "MANUAL",
    templateSuffix: null,
    image: null, // sandbox collections have no image
    productsCount: count(products().length),
    hasProduct: ({ id }: { id: string }) => {
      const productId = idOf(id, "Product");
      return productId !== null && collection.productIds.includes(productId);
    },
    products: (args: ListArgs) => {
      const inCollectionOrder = products();
      const position = new Map(inCollectionOrder.map((p, index) => [p.id, index]));
      const supported: Record<string, SortValueFn<SandboxProduct>> = {
        COLLECTION_DEFAULT: (p) => position.get(p.id) ?? 0,
        MANUAL: (p) => position.get(p.id) ?? 0,
        ID: (p) => p.id,
        TITLE: (p) => p.title.toLowerCase(),
        CREATED: (p) => p.createdAt,
        PRICE: (p) => Math.min(...p.variants.map((v) => v.priceCents)),
      };
      return connection(inCollectionOrder, args, {
        id: (p) => p.id,
        sortValue: sortValueFor("Collection.products", args.sortKey, supported, "COLLECTION_DEFAULT"),
        node: (p) => productNode(store, p),
      });
    },
  };
}

// ---- search and sort specs ------------------------------------------------------------------

const PRODUCT_SEARCH: SearchSpec<SandboxProduct> = {
  fields: {
    title: (p, t) => matchWords(p.title, t),
    handle: (p, t) => matchExact(p.handle, t),
    vendor: (p, t) => matchExact(p.vendor, t),
    product_type: (p, t) => matchExact(p.productType, t),
    tag: (p, t) => matchTags(p.tags, t),
    tag_not: (p, t) => !matchTags(p.tags, t),
    status: (p, t) => t.value.split(",").some((s) => matchExact(p.status, { ...t, value: s })),
    id: (p, t) => matchId(p.id, t),
    product_id: (p, t) => matchId(p.id, t),
    sku: (p, t) => p.variants.some((v) => matchExact(v.sku, t)),
    gift_card: (p, t) => matchBoolean(p.isGiftCard, t),
    inventory_total: (p, t) => matchNumber(totalInventory(p), t),
    created_at: (p, t) => matchDate(p.createdAt, t),
    updated_at: (p, t) => matchDate(p.updatedAt, t),
    published_status: (p, t) => {
      const value = t.value.toLowerCase();
      if (value === "any") return true;
      if (value === "published") return p.status === "ACTIVE";
      if (value === "unpublished") return p.status !== "ACTIVE";
      return { warning: `Invalid published_status '${t.value}'.` };
    },
  },
  freeText: (p, text) =>
    [p.title, p.vendor, p.productType, ...p.tags, ...p.variants.map((v) => v.sku)].some((s) => s.toLowerCase().includes(text)),
};

const PRODUCT_SORT: Record<string, SortValueFn<SandboxProduct>> = {
  ID: (p) => p.id,
  RELEVANCE: (p) => p.id,
  TITLE: (p) => p.title.toLowerCase(),
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  PUBLISHED_AT: (p) => (p.status === "ACTIVE" ? p.createdAt : ""),
  VENDOR: (p) => p.vendor.toLowerCase(),
  PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
  INVENTORY_TOTAL: (p) => totalInventory(p),
};

const COLLECTION_SEARCH: SearchSpec<SandboxCollection> = {
  fields: {
    title: (c, t) => matchWords(c.title, t),
    handle: (c, t) => matchExact(c.handle, t),
    id: (c, t) => matchId(c.id, t),
    collection_type: (_c, t) => matchExact("custom", t),
    updated_at: (c, t) => matchDate(c.updatedAt, t),
    product_id: (c, t) => c.productIds.some((id) => matchId(id, t) === true),
  },
  freeText: (c, text) => c.title.toLowerCase().includes(text),
};

const COLLECTION_SORT: Record<string, SortValueFn<SandboxCollection>> = {
  ID: (c) => c.id,
  RELEVANCE: (c) => c.id,
  TITLE: (c) => c.title.toLowerCase(),
  UPDATED_AT: (c) => timeValue(c.updatedAt),
};

type Variant = { product: SandboxProduct; variant: SandboxVariant };

const VARIANT_SEARCH: SearchSpec<Variant> = {
  fields: {
    sku: ({ variant }, t) => matchExact(variant.sku, t),
    title: ({ variant }, t) => matchWords(variant.title, t),
    id: ({ variant }, t) => matchId(variant.id, t),
    product_id: ({ product }, t) => matchId(product.id, t),
    product_status: ({ product }, t) => t.value.split(",").some((s) => matchExact(product.status, { ...t, value: s })),
    inventory_quantity: ({ variant }, t) => matchNumber(variant.inventoryQuantity, t),
    tag: ({ product }, t) => matchTags(product.tags, t),
    vendor: ({ product }, t) => matchExact(product.vendor, t),
    updated_at: ({ product }, t) => matchDate(product.updatedAt, t),
  },
  freeText: ({ product, variant }, text) =>
    [product.title, variant.title, variant.sku].some((s) => s.toLowerCase().includes(text)),
};

function collectionConnection(
  store: SandboxStore,
  collections: SandboxCollection[],
  args: ListArgs,
  context: AdminApiContext,
  path: string[],
) {
  const filtered = applySearch(collections, args.query, COLLECTION_SEARCH, context, path);
  return connection(filtered, args, {
    id: (c) => c.id,
    sortValue: sortValueFor("collections", args.sortKey, COLLECTION_SORT, "ID"),
    node: (c) => collectionNode(store, c),
  });
}

// ---- root fields ----------------------------------------------------------------------------

export function productQueries(store: SandboxStore) {
  const allVariants = (): Variant[] => store.state.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })));
  return {
    products: (args: ListArgs, context: AdminApiContext) => {
      requireScope(context, "products", "read_products");
      const filtered = applySearch(store.state.products, args.query, PRODUCT_SEARCH, context, ["products"]);
      return connection(filtered, args, {
        id: (p) => p.id,
        sortValue: sortValueFor("products", args.sortKey, PRODUCT_SORT, "ID"),
        node: (p) => productNode(store, p),
      });
    },
    productsCount: (args: { query?: string | null; limit?: number | null }, context: AdminApiContext) => {
      requireScope(context, "productsCount", "read_products");
      return count(applySearch(store.state.products, args.query, PRODUCT_SEARCH, context, ["productsCount"]).length, args.limit);
    },
    product: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "product", "read_products");
      const productId = idOf(id, "Product");
      const product = productId === null ? null : store.product(productId);
      return product ? productNode(store, product) : null;
    },
    productByIdentifier: ({ identifier }: { identifier: { id?: string; handle?: string } }, context: AdminApiContext) => {
      requireScope(context, "productByIdentifier", "read_products");
      const productId = identifier.id ? idOf(identifier.id, "Product") : null;
      const product = identifier.handle ? store.productByHandle(identifier.handle) : productId === null ? null : store.product(productId);
      return product ? productNode(store, product) : null;
    },
    productVariant: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "productVariant", "read_products");
      const variantId = idOf(id, "ProductVariant");
      const found = variantId === null ? null : store.variant(variantId);
      return found ? variantNode(store, found.product, found.variant) : null;
    },
    productVariants: (args: ListArgs, context: AdminApiContext) => {
      requireScope(context, "productVariants", "read_products");
      const filtered = applySearch(allVariants(), args.query, VARIANT_SEARCH, context, ["productVariants"]);
      const supported: Record<string, SortValueFn<Variant>> = {
        ID: ({ variant }) => variant.id,
        RELEVANCE: ({ variant }) => variant.id,
        SKU: ({ variant }) => variant.sku,
        TITLE: ({ variant }) => variant.title.toLowerCase(),
        INVENTORY_QUANTITY: ({ variant }) => variant.inventoryQuantity,
        POSITION: ({ variant }) => variant.position,
      };
      return connection(filtered, args, {
        id: ({ variant }) => variant.id,
        sortValue: sortValueFor("productVariants", args.sortKey, supported, "ID"),
        node: ({ product, variant }) => variantNode(store, product, variant),
      });
    },
    collections: (args: ListArgs, context: AdminApiContext) => {
      requireScope(context, "collections", "read_products");
      return collectionConnection(store, store.state.collections, args, context, ["collections"]);
    },
    collectionsCount: (args: { query?: string | null; limit?: number | null }, context: AdminApiContext) => {
      requireScope(context, "collectionsCount", "read_products");
      return count(applySearch(store.state.collections, args.query, COLLECTION_SEARCH, context, ["collectionsCount"]).length, args.limit);
    },
    collection: ({ id }: { id: string }, context: AdminApiContext) => {
      requireScope(context, "collection", "read_products");
      const collectionId = idOf(id, "Collection");
      const collection = store.state.collections.find((c) => c.id === collectionId);
      return collection ? collectionNode(store, collection) : null;
    },
    collectionByIdentifier: ({ identifier }: { identifier: { id?: string; handle?: string } }, context: AdminApiContext) => {
      requireScope(context, "collectionByIdentifier", "read_products");
      const collectionId = identifier.id ? idOf(identifier.id, "Collection") : null;
      const collection = identifier.handle
        ? store.collectionByHandle(identifier.handle)
        : store.state.collections.find((c) => c.id === collectionId) ?? null;
      return collection ? collectionNode(store, collection) : null;
    },
  };
}
