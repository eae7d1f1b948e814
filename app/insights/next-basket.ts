/**
 * "What will this customer buy next": a TIFU-KNN-style engine (Hu et al., "Modeling Personalized
 * Item Frequency Information for Next-basket Recommendation", SIGIR 2020) and the usual baselines,
 * with the next-basket metrics. Pure: histories are time-ordered lists of baskets of item ids.
 */

export type Basket = string[];
export type Histories = Record<string, Basket[]>;
type Vector = Map<string, number>;

export interface TifuParams {
  /** Baskets per group (m). */
  groupSize: number;
  /** Decay between baskets inside a group (r_b): the newest counts 1, the one before r_b, ... */
  withinDecay: number;
  /** Decay between groups (r_g), newest group 1. */
  groupDecay: number;
  /** Nearest customers by cosine (k). */
  neighbours: number;
  /** Weight of the customer's own vector; the neighbours' mean gets 1 - alpha. */
  alpha: number;
}

/** The paper's Dunnhumby-like defaults; eval:nextbasket tunes around them on a validation split. */
export const DEFAULT_TIFU: TifuParams = { groupSize: 7, withinDecay: 0.9, groupDecay: 0.7, neighbours: 300, alpha: 0.7 };

/** Best first; equal scores by item id so every ranking is deterministic. */
function topItems(scores: Vector, k: number, exclude?: Set<string>): string[] {
  return [...scores.entries()]
    .filter(([item, score]) => score > 0 && !exclude?.has(item))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, k)
    .map(([item]) => item);
}

/** Items by the number of baskets (all customers) containing them. */
export function popularity(histories: Histories): string[] {
  const counts: Vector = new Map();
  for (const baskets of Object.values(histories)) {
    for (const basket of baskets) for (const item of new Set(basket)) counts.set(item, (counts.get(item) ?? 0) + 1);
  }
  return topItems(counts, counts.size);
}

/** The customer's items by how many of their baskets hold them; ties: bought more recently first. */
export function personalTopFreq(baskets: Basket[], k: number): string[] {
  const counts: Vector = new Map();
  baskets.forEach((basket, index) => {
    for (const item of new Set(basket)) counts.set(item, (counts.get(item) ?? 0) + 1 + index * 1e-6);
  });
  return topItems(counts, k);
}

/** `ranked` topped up to k with popular items it does not already hold. */
export function fillWithPopular(ranked: string[], popular: string[], k: number): string[] {
  const out = ranked.slice(0, k);
  const seen = new Set(out);
  for (const item of popular) {
    if (out.length >= k) break;
    if (!seen.has(item)) out.push(item);
  }
  return out;
}

/** The customer's time-decayed item-frequency vector: groups of baskets, decayed inside and between. */
export function tifuVector(baskets: Basket[], params: Pick<TifuParams, "groupSize" | "withinDecay" | "groupDecay">): Vector {
  const vector: Vector = new Map();
  if (baskets.length === 0) return vector;
  // Groups are cut from the newest basket backwards, so the newest group is always full.
  const groups: Basket[][] = [];
  for (let end = baskets.length; end > 0; end -= params.groupSize) groups.unshift(baskets.slice(Math.max(0, end - params.groupSize), end));
  const groupCount = groups.length;
  groups.forEach((group, g) => {
    const groupWeight = Math.pow(params.groupDecay, groupCount - 1 - g) / groupCount;
    group.forEach((basket, j) => {
      const weight = (groupWeight * Math.pow(params.withinDecay, group.length - 1 - j)) / group.length;
      for (const item of new Set(basket)) vector.set(item, (vector.get(item) ?? 0) + weight);
    });
  });
  return vector;
}

interface SparseVector {
  items: Int32Array;
  weights: Float64Array;
}

export interface TifuModel {
  customers: string[];
  /** Item ids by index; vectors refer to items by index so scoring runs on typed arrays. */
  items: string[];
  vectors: SparseVector[];
  /** For each customer, other customers by cosine similarity, best first (at most maxNeighbours). */
  neighbours: number[][];
  /** Scratch scores, one per item, zero between calls. */
  scratch: Float64Array;
}

