// Encore "Frequently bought together": see blocks/frequently-bought-together.liquid. Terse on
// purpose (theme-check caps the raw file at 10,000 bytes); pure parts are on window.EncoreFbt.
// Loading suggestions, money, analytics, holdout and bundle maths: encore-shared.js.
(() => {
  const IMG = 160;
  const P = "encore-fbt__"; // class prefix
  // /cart/add.js body. Suggestions carry Encore's attribution; the anchor (the product on the
  // page) goes in plain, so it merges with a line the theme's own form added.
  const cartPayload = (lines, anchorId) => ({
    items: lines
      .filter((l) => l.checked)
      .map((l) => ({ id: l.variantId, quantity: 1, ...(!l.anchor && { properties: { _encore_source: "fbt", _encore_anchor: String(anchorId), ...(l.source && { _encore_reason: l.source }) } }) })),
  });

  // Each reserved row once `found` products are known: "item"; unused rows are "remove"d only while
  // the block is below the viewport, else keep their space ("note" first if none, else "vacant").
  const slotPlan = (found, slots, collapse) =>
    Array.from({ length: slots }, (_, i) => (i < found ? "item" : collapse ? "remove" : !found && !i ? "note" : "vacant"));

  // Waits for encore-shared.js (deferred too, maybe later); without it there is no block.
  const shared = () =>
    window.EncoreShared ? Promise.resolve(window.EncoreShared) : new Promise((r) => [addEventListener("DOMContentLoaded", r), setTimeout(r, 3000)]).then(() => window.EncoreShared);

  function setup(root) {
    if (root.hasAttribute("data-encore-fbt-ready")) return;
    root.setAttribute("data-encore-fbt-ready", "");
    const $ = (name, from = root) => from.querySelector(`[data-encore-fbt-${name}]`);
    const [total, button, status, was] = ["total", "add", "status", "was"].map((n) => $(n));
    let c = {};
    let L = {}; // what load() found
    let S;
    let busy = false;
    let said = 0;
    try {
      c = JSON.parse($("config").textContent);
    } catch (_) {
      // no config: empty state
    }
    const s = c.strings || {};
    const money = (cents) => S.formatMoney(cents, c.moneyFormat);
    const el = (...a) => S.el(...a);
    // Queues an analytics event (contract 3).
    const track = (type, l) =>
      S.track(c.proxy, L.group, { type, block: "fbt", anchor: String(c.productId), ...(l && { product: String(l.product), ...(l.source && { source: l.source }) }) });

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
      return el("li", { class: P + "item", "data-encore-fbt-item": true, "data-product-id": p.id, "data-source": p.source }, [
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
        return { item, checked: check.checked && !check.disabled, variantId: +chosen.value, price: +chosen.dataset.cents || 0, anchor: item.hasAttribute("data-encore-fbt-anchor"), product: item.dataset.productId, source: item.dataset.source };
      });

    // Prices, total; with a bundle offer the struck-through total and bundle price, or what the
    // offer needs (status line).
    function update() {
      let sum = 0;
      let n = 0;
      let a = 0;
      for (const l of lines()) {
        const price = $("price", l.item);
        if (price) price.textContent = money(l.price);
        if (l.checked) {
          sum += l.price;
          n += !l.anchor;
          a |= l.anchor;
        }
      }
      const b = L.bundle;
      const o = S.bundleOffer(b, a, n, sum);
      const on = o && o.applies;
      total.textContent = money(on ? sum - o.off : sum);
      if (was) was.textContent = on ? money(sum) : "";
      if (!said) status.textContent = o && !on ? String(s.bundleHint).replace("[count]", o.more).replace("[saving]", b.kind == "fixed" ? money(b.amountCents) : b.percentage + "%") : "";
      button.disabled = busy || !(a || n);
    }

    // Adding to the cart is encore-fbt-add.js (c.addUrl), loaded on the first click of the button.
    function add() {
      busy = button.disabled = true;
      const chosen = lines();
      const k = { root, button, status, c, s, group: L.group, chosen, payload: cartPayload(chosen, c.productId), track, update, busy: (b) => (busy = b), said: (n) => (said = n) };
      S.script(c.addUrl)
        .then(() => window.EncoreFbtAdd(k))
        .catch(() => {
          status.textContent = s.error;
          busy = false;
          update();
        });
    }

    // Fills the reserved rows: see slotPlan and the block's comment for the no-shift rules.
    function fill(found) {
      L = found;
      const rows = [];
      const collapse = root.getBoundingClientRect().top >= innerHeight;
      // In view: an impression per suggestion (holdout: those it would have seen), the group on the
      // cart (so orders count only visitors who met the block).
      const seen = (list) => {
        const io = new IntersectionObserver((es) => {
          if (!es.some((e) => e.isIntersecting) || !list.length) return;
          io.disconnect();
          list.forEach((l) => track("impression", l));
          S.tagCart(c.root, L.group);
        });
        io.observe(root);
      };
      if (L.group == "holdout") {
        // Hidden without shift (block comment): collapsed below the viewport, else invisible.
        root.classList.add("encore-fbt--holdout", ...(collapse ? ["encore-fbt--gone"] : []));
        return seen(L.items);
      }
      for (const p of L.products) {
        try {
          rows.push(row(p, rows.length));
        } catch (_) {
          // odd product data: skip the product
        }
      }
      const slots = root.querySelectorAll("[data-encore-fbt-slot]");
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
      root.addEventListener("change", (e) => {
        const l = lines().find((x) => x.item.contains(e.target));
        if (l && !l.anchor && e.target.type == "checkbox") track("click", l);
        update();
      });
      // Opening a suggestion counts as a click too; sent now, as the page is about to go.
      root.addEventListener("click", (e) => {
        const l = e.target.closest("a") && lines().find((x) => x.item.contains(e.target));
        if (l && !l.anchor) { track("click", l); S.flush(); }
      });
      button.addEventListener("click", add);
      update();
      seen(lines().filter((l) => !l.anchor));
    }

    if (!c.productId || !$("items") || !total || !button || !status) return (root.hidden = true);
    shared()
      .then((x) => {
        S = x;
        return S ? S.load(c) : { products: [] };
      })
      .then(fill)
      .catch(() => {});
  }

  function init() {
    document.querySelectorAll("[data-encore-fbt]").forEach(setup);
  }

  window.EncoreFbt = { cartPayload, slotPlan, init };
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init); // the theme editor re-renders in place
})();
