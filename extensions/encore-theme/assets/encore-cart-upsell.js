// Encore cart upsell: see blocks/cart-upsell.liquid. Terse: theme-check caps it at 10,000 bytes.
(() => {
  const P = "encore-cu__";
  const ADDED = "encore_cu_added"; // the "added" message, kept over the reload
  const AMOUNTS = { amount: [2, ",", "."], amount_no_decimals: [0, ",", "."], amount_with_comma_separator: [2, ".", ","], amount_no_decimals_with_comma_separator: [0, ".", ","] };

  // Shopify's formatMoney, without HTML
  const formatMoney = (cents, format) =>
    String(format || "${{amount}}")
      .replace(/<[^>]*>/g, "")
      .replace(/\{\{\s*(\w+)\s*\}\}/, (_, name) => {
        const [decimals, thousands, point] = AMOUNTS[name] || AMOUNTS.amount;
        const [whole, fraction] = ((+cents || 0) / 100).toFixed(decimals).split(".");
        return whole.replace(/(\d)(?=(\d{3})+(?!\d))/g, "$1" + thousands) + (fraction ? point + fraction : "");
      });

  // FNV-1a 32-bit; contract 3: holdout when fnv(visitor) % 100 < holdoutPercent
  const fnv = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };
  const groupOf = (visitor, percent) => (fnv(visitor) % 100 < (+percent || 0) ? "holdout" : "shown");

  // Web storage (may be blocked): read, remove (null) or write
  const store = (area, key, value) => {
    try {
      return value === undefined ? window[area].getItem(key) : window[area][value === null ? "removeItem" : "setItem"](key, value);
    } catch (_) {
      /* blocked */
    }
  };

  const visitorId = () => {
    let id = store("localStorage", "encore_visitor");
    if (/^[\w-]{8,64}$/.test(id || "")) return id;
    id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join("");
    store("localStorage", "encore_visitor", id);
    return id;
  };

  // Sorted ids, so equal carts share the proxy's cached answer (ids are unique: Liquid's uniq)
  const query = (ids, limit) => `product_ids=${ids.map(Number).sort((a, b) => a - b).slice(0, 20)}&limit=${+limit}`;

  // Suggestions with a handle, unique, not in the cart, at most `limit`
  const picks = (body, cartIds, limit) => {
    const out = [];
    for (const x of (body && Array.isArray(body.items) && body.items) || []) {
      const h = x && x.handle;
      if (typeof h == "string" && h && out.length < limit && !out.some((o) => o.handle == h) && !cartIds.map(String).includes(String(x.productId)))
        out.push({ handle: h, productId: String(x.productId), anchor: String(x.anchor), source: String(x.source) });
    }
    return out;
  };

  const usable = (p) => !!(p && p.title && Array.isArray(p.variants) && p.variants.some((v) => v && v.available));

  // contract 4
  const cartPayload = (variantId, s) => ({
    items: [{ id: +variantId, quantity: 1, properties: { _encore_source: "cart", _encore_anchor: s.anchor, _encore_reason: s.source } }],
  });

  // Unused reserved rows go only while below the viewport
  const slotPlan = (found, slots, collapse) => Array.from({ length: slots }, (_, i) => (i < found ? "item" : collapse ? "remove" : "vacant"));

  // Rejects on HTTP error, bad JSON, network error or after 3 s
  const getJson = (url) => {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 3000);
    return fetch(url, { headers: { Accept: "application/json" }, signal: ctl.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject()))
      .finally(() => clearTimeout(timer));
  };

  // {items: [{s: suggestion, p: product}], holdoutPercent}; a failure means none
  const load = (c) => {
    const root = String(c.root || "/").replace(/\/?$/, "/");
    return getJson(`${c.proxy}/cart-recommendations?${query(c.productIds, c.limit)}`)
      .then((body) =>
        Promise.all(picks(body, c.productIds, c.limit).map((s) => getJson(`${root}products/${encodeURIComponent(s.handle)}.js`).then((p) => ({ s, p }), () => 0))).then((all) => ({
          items: all.filter((x) => x && usable(x.p)),
          holdoutPercent: +body.holdoutPercent || 0,
        })),
      )
      .catch(() => ({ items: [] }));
  };

  const el = (tag, attrs, kids = []) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, v);
    node.append(...kids);
    return node;
  };

  function setup(root) {
    if (root.dataset.encoreCuReady) return;
    root.dataset.encoreCuReady = 1;
    const $ = (name) => root.querySelector(`[data-encore-cu-${name}]`);
    const status = $("status");
    let c;
    try {
      c = JSON.parse($("config").textContent);
    } catch (_) {
      return (root.hidden = true);
    }
    const s = c.strings || {};
    const money = (cents) => formatMoney(cents, c.moneyFormat);
    const say = (message, ok) => {
      status.textContent = message || "";
      status.className = `${P}status ${P}status--${ok ? "ok" : "error"}`;
    };
    const post = (url, body) => fetch(url + ".js", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    let visitor = "";
    let group = "shown";
    // Contract 3 (a beacon survives the reload)
    const send = (type, list) =>
      navigator.sendBeacon &&
      navigator.sendBeacon(`${c.proxy}/events`, JSON.stringify({ visitor, group, events: list.map(({ s: x }) => ({ type, block: "cart", anchor: x.anchor, product: x.productId, source: x.source })) }));

    function row(x, i) {
      const { p } = x;
      const id = `${root.id}-${i}-variant`;
      const name = (t) => String(t || "").replace("[title]", p.title);
      const vs = p.variants.filter((v) => v && v.available);
      const price = el("span", { class: P + "price" }, [money(vs[0].price)]);
      const info = [el("a", { class: P + "title", href: p.url }, [p.title])];
      let select;
      if (p.variants.length > 1) {
        select = el("select", { class: P + "variant", id }, vs.map((v) => el("option", { value: v.id, "data-cents": v.price }, [v.title])));
        select.onchange = () => (price.textContent = money(select.selectedOptions[0].dataset.cents));
        info.push(el("label", { class: P + "sr", for: id }, [name(s.variantLabel)]), select);
      }
      info.push(price);
      const src = p.featured_image;
      const image = src ? el("img", { class: P + "image", src: `${src}${src.includes("?") ? "&" : "?"}width=160`, alt: "", width: 160, height: 160, loading: "lazy" }) : el("span", { class: P + "image" });
      const button = el("button", { type: "button", class: P + "add", "aria-label": name(s.addLabel) }, [s.add || "Add"]);
      button.onclick = () => {
        const buttons = root.querySelectorAll(`.${P}add`);
        buttons.forEach((b) => (b.disabled = true));
        say("", 1);
        post(c.cartAddUrl, cartPayload(select ? select.value : vs[0].id, x.s))
          .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(body))))
          .then((body) => {
            send("add_to_cart", [x]);
            say(name(s.added), 1);
            // Themes that refresh their cart themselves cancel this
            const detail = { source: "cart", productId: x.s.productId, items: body.items };
            if (root.dispatchEvent(new CustomEvent("encore:cart-updated", { bubbles: true, cancelable: true, detail }))) {
              store("sessionStorage", ADDED, status.textContent);
              location.reload();
            }
          })
          .catch((e) => say((e && e.description) || s.error))
          .then(() => buttons.forEach((b) => (b.disabled = false)));
      };
      const li = el("li", { class: P + "item", "data-product-id": p.id }, [image, el("span", { class: P + "info" }, info), button]);
      li.onclick = (e) => e.target.closest("a") && send("click", [x]);
      return li;
    }

    function fill(list) {
      const rows = list.map(row);
      const slots = root.querySelectorAll("[data-encore-cu-slot]");
      const collapse = root.getBoundingClientRect().top >= innerHeight;
      slotPlan(rows.length, slots.length, collapse).forEach((action, i) => {
        if (action == "item") slots[i].replaceWith(rows[i]);
        else if (action == "remove") slots[i].remove();
        else slots[i].className = `${P}item ${P}item--vacant`;
      });
      $("items").removeAttribute("aria-busy");
      if (!rows.length) return collapse ? (root.hidden = true) : root.classList.add("encore-cu--empty");
      // Impressions once the block is on screen
      const seen = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && (seen.disconnect(), send("impression", list)));
      seen.observe(root);
    }

    if (!Array.isArray(c.productIds) || !c.productIds.length || !$("items") || !status) return (root.hidden = true);
    say(store("sessionStorage", ADDED), 1);
    store("sessionStorage", ADDED, null);
    load(c)
      .then(({ items, holdoutPercent }) => {
        if (items.length) {
          visitor = visitorId();
          group = groupOf(visitor, holdoutPercent);
          if (!c.group) post(c.cartUpdateUrl, { attributes: { _encore_group: group } }).catch(() => {});
          // Holdout: no block; would-be impressions size the control group
          if (group == "holdout") {
            send("impression", items);
            items = [];
          }
        }
        fill(items);
      })
      .catch(() => {});
  }

  function init() {
    document.querySelectorAll("[data-encore-cu]").forEach(setup);
  }

  window.EncoreCartUpsell = { formatMoney, fnv, groupOf, visitorId, query, picks, usable, cartPayload, slotPlan, load, init };
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init); // theme editor
})();
