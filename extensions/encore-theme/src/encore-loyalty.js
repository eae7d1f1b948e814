// Encore loyalty launcher (the loyalty app embed and the product-page "earn points" block load it,
// deferred). Kept small: it learns from the app proxy whether the program is on (remembered for
// the session, so most pages make no request), shows the launcher and the "earn N points" lines,
// and opens and closes the panel. The panel's code (encore-loyalty-panel.js, with encore-shared.js)
// loads on first open. Never throws: a storefront must not break because of loyalty.
(() => {
  const root = document.querySelector("[data-encore-loyalty]");
  const earns = document.querySelectorAll("[data-encore-loyalty-earn]");
  if (!root && !earns.length) return;
  const q = (sel) => root && root.querySelector(sel);
  let cfg = {};
  try {
    cfg = JSON.parse(q("[data-encore-loyalty-config]").textContent);
  } catch (_) {
    // no embed on this page: the product-page line still works
  }
  const proxy = cfg.proxy || "/apps/encore";
  const KEY = "encore_loyalty_program";

  const program = () => {
    try {
      const saved = JSON.parse(sessionStorage.getItem(KEY));
      if (saved && Date.now() - saved.at < 6e5) return Promise.resolve(saved.program);
    } catch (_) {
      // storage blocked: ask the proxy
    }
    return fetch(proxy + "/loyalty", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject()))
      .then((body) => {
        try {
          sessionStorage.setItem(KEY, JSON.stringify({ at: Date.now(), program: body.program }));
        } catch (_) {
          // storage blocked: the next page asks again
        }
        return body.program;
      });
  };

  program()
    .then((p) => {
      if (!p || !p.enabled) return;
      // Points as the server counts them: floor(price × rate / 10^decimals).
      const show = (node, price) => {
        const points = Math.floor((price * p.pointsPerUnit) / 10 ** (p.currencyDecimals ?? 2));
        node.textContent = node.dataset.template.replace("[points]", points);
        node.style.visibility = points > 0 ? "visible" : "hidden";
      };
      for (const node of earns) show(node, +node.dataset.price);
      // Another variant picked in the product form: its own price.
      document.addEventListener("change", (e) => {
        if (e.target.name != "id") return;
        for (const node of earns) {
          const pair = (node.dataset.prices || "").split(",").find((x) => x.split(":")[0] == e.target.value);
          if (pair) show(node, +pair.split(":")[1]);
        }
      });
      if (root) start();
    })
    .catch(() => {});

  function start() {
    const button = q("[data-encore-loyalty-launcher]");
    const panel = q("#encore-loyalty-panel");
    const body = q("[data-encore-loyalty-body]");
    let loading;
    const script = (src) =>
      new Promise((done, fail) => {
        const s = document.createElement("script");
        s.src = src;
        s.onload = done;
        s.onerror = fail;
        document.head.append(s);
      });
    const toggle = (open) => {
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
      if (!open) return button.focus();
      panel.focus();
      body.textContent = cfg.strings.loading;
      loading =
        loading ||
        (window.EncoreShared ? Promise.resolve() : script(cfg.sharedUrl))
          .then(() => script(cfg.panelUrl))
          .catch(() => (loading = null));
      loading.then(() => (window.EncoreLoyaltyPanel ? window.EncoreLoyaltyPanel(body, cfg) : (body.textContent = cfg.strings.error)));
    };
    button.hidden = false;
    button.addEventListener("click", () => toggle(panel.hidden));
    q("[data-encore-loyalty-close]").addEventListener("click", () => toggle(false));
    root.addEventListener("keydown", (e) => e.key == "Escape" && !panel.hidden && toggle(false));
  }
})();
