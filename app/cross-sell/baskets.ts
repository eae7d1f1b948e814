/**
 * Co-purchase statistics built in memory from a list of baskets: the same numbers the database
 * keeps per shop (baskets, baskets per product, baskets per pair), for the full rebuild path, the
 * offline evaluation and benchmarks. Pure TypeScript.
 *
 * Products get integer ids in order of first appearance. A build leaves each product's pair
 * counts as a slice of three flat typed arrays (millions of pairs, no object per pair); a product
 * changed afterwards by addBasket gets a small hash table instead.
 */
import type { ProductNeighbourhood } from "./complements";

export interface CoPurchaseCounts {
  totalBaskets: number;
  /**
   * Internal id of each product id. A null-prototype object rather than a Map: looking up
   * freshly read strings is most of the cost of counting, and objects do it 2-3× faster in V8.
   */
  readonly idOf: Record<string, number | undefined>;
  /** Product id of each internal id. */
  readonly productIds: string[];
  /** Baskets containing each product, by internal id. */
  readonly productBaskets: number[];
  /** Pair counts as the last build left them, for products without a table in `changed`. */
  readonly built: PairLists;
  /** Partner id -> baskets with both, for products whose pairs changed since the build. */
  readonly changed: (PartnerCounts | undefined)[];
}

/**
 * Pair counts per product: product a's partners are partners[from[a]] to partners[from[a + 1] - 1],
 * with the baskets holding both in `together`. Products past the end of `from` have none.
 */
export interface PairLists {
  from: Int32Array;
  partners: Int32Array;
  together: Int32Array;
}

export interface PopularProduct {
  productId: string;
  baskets: number;
}

export function emptyCoPurchaseCounts(): CoPurchaseCounts {
  const built = { from: new Int32Array(1), partners: new Int32Array(0), together: new Int32Array(0) };
  return { totalBaskets: 0, idOf: Object.create(null) as Record<string, number>, productIds: [], productBaskets: [], built, changed: [] };
}

/**
 * Counts a list of baskets (each a list of product ids; repeats within a basket count once).
 * Every basket counts in totalBaskets, even one with a single product, which just has no pairs.
 * `chunkIds` is how many ids are read before their pairs are counted (tests make it tiny).
 */
export function buildCoPurchaseCounts(baskets: Iterable<readonly string[]>, chunkIds = CHUNK_IDS): CoPurchaseCounts {
  const read = emptyCoPurchaseCounts();
  const chunk = new BasketChunk(chunkIds);
  let pairs = new PairsAbove();
  let spare = new PairsAbove(); // the two lists take turns as input and output, so chunks allocate nothing
  for (const basket of baskets) {
    if (!chunk.hasRoomFor(basket.length)) {
      if (chunk.length > 0) [pairs, spare] = [addChunkPairs(read.productIds.length, chunk, pairs, spare), pairs];
      chunk.clear(basket.length);
    }
    chunk.read(read, basket);
  }
  pairs = addChunkPairs(read.productIds.length, chunk, pairs, spare);
  return { ...read, built: bothWays(pairs) };
}

/**
 * Adds (sign 1) or removes (sign -1) one basket. Removing reverses adding exactly. Counts never go
 * negative: removing a basket whose products or pairs are not all counted throws and changes
 * nothing. (The totals cannot tell which baskets were added, so removing a basket that was never
 * added but whose products and pairs all have counts is not detected.)
 */
export function addBasket(counts: CoPurchaseCounts, items: readonly string[], sign: 1 | -1): void {
  const distinct = [...new Set(items)];
  if (sign === -1) {
    const ids = distinct.map((productId) => counts.idOf[productId]);
    const missing =
      counts.totalBaskets < 1 ||
      ids.some((id) => id === undefined || counts.productBaskets[id] < 1) ||
      pairsOf(ids as number[]).some(([a, b]) => pairCount(counts, a, b) < 1);
    if (missing) throw new RangeError(`Cannot remove a basket that was never added: ${distinct.join(", ")}`);
  }
  const ids = distinct.map((productId) => internProduct(counts, productId));
  counts.totalBaskets += sign;
  for (const id of ids) counts.productBaskets[id] += sign;
  for (const [a, b] of pairsOf(ids)) {
    changedTable(counts, a).add(b, sign);
    changedTable(counts, b).add(a, sign);
  }
}

