// Encore storefront helpers shared by Encore's blocks (window.EncoreShared; both the product-page
// and the cart block include it, deferred): the visitor id (localStorage encore_visitor), the
// holdout bucket (FNV-1a 32-bit, the same as app/cross-sell/analytics.ts), events queued for
// /apps/encore/events and the visitor's group for the cart (both sent by encore-shared-send.js, loaded
// later), money, loading products and the bundle offer maths. Never throws,
// never logs: analytics must not break a storefront.
(() => {
  if (window.EncoreShared) return;
  const TIMEOUT = 3000; // ms per request
  const KEY = "encore_visitor";

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

  // Sending (one beacon per endpoint and group) and tagging the cart are not needed to paint the
  // block: they live in encore-shared-send.js (window.EncoreSend, beside this file), fetched the
  // first time an event is queued or the cart is tagged, i.e. once the block is in view or used.
  const me = document.currentScript;
  const sendUrl = me && me.src ? me.src.replace("encore-shared.js", "encore-shared-send.js") : "";
  const scripts = {};
  // Runs a script once per URL; resolves when it ran, failed, or after 3 s; never rejects.
  const script = (url) =>
    (scripts[url] =
      scripts[url] ||
      new Promise((done) => {
        const tag = document.createElement("script");
        tag.src = url;
        tag.onload = tag.onerror = done;
        setTimeout(done, 3000);
        document.head.append(tag);
      }).catch(() => {}));
  // Resolves to window.EncoreSend, or undefined if it could not load; never rejects.
  const sender = () => (window.EncoreSend || !sendUrl ? Promise.resolve() : script(sendUrl)).then(() => window.EncoreSend);

  const queue = [];
  let timer = 0;
  // Sends what is queued (or, before encore-shared-send.js is there, as soon as it is).
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    if (window.EncoreSend) window.EncoreSend.flush(queue.splice(0), visitor());
    else if (queue.length) sender().then((S) => S && flush());
  };

  // Queues an event for the proxy (e.g. "/apps/encore"); sent within a second or when the page hides.
  const track = (proxy, g, event) => {
    queue.push({ url: proxy + "/events", group: g, event });
    sender();
    timer = timer || setTimeout(flush, 1000);
  };
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState == "hidden" && flush());

  const slash = (root) => String(root || "/").replace(/\/?$/, "/");
  // Stores the group on the cart once per cart (encore-shared-send.js). Resolves when done; never rejects.
  const tagCart = (root, g) => sender().then((S) => S && S.tagCart(slash(root), g));

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

  window.EncoreShared = { local, script, hash, visitor, group: groupOf, track, flush, tagCart, bundleOffer, formatMoney, handles, usable, getJson, product, load, el };
})();
