// Encore "Frequently bought together": see blocks/frequently-bought-together.liquid. Terse on
// purpose (theme-check caps the raw file at 10,000 bytes); pure parts are on window.EncoreFbt.
(() => {
  const TIMEOUT = 3000; // ms per request
  const IMG = 160;
  const P = "encore-fbt__"; // class prefix
  // Money format placeholders: [decimals, thousands separator, decimal separator].
  const AMOUNTS = { amount: [2, ",", "."], amount_no_decimals: [0, ",", "."], amount_with_comma_separator: [2, ".", ","], amount_no_decimals_with_comma_separator: [0, ".", ","] };

  // Shopify's formatMoney; HTML in the format is dropped.
  const formatMoney = (cents, format) =>
    String(format || "${{amount}}")
      .replace(/<[^>]*>/g, "")
      .replace(/\{\{\s*(\w+)\s*\}\}/, (_, name) => {
        const [decimals, thousands, point] = AMOUNTS[name] || AMOUNTS.amount;
        const [whole, fraction] = ((+cents || 0) / 100).toFixed(decimals).split(".");
        return whole.replace(/(\d)(?=(\d{3})+(?!\d))/g, "$1" + thousands) + (fraction ? point + fraction : "");
      });

  // /cart/add.js body. Suggestions carry Encore's attribution; the anchor (the product on the
  // page) goes in plain, so it merges with a line the theme's own form added.
  const cartPayload = (lines, anchorId) => ({
    items: lines
      .filter((l) => l.checked)
      .map((l) => ({ id: l.variantId, quantity: 1, ...(!l.anchor && { properties: { _encore_source: "fbt", _encore_anchor: String(anchorId) } }) })),
  });

  // Handles from the proxy's answer: strings, unique, never the anchor, at most `limit`.
  const handles = (body, anchorId, limit) => {
    const out = [];
    for (const item of (body && Array.isArray(body.items) && body.items) || []) {
      const h = item && item.handle;
      if (typeof h == "string" && h && !out.includes(h) && String(item.productId) != String(anchorId) && out.length < limit) out.push(h);
    }
    return out;
  };

  // Worth suggesting: loaded, titled, with a variant that can be bought.
  const usable = (p) => !!(p && p.title && Array.isArray(p.variants) && p.variants.some((v) => v && v.available));

  // Each reserved row once `found` products are known: "item"; unused rows are "remove"d only while
  // the block is below the viewport, else keep their space as "note" (first, none found) or "vacant".
  const slotPlan = (found, slots, collapse) =>
    Array.from({ length: slots }, (_, i) => (i < found ? "item" : collapse ? "remove" : !found && !i ? "note" : "vacant"));

  const slash = (root) => String(root || "/").replace(/\/?$/, "/");

  // GET JSON; rejects on HTTP error, bad JSON, network failure or timeout.
  const getJson = (url) => {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), TIMEOUT);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: ctl.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject()))
      .finally(() => clearTimeout(timer));
  };

  // The products to suggest; never rejects (a failure means none).
  const load = (c) =>
    getJson(`${c.proxy}/recommendations?product_id=${encodeURIComponent(c.productId)}&limit=${encodeURIComponent(c.limit)}`)
      .then((body) => Promise.all(handles(body, c.productId, c.limit).map((h) => getJson(`${slash(c.root)}products/${encodeURIComponent(h)}.js`).catch(() => null))))
      .then((products) => products.filter(usable))
      .catch(() => []);

  const el = (tag, attrs, kids = []) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== false && v != null) node.setAttribute(k, v === true ? "" : v);
    node.append(...kids);
    return node;
  };

  function setup(root) {
    if (root.hasAttribute("data-encore-fbt-ready")) return;
    root.setAttribute("data-encore-fbt-ready", "");
    const $ = (name, from = root) => from.querySelector(`[data-encore-fbt-${name}]`);
    const [total, button, status] = ["total", "add", "status"].map((n) => $(n));
    let c = {};
    let busy = false;
    try {
      c = JSON.parse($("config").textContent);
    } catch (_) {
      // no config: empty state
    }
    const s = c.strings || {};
    const money = (cents) => formatMoney(cents, c.moneyFormat);

    function row(p, i) {
      const id = `${root.id}-${i + 1}`;
      const vs = p.variants.filter(Boolean);
      const first = vs.find((v) => v.available);
      const info = [el("a", { class: P + "title", href: p.url }, [p.title])];
      if (vs.length > 1) {
        const options = vs.map((v) =>
          el("option", { value: v.id, "data-cents": v.price, selected: v == first, disabled: !v.available }, [
            v.title + (c.showPrices ? " – " + money(v.price) : "") + (v.available ? "" : " – " + s.soldOut),
          ]),
        );
        info.push(el("label", { class: P + "sr", for: id + "-variant" }, [String(s.variantLabel).replace("[title]", p.title)]));
        info.push(el("select", { class: P + "variant", id: id + "-variant", "data-encore-fbt-variant": true }, options));
      }
      const src = p.featured_image;
      const image = src
        ? el("img", { class: P + "image", src: `${src}${src.includes("?") ? "&" : "?"}width=${IMG}`, alt: "", width: IMG, height: IMG, loading: "lazy" })
        : el("span", { class: P + "image" });
      return el("li", { class: P + "item", "data-encore-fbt-item": true, "data-product-id": p.id }, [
        el("input", { type: "checkbox", class: P + "check", id, value: first.id, "data-cents": first.price, "data-encore-fbt-check": true, checked: true }),
        el("label", { class: P + "media", for: id }, [image, el("span", { class: P + "sr" }, [p.title])]),
        el("span", { class: P + "info" }, info),
        ...(c.showPrices ? [el("span", { class: P + "price", "data-encore-fbt-price": true })] : []),
      ]);
    }

    const lines = () =>
      Array.from(root.querySelectorAll("[data-encore-fbt-item]"), (item) => {
        const check = $("check", item);
        const select = $("variant", item);
        const chosen = select ? select.options[select.selectedIndex] : check;
        return { item, checked: check.checked && !check.disabled, variantId: +chosen.value, price: +chosen.dataset.cents || 0, anchor: item.hasAttribute("data-encore-fbt-anchor") };
      });

    function update() {
      let sum = 0;
      let any = false;
      for (const l of lines()) {
        const price = $("price", l.item);
        if (price) price.textContent = money(l.price);
        if (l.checked) {
          sum += l.price;
          any = true;
        }
      }
      total.textContent = money(sum);
      button.disabled = busy || !any;
    }

    const say = (message, ok) => {
      status.textContent = message || "";
      status.className = `${P}status ${P}status--${ok ? "ok" : "error"}`;
    };

    function add() {
      busy = button.disabled = true;
      button.setAttribute("aria-busy", "true");
      say("", 1);
      const headers = { "Content-Type": "application/json", Accept: "application/json" };
      fetch(c.cartAddUrl + ".js", { method: "POST", credentials: "same-origin", headers, body: JSON.stringify(cartPayload(lines(), c.productId)) })
        .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(body))))
        .then((body) => {
          say(s.added, 1);
          root.dispatchEvent(new CustomEvent("encore:cart-updated", { bubbles: true, detail: { source: "fbt", productId: c.productId, items: body.items || [] } }));
        })
        .catch((e) => say((e && typeof e.description == "string" && e.description) || s.error))
        .then(() => {
          busy = false;
          button.removeAttribute("aria-busy");
          update();
        })
        .catch(() => {});
    }

    // Fills the reserved rows: see slotPlan and the block's comment for the no-shift rules.
    function fill(products) {
      const rows = [];
      for (const p of products) {
        try {
          rows.push(row(p, rows.length));
        } catch (_) {
          // odd product data: skip the product
        }
      }
      const slots = root.querySelectorAll("[data-encore-fbt-slot]");
      const collapse = root.getBoundingClientRect().top >= innerHeight;
      slotPlan(rows.length, slots.length, collapse).forEach((action, i) => {
        const slot = slots[i];
        if (action == "item") return slot.replaceWith(rows[i]);
        if (action == "remove") return slot.remove();
        slot.className = `${P}item ${P}item--${action}`;
        if (action == "note") {
          slot.textContent = s.noSuggestions || "";
          slot.removeAttribute("aria-hidden");
        }
      });
      $("items").removeAttribute("aria-busy");
      if (!rows.length) return collapse ? (root.hidden = true) : root.classList.add("encore-fbt--empty");
      root.addEventListener("change", update);
      button.addEventListener("click", add);
      update();
    }

    if (!c.productId || !$("items") || !total || !button || !status) return (root.hidden = true);
    load(c).then(fill).catch(() => {});
  }

  function init() {
    document.querySelectorAll("[data-encore-fbt]").forEach(setup);
  }

  window.EncoreFbt = { formatMoney, cartPayload, handles, usable, slotPlan, load, init };
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init); // the theme editor re-renders in place
})();
