// Encore: the sending half of encore-shared.js, which loads it after first paint (the first queued
// event or cart tag) from beside itself: analytics batched to /apps/encore/events with
// navigator.sendBeacon, and the visitor's group stored once per cart (cart attribute _encore_group).
// Needs window.EncoreShared. Never throws, never logs: analytics must not break a storefront.
(() => {
  if (window.EncoreSend || !window.EncoreShared) return;
  const { local } = window.EncoreShared;
  const CART_KEY = "encore_cart_group";

  // Sends queued events [{url, group, event}]: one beacon per endpoint and group, at most 50 events each.
  const flush = (queue, visitor) => {
    const batches = {};
    for (const q of queue) (batches[q.url + " " + q.group] = batches[q.url + " " + q.group] || { url: q.url, group: q.group, events: [] }).events.push(q.event);
    for (const { url, group: g, events } of Object.values(batches)) {
      for (let i = 0; i < events.length; i += 50) {
        const body = JSON.stringify({ visitor, group: g, events: events.slice(i, i + 50) });
        try {
          if (!navigator.sendBeacon(url, body)) fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin" }).catch(() => {});
        } catch (_) {
          // no beacon support: the event is lost, the page is unaffected
        }
      }
    }
  };

  const cartToken = () => (/(?:^|;\s*)cart=([^;]*)/.exec(document.cookie) || [])[1] || "";
  let tagging;
  // Stores the group on the cart once per cart (a new cart after checkout gets it again); `root`
  // ends with "/". Resolves when done; never rejects.
  const tagCart = (root, g) =>
    (tagging =
      tagging ||
      (cartToken() && local(CART_KEY) == cartToken() + " " + g
        ? Promise.resolve()
        : fetch(root + "cart/update.js", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ attributes: { _encore_group: g } }),
          })
            .then((r) => r.ok && cartToken() && local(CART_KEY, cartToken() + " " + g))
            .catch(() => {})));

  window.EncoreSend = { flush, tagCart };
})();
