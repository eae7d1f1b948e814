// Encore "Frequently bought together": adding the ticked lines to the cart (contract 4). Loaded by
// encore-fbt.js on the first click of its button (kept off the first-paint path), with what it
// needs in `k`: the block's elements, config, strings, group, the chosen lines and their
// /cart/add.js payload, and its track/update callbacks.
(() => {
  const P = "encore-fbt__";
  window.EncoreFbtAdd = (k) => {
    const { root, button, status, c, s } = k;
    const say = (message, ok) => {
      k.said(message ? 1 : 0);
      status.textContent = message || "";
      status.className = `${P}status ${P}status--${ok ? "ok" : "error"}`;
    };
    k.busy(true);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    say("", 1);
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    // After cart/update.js tagged the cart (a new cart must not race it).
    return window.EncoreShared.tagCart(c.root, k.group)
      .then(() => fetch(c.cartAddUrl + ".js", { method: "POST", credentials: "same-origin", headers, body: JSON.stringify(k.payload) }))
      .then((r) => r.json().then((body) => (r.ok ? body : Promise.reject(body))))
      .then((body) => {
        say(s.added, 1);
        for (const l of k.chosen) if (l.checked && !l.anchor) k.track("add_to_cart", l);
        root.dispatchEvent(new CustomEvent("encore:cart-updated", { bubbles: true, detail: { source: "fbt", productId: c.productId, items: body.items || [] } }));
      })
      .catch((e) => say((e && typeof e.description == "string" && e.description) || s.error))
      .then(() => {
        k.busy(false);
        button.removeAttribute("aria-busy");
        k.update();
      })
      .catch(() => {});
  };
})();
