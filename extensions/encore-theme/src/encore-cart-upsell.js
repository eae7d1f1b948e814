// Encore cart upsell: see blocks/cart-upsell.liquid. Terse: theme-check caps it at 10,000 bytes.
// Visitor, holdout, analytics, cart group, money, product loading: encore-shared.js.
(() => {
  const P = "encore-cu__";
  const ADDED = "encore_cu_added"; // the "added" message, kept over the reload
  const S = () => window.EncoreShared;

  // sessionStorage (may be blocked): read, remove (null) or write
  const session = (key, value) => {
    try {
      return value === undefined ? sessionStorage.getItem(key) : value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value);
    } catch (_) {
      /* blocked */
    }
  };

  // Waits for encore-shared.js (deferred too, maybe later); without it there is no block.
  const shared = () => (S() ? Promise.resolve(S()) : new Promise((r) => [addEventListener("DOMContentLoaded", r), setTimeout(r, 3000)]).then(S));

  // Sorted ids, so equal carts share the proxy's cached answer (ids are unique: Liquid's uniq)
  const query = (ids, limit) => `product_ids=${ids.map(Number).sort((a, b) => a - b).slice(0, 20)}&limit=${+limit}`;

  // Suggestions with a handle, unique, not in the cart, at most `limit`
  const picks = (body, cartIds, limit) =>
    S()
      .handles(body, cartIds, limit)
      .map((h) => body.items.find((x) => x && x.handle == h))
      .map((x) => ({ handle: x.handle, productId: String(x.productId), anchor: String(x.anchor), source: String(x.source) }));

  // contract 4
  const cartPayload = (variantId, s) => ({
    items: [{ id: +variantId, quantity: 1, properties: { _encore_source: "cart", _encore_anchor: s.anchor, _encore_reason: s.source } }],
  });

  // Unused reserved rows go only while below the viewport
  const slotPlan = (found, slots, collapse) => Array.from({ length: slots }, (_, i) => (i < found ? "item" : collapse ? "remove" : "vacant"));

  // {items: [{s: suggestion, p: product}], holdoutPercent}; a failure means none. Unlike the
  // product page, the holdout loads the products too: its impressions count only usable ones.
  const load = (c) =>
    S()
      .getJson(`${c.proxy}/cart-recommendations?${query(c.productIds, c.limit)}`)
      .then((body) =>
        Promise.all(picks(body, c.productIds, c.limit).map((s) => S().product(c.root, s.handle).then((p) => ({ s, p }), () => 0))).then((all) => ({
          items: all.filter((x) => x && S().usable(x.p)),
          holdoutPercent: +body.holdoutPercent || 0,
        })),
      )
      .catch(() => ({ items: [] }));

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
    let X; // encore-shared.js, once loaded
    const money = (cents) => X.formatMoney(cents, c.moneyFormat);
    const el = (...a) => X.el(...a);
    const say = (message, ok) => {
      status.textContent = message || "";
      status.className = `${P}status ${P}status--${ok ? "ok" : "error"}`;
    };
    let group = "shown";
    // Queues analytics events (contract 3)
    const send = (type, list) => list.forEach(({ s: x }) => X.track(c.proxy, group, { type, block: "cart", anchor: x.anchor, product: x.productId, source: x.source }));

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
        const payload = JSON.stringify(cartPayload(select ? select.value : vs[0].id, x.s));
        fetch(c.cartAddUrl + ".js", { method: "POST", headers: { "Content-Type": "application/json" }, body: payload })
          .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(body))))
          .then((body) => {
            send("add_to_cart", [x]);
            say(name(s.added), 1);
            // Themes that refresh their cart themselves cancel this
            const detail = { source: "cart", productId: x.s.productId, items: body.items };
            if (root.dispatchEvent(new CustomEvent("encore:cart-updated", { bubbles: true, cancelable: true, detail }))) {
              session(ADDED, status.textContent);
              X.flush(); // a beacon survives the reload
              location.reload();
            }
          })
          .catch((e) => say((e && e.description) || s.error))
          .then(() => buttons.forEach((b) => (b.disabled = false)));
      };
      const li = el("li", { class: P + "item", "data-product-id": p.id }, [image, el("span", { class: P + "info" }, info), button]);
      // Sent at once: the link leaves the page
      li.onclick = (e) => e.target.closest("a") && (send("click", [x]), X.flush());
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
    say(session(ADDED), 1);
    session(ADDED, null);
    shared()
      .then((x) => {
        X = x;
        return X ? load(c) : { items: [] };
      })
      .then(({ items, holdoutPercent }) => {
        if (items.length) {
          group = X.group(holdoutPercent);
          // Once per cart: the cart page knows whether it is stored already
          if (!c.group) X.tagCart(c.root, group);
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

  window.EncoreCartUpsell = { query, picks, cartPayload, slotPlan, load, init };
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("shopify:section:load", init); // theme editor
})();