/** Vectors and nearest neighbours of every customer (an inverted index keeps it to shared items). */
export function buildTifuModel(histories: Histories, params: Pick<TifuParams, "groupSize" | "withinDecay" | "groupDecay">, maxNeighbours: number): TifuModel {
  const customers = Object.keys(histories).sort();
  const itemIndex = new Map<string, number>();
  const items: string[] = [];
  const vectors = customers.map((c) => {
    const entries = [...tifuVector(histories[c], params).entries()];
    const vector = { items: new Int32Array(entries.length), weights: new Float64Array(entries.length) };
    entries.forEach(([item, w], n) => {
      let index = itemIndex.get(item);
      if (index === undefined) {
        index = items.length;
        items.push(item);
        itemIndex.set(item, index);
      }
      vector.items[n] = index;
      vector.weights[n] = w;
    });
    return vector;
  });
  const norms = vectors.map((v) => Math.sqrt(v.weights.reduce((s, x) => s + x * x, 0)));
  const postings: [number, number][][] = items.map(() => []);
  vectors.forEach((v, i) => v.items.forEach((item, n) => postings[item].push([i, v.weights[n]])));
  const dots = new Float64Array(customers.length);
  const neighbours = vectors.map((v, i) => {
    const touched: number[] = [];
    v.items.forEach((item, n) => {
      const w = v.weights[n];
      for (const [j, wj] of postings[item]) {
        if (j === i) continue;
        if (dots[j] === 0) touched.push(j);
        dots[j] += w * wj;
      }
    });
    const ranked = touched
      .map((j) => [j, dots[j] / (norms[i] * norms[j])] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, maxNeighbours)
      .map(([j]) => j);
    for (const j of touched) dots[j] = 0;
    return ranked;
  });
  return { customers, items, vectors, neighbours, scratch: new Float64Array(items.length) };
}

/** alpha × own vector + (1 − alpha) × mean of the k nearest customers' vectors, best first, topped up with popular items. */
export function tifuRecommend(model: TifuModel, customerIndex: number, params: Pick<TifuParams, "neighbours" | "alpha">, popular: string[], k: number): string[] {
  const scores = model.scratch;
  const touched: number[] = [];
  const add = (v: SparseVector, share: number) => {
    for (let n = 0; n < v.items.length; n++) {
      const item = v.items[n];
      if (scores[item] === 0) touched.push(item);
      scores[item] += share * v.weights[n];
    }
  };
  add(model.vectors[customerIndex], params.alpha);
  const nearest = model.neighbours[customerIndex].slice(0, params.neighbours);
  for (const j of nearest) add(model.vectors[j], (1 - params.alpha) / nearest.length);
  // Top k by insertion (k is small): best score first, equal scores by item id as in topItems.
  const best: { item: string; score: number }[] = [];
  const before = (a: { item: string; score: number }, b: { item: string; score: number }) => a.score > b.score || (a.score === b.score && a.item < b.item);
  for (const index of touched) {
    const entry = { item: model.items[index], score: scores[index] };
    scores[index] = 0;
    if (best.length === k && !before(entry, best[k - 1])) continue;
    let at = best.length;
    while (at > 0 && before(entry, best[at - 1])) at--;
    best.splice(at, 0, entry);
    if (best.length > k) best.pop();
  }
  return fillWithPopular(
    best.map((entry) => entry.item),
    popular,
    k,
  );
}

export interface NextBasketScores {
  customers: number;
  recall: number;
  ndcg: number;
  hitRate: number;
}

/** Recall@k, NDCG@k (binary relevance) and HitRate@k of one ranking against the next basket. */
export function scoreRanking(ranked: string[], next: Basket, k: number): { recall: number; ndcg: number; hit: number } {
  const truth = new Set(next);
  if (truth.size === 0) return { recall: 0, ndcg: 0, hit: 0 };
  let hits = 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((item, i) => {
    if (truth.has(item)) {
      hits++;
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(truth.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return { recall: hits / truth.size, ndcg: dcg / idcg, hit: hits > 0 ? 1 : 0 };
}

/** Averages over the customers that have both a history and a non-empty next basket. */
export function evaluate(recommend: (customerId: string) => string[], histories: Histories, future: Record<string, Basket>, k: number): NextBasketScores {
  let customers = 0;
  let recall = 0;
  let ndcg = 0;
  let hitRate = 0;
  for (const [customerId, next] of Object.entries(future)) {
    if (!histories[customerId]?.length || next.length === 0) continue;
    const score = scoreRanking(recommend(customerId), next, k);
    customers++;
    recall += score.recall;
    ndcg += score.ndcg;
    hitRate += score.hit;
  }
  return customers === 0 ? { customers, recall: 0, ndcg: 0, hitRate: 0 } : { customers, recall: recall / customers, ndcg: ndcg / customers, hitRate: hitRate / customers };
}

/** Validation split carved from the history alone: each customer's last history basket is the target. */
export function validationSplit(histories: Histories): { history: Histories; future: Record<string, Basket> } {
  const history: Histories = {};
  const future: Record<string, Basket> = {};
  for (const [customerId, baskets] of Object.entries(histories)) {
    if (baskets.length >= 2) {
      history[customerId] = baskets.slice(0, -1);
      future[customerId] = baskets[baskets.length - 1];
    } else history[customerId] = baskets;
  }
  return { history, future };
}