/** Baskets containing both products (0 when either is unknown). */
export function basketsWithBoth(counts: CoPurchaseCounts, productA: string, productB: string): number {
  const a = counts.idOf[productA];
  const b = counts.idOf[productB];
  return a === undefined || b === undefined || a === b ? 0 : pairCount(counts, a, b);
}

/** What the statistics say about one product, in the shape the scorers take. */
export function neighbourhood(counts: CoPurchaseCounts, productId: string): ProductNeighbourhood {
  const id = counts.idOf[productId];
  const result: ProductNeighbourhood = { productId, totalBaskets: counts.totalBaskets, productBaskets: 0, partners: [] };
  if (id === undefined) return result;
  result.productBaskets = counts.productBaskets[id];
  forEachPartner(counts, id, (partner, together) =>
    result.partners.push({ productId: counts.productIds[partner], together, partnerBaskets: counts.productBaskets[partner] }),
  );
  return result;
}

/** The k products in most baskets (ties by product id), skipping `exclude`: the popularity baseline. */
export function topPopular(counts: CoPurchaseCounts, k: number, exclude: ReadonlySet<string> = new Set()): PopularProduct[] {
  const ranked: PopularProduct[] = [];
  counts.productIds.forEach((productId, id) => {
    const baskets = counts.productBaskets[id];
    if (baskets > 0 && !exclude.has(productId)) ranked.push({ productId, baskets });
  });
  ranked.sort((x, y) => y.baskets - x.baskets || (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0));
  return ranked.slice(0, k);
}

function internProduct(counts: CoPurchaseCounts, productId: string): number {
  let id = counts.idOf[productId];
  if (id === undefined) {
    id = counts.productIds.length;
    counts.idOf[productId] = id;
    counts.productIds.push(productId);
    counts.productBaskets.push(0);
    counts.changed.push(undefined);
  }
  return id;
}

function forEachPartner(counts: CoPurchaseCounts, a: number, visit: (partner: number, together: number) => void): void {
  const table = counts.changed[a];
  if (table) return table.forEach(visit);
  const { from, partners, together } = counts.built;
  if (a + 1 < from.length) for (let i = from[a]; i < from[a + 1]; i++) visit(partners[i], together[i]);
}

function pairCount(counts: CoPurchaseCounts, a: number, b: number): number {
  const table = counts.changed[a];
  if (table) return table.get(b);
  let count = 0;
  forEachPartner(counts, a, (partner, together) => {
    if (partner === b) count = together;
  });
  return count;
}

/** The product's table, made from its built list the first time it changes. */
function changedTable(counts: CoPurchaseCounts, a: number): PartnerCounts {
  let table = counts.changed[a];
  if (!table) {
    const { from } = counts.built;
    table = new PartnerCounts(a + 1 < from.length ? from[a + 1] - from[a] : 0);
    const fill = table;
    forEachPartner(counts, a, (partner, together) => fill.insert(partner, together));
    counts.changed[a] = table;
  }
  return table;
}

function pairsOf(ids: readonly number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i], ids[j]]);
  return pairs;
}

