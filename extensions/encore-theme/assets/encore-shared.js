// Encore storefront helpers shared by Encore's blocks (window.EncoreShared; both the product-page
// and the cart block include it, deferred): the visitor id (localStorage encore_visitor), the
// holdout bucket (FNV-1a 32-bit, the same as app/cross-sell/analytics.ts), events batched to
// /apps/encore/events with navigator.sendBeacon, the visitor's group stored once per cart (cart
// attribute _encore_group), money, loading products and the bundle offer maths. Never throws,
// never logs: analytics must not break a storefront.
(() => {
  if (window.EncoreShared) return;
  const TIMEOUT = 3000; // ms per request
  const KEY = "encore_visitor";
  const CART_KEY = "encore_cart_group";

  const hash = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h >>> 0;
  };

  const local = (key, value) => {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (_) {
      // storage blocked (private mode, cookie settings): the id lives for this page only
    }
    return value;
  };

  let id;
  const visitor = () => {
    if (!id) id = local(KEY);
    if (!/^[\w-]{8,64}$/.test(id || "")) id = local(KEY, Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36).padStart(7, "0")).join(""));
    return id;
  };

  const groupOf = (percent) => (hash(visitor()) % 100 < (+percent || 0) ? "holdout" : "shown");

  let queue = [];
  let timer = 0;
  // Sends what is queued: one beacon per endpoint and group, at most 50 events each.
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    const batches = {};
    for (const q of queue.splice(0)) (batches[q.url + " " + q.group] = batches[q.url + " " + q.group] || { url: q.url, group: q.group, events: [] }).events.push(q.event);
    for (const { url, group: g, events } of Object.values(batches)) {
      for (let i = 0; i < events.length; i += 50) {
        const body = JSON.stringify({ visitor: visitor(), group: g, events: events.slice(i, i + 50) });
        try {
          if (!navigator.sendBeacon(url, body)) fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin" }).catch(() => {});
        } catch (_) {
          // no beacon support: the event is lost, the page is unaffected
        }
      }
    }
  };

  // Queues an event for the proxy (e.g. "/apps/encore"); sent within a second or when the page hides.
  const track = (proxy, g, event) => {
    queue.push({ url: proxy + "/events", group: g, event });
    timer = timer || setTimeout(flush, 1000);
  };
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState == "hidden" && flush());

  const slash = (root) => String(root || "/").replace(/\/?$/, "/");
  const cartToken = () => (/(?:^|;\s*)cart=([^;]*)/.exec(document.cookie) || [])[1] || "";
  let tagging;
  // Stores the group on the cart once per cart (a new cart after checkout gets it again). Resolves
  // when done; never rejects.
  const tagCart = (root, g) =>
    (tagging =
      tagging ||
      (cartToken() && local(CART_KEY) == cartToken() + " " + g
        ? Promise.resolve()
        : fetch(slash(root) + "cart/update.js", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ attributes: { _encore_group: g } }),
          })
            .then((r) => r.ok && cartToken() && local(CART_KEY, cartToken() + " " + g))
            .catch(() => {})));

  // The bundle offer (contract 2) for a selection: null without one; else whether it applies
  // (the anchor and at least minComplements suggestions ticked), how many more it needs, and the
  // saving on `cents` (the selection's total).
  const bundleOffer = (bundle, anchorChecked, complements, cents) => {
    const min = bundle && Math.max(1, +bundle.minComplements || 1);
    const off =
      bundle && bundle.kind == "percentage" ? Math.round((cents * Math.min(100, +bundle.percentage || 0)) / 100) : bundle && bundle.kind == "fixed" ? Math.min(cents, +bundle.amountCents || 0) : 0;
    if (!min || !(bundle.percentage > 0 || bundle.amountCents > 0)) return null;
    return { applies: anchorChecked && complements >= min && off > 0, more: Math.max(1, min - complements), off };
  };

  // Money format placeholders: [decimals, thousands separator, decimal separator].
  const AMOUNTS = { amount: [2, ",", "."], amount_no_decimals: [0, ",", "."], amount_with_comma_separator: [2, ".", ","], amount_no_decimals_with_comma_separator: [0, ".", ","] };

  // Shopify's formatMoney (HTML dropped).
  const formatMoney = (cents, format) =>
    String(format || "${{amount}}")
      .replace(/<[^>]*>/g, "")
      .replace(/\{\{\s*(\w+)\s*\}\}/, (_, name) => {
        const [decimals, thousands, point] = AMOUNTS[name] || AMOUNTS.amount;
        const [whole, fraction] = ((+cents || 0) / 100).toFixed(decimals).split(".");
        return whole.replace(/(\d)(?=(\d{3})+(?!\d))/g, "$1" + thousands) + (fraction ? point + fraction : "");
      });

  // Handles from the proxy's answer: strings, unique, never an excluded product (the anchor, or
  // the cart's products: an id or a list of ids), at most `limit`.
  const handles = (body, exclude, limit) => {
    const out = [];
    const skip = [].concat(exclude).map(String);
    for (const item of (body && Array.isArray(body.items) && body.items) || []) {
      const h = item && item.handle;
      if (typeof h == "string" && h && !out.includes(h) && !skip.includes(String(item.productId)) && out.length < limit) out.push(h);
    }
    return out;
  };

  // Worth suggesting: loaded, titled, with a variant that can be bought.
  const usable = (p) => !!(p && p.title && Array.isArray(p.variants) && p.variants.some((v) => v && v.available));

  // GET JSON; rejects on HTTP error, bad JSON, network failure or timeout.
  const getJson = (url) => {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), TIMEOUT);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctl.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject()))
      .finally(() => clearTimeout(timer));
  };

  // A product's JSON from the storefront (/products/<handle>.js under the locale's root).
  const product = (root, handle) => getJson(`${slash(root)}products/${encodeURIComponent(handle)}.js`);

  // {group, items: [{product, source}], bundle, products}: the holdout loads no products. Never
  // rejects (a failure means no products).
  const load = (c) =>
    getJson(`${c.proxy}/recommendations?product_id=${encodeURIComponent(c.productId)}&limit=${encodeURIComponent(c.limit)}`)
      .then((body) => {
          const hs = handles(body, c.productId, c.limit);
          const items = hs.map((h) => body.items.find((i) => i && i.handle == h)).map((i) => ({ product: String(i.productId), source: i.source }));
          const group = groupOf(body.holdoutPercent);
          const out = { group, items, bundle: body.bundle, products: [] };
          return group == "holdout"
            ? out
            : Promise.all(hs.map((h) => product(c.root, h).catch(() => null))).then((ps) => {
                out.products = ps.map((p, i) => p && ((p.source = items[i].source), p)).filter(usable);
                return out;
              });
      })
      .catch(() => ({ products: [] }));

  // An element with attributes (true = bare, false/null = absent) and children.
  const el = (tag, attrs, kids = []) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== false && v != null) node.setAttribute(k, v === true ? "" : v);
    node.append(...kids);
    return node;
  };

  window.EncoreShared = { hash, visitor, group: groupOf, track, flush, tagCart, bundleOffer, formatMoney, handles, usable, getJson, product, load, el };
})();
