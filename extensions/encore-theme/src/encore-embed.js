// Encore's storefront bootstrap (loaded deferred by the Encore app embed). Widgets wait for the
// "encore:ready" event, or read window.Encore.ready when they load later. The customer profile
// comes from the app proxy (signed by Shopify) and is fetched only for a logged-in customer.
(function () {
  var encore = window.Encore;
  if (!encore || encore.ready !== undefined) return;
  encore.ready = false;
  encore.customer = null;

  function ready(customer) {
    encore.customer = customer;
    encore.ready = true;
    document.dispatchEvent(new CustomEvent("encore:ready", { bubbles: true, detail: encore }));
  }

  if (!encore.customerId) return ready(null);
  fetch(encore.proxy + "/customer", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) { ready((body && body.customer) || null); })
    .catch(function () { ready(null); });
})();