function grown(array: Int32Array, atLeast: number) {
  const bigger = new Int32Array(Math.max(atLeast, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** Ids per chunk (8 MB): few enough that counting a chunk mostly hits the CPU caches, enough that merging chunks is rare (best of 0.5M-8M measured). */
const CHUNK_IDS = 1 << 21;
const END = -1;

/** Baskets with two or more products, as ascending ids each followed by END, in one array. */
class BasketChunk {
  ids: Int32Array;
  length = 0;
  /** Scratch for addChunkPairs: where each id occurs, grouped by id. Kept to spare an allocation per chunk. */
  positions: Int32Array;
  private lastSeenIn = new Int32Array(1024); // basket number in which each id was last seen: dedupes without a Set

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  hasRoomFor(basketSize: number): boolean {
    return this.length + basketSize + 1 <= this.ids.length;
  }

  /** Empties the chunk, growing it if the next basket alone would not fit. */
  clear(nextBasketSize: number): void {
    this.length = 0;
    if (this.hasRoomFor(nextBasketSize)) return;
    this.ids = new Int32Array(nextBasketSize + 1);
    this.positions = new Int32Array(nextBasketSize + 1);
  }

  /** Counts the basket and its products, and keeps it if it has a pair. */
  read(counts: CoPurchaseCounts, basket: readonly string[]): void {
    const basketNumber = ++counts.totalBaskets;
    const ids = this.ids;
    const start = this.length;
    let end = start;
    for (let i = 0; i < basket.length; i++) {
      const id = internProduct(counts, basket[i]);
      if (id >= this.lastSeenIn.length) this.lastSeenIn = grown(this.lastSeenIn, id + 1);
      if (this.lastSeenIn[id] === basketNumber) continue;
      this.lastSeenIn[id] = basketNumber;
      counts.productBaskets[id]++;
      // Insertion sort: baskets are short.
      let at = end++;
      while (at > start && ids[at - 1] > id) ids[at] = ids[--at];
      ids[at] = id;
    }
    if (end - start >= 2) {
      ids[end++] = END;
      this.length = end;
    }
  }
}

/**
 * Pair counts with each pair under its smaller id: product a's partners (all larger than a) are
 * partners[from[a]] to partners[from[a + 1] - 1], with their counts in `together`.
 */
class PairsAbove {
  products = 0;
  size = 0;
  from = new Int32Array(1);
  partners = new Int32Array(0);
  together = new Int32Array(0);

  clear(productCount: number): void {
    if (this.from.length < productCount + 1) this.from = new Int32Array(productCount + 1 + (productCount >> 1));
    this.products = productCount;
    this.size = 0;
  }

  makeRoomFor(extra: number): void {
    if (this.size + extra <= this.partners.length) return;
    const capacity = Math.max(this.size + extra, this.partners.length * 2, 1 << 20);
    this.partners = grown(this.partners, capacity);
    this.together = grown(this.together, capacity);
  }
}

/**
 * Adds a chunk's pairs to `previous`, writing the sum into `output`. Rather than a hash update for
 * each pair of each basket, products are taken one at a time: a's previous counts go into a dense
 * array indexed by partner, every chunk basket holding a adds 1 for each larger id after it, and
 * a's totals are written out in one go. The dense array and the chunk stay in the CPU caches, and
 * the pair lists are read and written in order; a hash table per pair update would miss the cache
 * at almost every step.
 */
function addChunkPairs(productCount: number, chunk: BasketChunk, previous: PairsAbove, output: PairsAbove): PairsAbove {
  const ids = chunk.ids;
  // Where each id occurs in the chunk, grouped by id (a counting sort).
  const firstPosition = new Int32Array(productCount + 1);
  for (let i = 0; i < chunk.length; i++) if (ids[i] !== END) firstPosition[ids[i] + 1]++;
  for (let id = 0; id < productCount; id++) firstPosition[id + 1] += firstPosition[id];
  const positions = chunk.positions;
  const nextPosition = firstPosition.slice(0, productCount);
  for (let i = 0; i < chunk.length; i++) if (ids[i] !== END) positions[nextPosition[ids[i]]++] = i;

  output.clear(productCount);
  const dense = new Int32Array(productCount);
  const seen = new Int32Array(productCount);
  for (let a = 0; a < productCount; a++) {
    output.from[a] = output.size;
    let seenCount = 0;
    if (a < previous.products) {
      for (let i = previous.from[a]; i < previous.from[a + 1]; i++) {
        dense[previous.partners[i]] = previous.together[i];
        seen[seenCount++] = previous.partners[i];
      }
    }
    for (let p = firstPosition[a]; p < firstPosition[a + 1]; p++) {
      for (let i = positions[p] + 1; ; i++) {
        const b = ids[i];
        if (b === END) break;
        const before = dense[b]++;
        seen[seenCount] = b; // kept only when b is new: cheaper than a branch that mispredicts
        seenCount += before === 0 ? 1 : 0;
      }
    }
    output.makeRoomFor(seenCount);
    const { partners, together } = output;
    for (let j = 0; j < seenCount; j++) {
      const b = seen[j];
      partners[output.size] = b;
      together[output.size++] = dense[b];
      dense[b] = 0;
    }
  }
  output.from[productCount] = output.size;
  return output;
}

/**
 * Chunks count each pair once, under its smaller id; a product's list must hold all its partners.
 * Each pair is written twice, in the order of the lists, found with a counting sort by product.
 */
function bothWays(above: PairsAbove): PairLists {
  const productCount = above.products;
  const from = new Int32Array(productCount + 1);
  for (let a = 0; a < productCount; a++) {
    from[a + 1] += above.from[a + 1] - above.from[a];
    for (let i = above.from[a]; i < above.from[a + 1]; i++) from[above.partners[i] + 1]++;
  }
  for (let a = 0; a < productCount; a++) from[a + 1] += from[a];
  const partners = new Int32Array(from[productCount]);
  const together = new Int32Array(from[productCount]);
  const next = from.slice(0, productCount);
  for (let a = 0; a < productCount; a++) {
    for (let i = above.from[a]; i < above.from[a + 1]; i++) {
      const b = above.partners[i];
      partners[next[a]] = b;
      together[next[a]++] = above.together[i];
      partners[next[b]] = a;
      together[next[b]++] = above.together[i];
    }
  }
  return { from, partners, together };
}

/**
 * Partner id -> baskets with both, for one product: linear probing over one Int32Array holding
 * [partner + 1, count] per slot (0 marks an empty slot). Entries at count 0 are deleted.
 */
export class PartnerCounts {
  private slots: Int32Array;
  private shift: number; // 32 - log2(capacity), for Fibonacci hashing
  size = 0;

  constructor(expectedSize: number) {
    const capacity = capacityFor(expectedSize);
    this.slots = new Int32Array(capacity * 2);
    this.shift = 32 - Math.log2(capacity);
  }

  get(partner: number): number {
    const slot = this.find(partner);
    return slot < 0 ? 0 : this.slots[slot * 2 + 1];
  }

  /** Adds delta to a partner's count and returns the new count; throws rather than go negative. */
  add(partner: number, delta: number): number {
    const slot = this.find(partner);
    const count = (slot < 0 ? 0 : this.slots[slot * 2 + 1]) + delta;
    if (count < 0) throw new RangeError(`Pair count would go negative for partner ${partner}`);
    if (slot < 0) {
      if (count > 0) this.insert(partner, count);
    } else if (count === 0) this.delete(slot);
    else this.slots[slot * 2 + 1] = count;
    return count;
  }

  forEach(visit: (partner: number, count: number) => void): void {
    const slots = this.slots;
    for (let s = 0; s < slots.length; s += 2) if (slots[s] !== 0) visit(slots[s] - 1, slots[s + 1]);
  }

  /** Adds a partner that is not in the table. */
  insert(partner: number, count: number): void {
    if ((this.size + 1) * 4 > (this.slots.length / 2) * 3) this.rehash(this.slots.length);
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let slot = Math.imul(partner + 1, 0x9e3779b1) >>> this.shift;
    while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
    slots[slot * 2] = partner + 1;
    slots[slot * 2 + 1] = count;
    this.size++;
  }

  private find(partner: number): number {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    const key = partner + 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      if (slots[slot * 2] === key) return slot;
      if (slots[slot * 2] === 0) return -1;
    }
  }

  /** Backward-shift deletion: no tombstones, so lookups stay short after removals. */
  private delete(slot: number): void {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let hole = slot;
    for (let next = (slot + 1) & mask; slots[next * 2] !== 0; next = (next + 1) & mask) {
      const home = Math.imul(slots[next * 2], 0x9e3779b1) >>> this.shift;
      // The entry may move into the hole only if its home slot is not between the hole and it.
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole * 2] = slots[next * 2];
        slots[hole * 2 + 1] = slots[next * 2 + 1];
        hole = next;
      }
    }
    slots[hole * 2] = 0;
    slots[hole * 2 + 1] = 0;
    this.size--;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * 2);
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.insert(old[s] - 1, old[s + 1]);
  }
}

/** Smallest power of two, at least 8, that keeps a table at most 3/4 full. */
function capacityFor(size: number): number {
  let capacity = 8;
  while (capacity * 3 < size * 4) capacity *= 2;
  return capacity;
}
