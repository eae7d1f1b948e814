/*
 * Encore sandbox: a local stand-in for Shopify App Bridge.
 *
 * Why: in the real admin, an embedded app loads App Bridge from Shopify's CDN
 * (https://cdn.shopify.com/shopifycloud/app-bridge.js), which talks to the admin around the app's
 * iframe. Offline there is no CDN and no Shopify admin, so in sandbox mode the app loads this file
 * instead: APP_BRIDGE_URL points at the sandbox (<sandbox>/sandbox-assets/app-bridge.js), and both
 * the app layout's <AppProvider __APP_BRIDGE_URL> and shopify-app-remix's auth pages use it. The
 * sandbox admin page (/admin/apps/encore) plays the admin's side.
 *
 * What it emulates (what Encore uses of App Bridge, nothing more):
 * - window.shopify: config {apiKey, shop, host, locale}, environment, idToken(), toast.show/hide,
 *   loading(), and no-op modal/saveBar. Any other API throws a clear "not implemented" error.
 * - fetch: same-origin requests get `Authorization: Bearer <id token>` (and Accept-Language), a
 *   401 with X-Shopify-Retry-Invalid-Session-Request is retried once with a fresh token, and
 *   X-Shopify-API-Request-Failure-Reauthorize-Url redirects the top frame, as App Bridge does.
 * - <ui-nav-menu> and <ui-title-bar>: render nothing in the app; their links and title are sent to
 *   the admin page, which shows them. The admin's sidebar clicks come back as `shopify:navigate`
 *   events on the nav menu's <a>, which shopify-app-remix's AppProvider turns into navigate(href).
 * - The bounce page (/auth/session-token?shopify-reload=<url>): gets a token and reloads <url>
 *   with id_token. window.open(url, "_top" | "_parent") (the exit-iframe page, admin redirects)
 *   asks the admin page to navigate, since a cross-origin iframe may not navigate its top frame.
 * - Loaded outside the admin (top-level /app page), it redirects into the sandbox admin, like App
 *   Bridge's auto-redirect (<meta name="shopify-disabled-features" content="auto-redirect"> stops it).
 *
 * Session tokens come from the sandbox (GET /admin/session-token?shop=...), not from the parent
 * frame, so this works on the bounce page too. Messages to and from the admin page are
 * postMessage objects { type: "encore-sandbox:<name>", ... } checked against the sandbox origin.
 *
 * Plain browser JavaScript, loaded with a classic <script> tag before the app's modules: it must
 * not change the server-rendered DOM (React hydrates it), so it only uses shadow roots and adds
 * nodes (toasts) after the app runs.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const sandboxOrigin = new URL(script.src).origin;
  const MESSAGE_PREFIX = "encore-sandbox:";
  const ADMIN_APP_PATH = "/admin/apps/encore";
  const APP_PATH_PREFIX = "/app";
  const LAUNCH_PARAMS = ["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp", "appLoadId"];
  const CONFIG_STORAGE_KEY = "encore-sandbox:app-bridge-config";
  /** Fetch a new token this long before the cached one expires (tokens live 60 s). */
  const TOKEN_REFRESH_MARGIN_MS = 10000;

  const inAdminFrame = window.top !== window;
  const originalFetch = window.fetch.bind(window);
  const originalOpen = window.open.bind(window);
  const config = readConfig();
  const disabledFeatures = readDisabledFeatures();

  // --- config --------------------------------------------------------------------------------

  // shop/host/locale arrive as launch parameters on the first document only; client-side
  // navigations drop them, so they are kept for the tab like App Bridge does.
  function readConfig() {
    const params = new URLSearchParams(location.search);
    let stored = {};
    try {
      stored = JSON.parse(sessionStorage.getItem(CONFIG_STORAGE_KEY) || "{}");
    } catch (_error) {
      // Storage unavailable (privacy settings): launch parameters alone still work.
    }
    const apiKeyMeta = document.querySelector('meta[name="shopify-api-key"]');
    const result = {
      apiKey: script.dataset.apiKey || (apiKeyMeta && apiKeyMeta.content) || "",
      shop: params.get("shop") || stored.shop || "",
      host: params.get("host") || stored.host || "",
      locale: params.get("locale") || stored.locale || "en",
    };
    try {
      sessionStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify({ shop: result.shop, host: result.host, locale: result.locale }));
    } catch (_error) {
      // See above.
    }
    return result;
  }

  function readDisabledFeatures() {
    const meta = document.querySelector('meta[name="shopify-disabled-features"]');
    return new Set(meta ? meta.content.split(",").map((feature) => feature.trim()) : []);
  }

  // --- admin page messages ---------------------------------------------------------------------

  function postToAdmin(type, data) {
    if (inAdminFrame) window.parent.postMessage({ type: MESSAGE_PREFIX + type, ...data }, sandboxOrigin);
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== sandboxOrigin || event.source !== window.parent) return;
    const message = event.data;
    if (message && message.type === MESSAGE_PREFIX + "navigate" && typeof message.href === "string") {
      navigateInApp(message.href);
    }
  });

  /** Top-frame navigation goes through the admin page (browsers block it from a cross-origin iframe). */
  function openInTopFrame(url) {
    const href = new URL(url, location.href).href;
    if (inAdminFrame) postToAdmin("redirect", { url: href });
    else location.assign(href);
  }

  window.open = function open(url, target, features) {
    if (inAdminFrame && url != null && (target === "_top" || target === "_parent")) {
      openInTopFrame(String(url));
      return null;
    }
    return originalOpen(url, target, features);
  };

  // --- session tokens --------------------------------------------------------------------------

  let cachedToken = null; // { value, expiresAt (ms) }
  let pendingToken = null;

  function getIdToken(forceFresh) {
    if (forceFresh) cachedToken = null;
    if (cachedToken && Date.now() < cachedToken.expiresAt - TOKEN_REFRESH_MARGIN_MS) {
      return Promise.resolve(cachedToken.value);
    }
    if (!pendingToken) {
      pendingToken = fetchSessionToken().finally(() => {
        pendingToken = null;
      });
    }
    return pendingToken;
  }

  async function fetchSessionToken() {
    if (!config.shop) throw new Error("App Bridge (sandbox): no shop in this page's URL, cannot get a session token");
    const url = new URL("/admin/session-token", sandboxOrigin);
    url.searchParams.set("shop", config.shop);
    const response = await originalFetch(url, { credentials: "omit", cache: "no-store" });
    if (!response.ok) throw new Error(`App Bridge (sandbox): ${url} answered ${response.status}: ${await response.text()}`);
    const { token } = await response.json();
    cachedToken = { value: token, expiresAt: tokenExpiry(token) };
    return token;
  }

  function tokenExpiry(token) {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp * 1000;
  }

  // --- fetch -----------------------------------------------------------------------------------

  window.fetch = async function fetch(input, init) {
    const request = new Request(input, init);
    const isAppRequest = new URL(request.url).origin === location.origin;
    if (!isAppRequest || request.headers.has("Authorization") || disabledFeatures.has("fetch")) {
      return originalFetch(request);
    }
    let response = await fetchWithIdToken(request.clone(), false);
    if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
      response = await fetchWithIdToken(request, true);
    }
    const reauthorizeUrl = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
    if (reauthorizeUrl) openInTopFrame(reauthorizeUrl);
    return response;
  };

  async function fetchWithIdToken(request, forceFreshToken) {
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${await getIdToken(forceFreshToken)}`);
    if (!headers.has("Accept-Language")) headers.set("Accept-Language", config.locale);
    return originalFetch(new Request(request, { headers }));
  }

  // --- toast and loading -----------------------------------------------------------------------

  let toastContainer = null;
  let nextToastId = 1;
  const toasts = new Map();

  // Created on first use: by then React has hydrated, so an extra node in <body> is harmless.
  function getToastContainer() {
    if (!toastContainer || !toastContainer.isConnected) {
      toastContainer = document.createElement("div");
      toastContainer.setAttribute("aria-live", "polite");
      toastContainer.dataset.sandboxToasts = "";
      Object.assign(toastContainer.style, {
        position: "fixed", left: "50%", bottom: "24px", transform: "translateX(-50%)", zIndex: "2147483647",
        display: "flex", flexDirection: "column", alignItems: "center", gap: "8px",
      });
      document.body.appendChild(toastContainer);
    }
    return toastContainer;
  }

  function showToast(message, options) {
    const { duration = 5000, isError = false, action, onAction, onDismiss } = options || {};
    const id = `sandbox-toast-${nextToastId++}`;
    const toast = document.createElement("div");
    toast.setAttribute("role", isError ? "alert" : "status");
    toast.dataset.sandboxToast = isError ? "error" : "info";
    Object.assign(toast.style, {
      display: "flex", alignItems: "center", gap: "12px", padding: "10px 14px", borderRadius: "10px",
      background: isError ? "#8e1f0b" : "#303030", color: "#fff", font: "14px/1.4 -apple-system, sans-serif",
      boxShadow: "0 4px 12px rgba(0,0,0,.25)",
    });
    const text = document.createElement("span");
    text.textContent = String(message);
    toast.appendChild(text);
    if (action) {
      toast.appendChild(toastButton(action, () => {
        if (onAction) onAction();
        hideToast(id);
      }));
    }
    toast.appendChild(toastButton("×", () => {
      if (onDismiss) onDismiss();
      hideToast(id);
    }, "Dismiss"));
    getToastContainer().appendChild(toast);
    toasts.set(id, { element: toast, timer: setTimeout(() => hideToast(id), duration) });
    return id;
  }

  function toastButton(label, onClick, ariaLabel) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    if (ariaLabel) button.setAttribute("aria-label", ariaLabel);
    Object.assign(button.style, {
      background: "none", border: "0", color: "inherit", font: "inherit", textDecoration: label === "×" ? "none" : "underline",
      cursor: "pointer", padding: "0",
    });
    button.addEventListener("click", onClick);
    return button;
  }

  function hideToast(id) {
    const toast = toasts.get(id);
    if (!toast) return;
    clearTimeout(toast.timer);
    toast.element.remove();
    toasts.delete(id);
  }

  function setLoading(isLoading) {
    postToAdmin("loading", { loading: isLoading !== false });
  }

  // --- ui-nav-menu and ui-title-bar ------------------------------------------------------------

  // Both elements render nothing here (an empty shadow root hides their children without touching
  // the server-rendered DOM); the admin page shows their content.
  function renderNothing(element) {
    if (!element.shadowRoot) element.attachShadow({ mode: "open" });
  }

  /** The app path of a same-origin href ("/app/loyalty?tab=1"), or null for other origins. */
  function appPathOf(href) {
    const url = new URL(href, location.href);
    return url.origin === location.origin ? url.pathname + url.search : null;
  }

  class NavMenuElement extends HTMLElement {
    connectedCallback() {
      renderNothing(this);
      // Children are still being parsed (or rendered) when the element connects: watch them.
      this.observer = new MutationObserver(() => this.scheduleReport());
      this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
      this.scheduleReport();
    }

    disconnectedCallback() {
      this.observer.disconnect();
      postToAdmin("nav-menu", { links: [] });
    }

    scheduleReport() {
      if (this.reportScheduled) return;
      this.reportScheduled = true;
      setTimeout(() => {
        this.reportScheduled = false;
        if (this.isConnected) postToAdmin("nav-menu", { links: this.links() });
      });
    }

    links() {
      return [...this.querySelectorAll("a[href]")]
        .map((anchor) => ({ label: anchor.textContent.trim(), href: appPathOf(anchor.getAttribute("href")), home: anchor.rel === "home" }))
        .filter((link) => link.href !== null);
    }
  }

  const connectedTitleBars = [];

  class TitleBarElement extends HTMLElement {
    static get observedAttributes() {
      return ["title"];
    }

    connectedCallback() {
      renderNothing(this);
      connectedTitleBars.push(this);
      reportTitle();
    }

    disconnectedCallback() {
      connectedTitleBars.splice(connectedTitleBars.indexOf(this), 1);
      reportTitle();
    }

    attributeChangedCallback() {
      if (this.isConnected) reportTitle();
    }
  }

  // The most recently mounted title bar is the page's.
  function reportTitle() {
    const titleBar = connectedTitleBars[connectedTitleBars.length - 1];
    postToAdmin("title", { title: titleBar ? titleBar.getAttribute("title") || "" : null });
  }

  if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", NavMenuElement);
  if (!customElements.get("ui-title-bar")) customElements.define("ui-title-bar", TitleBarElement);

  // The admin asked for a page: App Bridge dispatches shopify:navigate on the nav menu's <a>
  // (AppProvider reads its href). For a path not in the menu, a temporary <a> does the same.
  function navigateInApp(href) {
    const path = appPathOf(href);
    if (path === null) return;
    const menuAnchor = [...document.querySelectorAll("ui-nav-menu a[href]")].find((anchor) => appPathOf(anchor.getAttribute("href")) === path);
    const anchor = menuAnchor || document.createElement("a");
    if (!menuAnchor) {
      anchor.setAttribute("href", path);
      anchor.hidden = true;
      document.body.appendChild(anchor);
    }
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
    if (!menuAnchor) anchor.remove();
  }

  // --- location: the admin mirrors the app's path in its own URL --------------------------------

  function appLocationWithoutLaunchParams() {
    const url = new URL(location.href);
    for (const param of LAUNCH_PARAMS) url.searchParams.delete(param);
    return url.pathname + url.search;
  }

  function reportLocation() {
    postToAdmin("location", { path: appLocationWithoutLaunchParams() });
  }

  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    history[method] = function (...args) {
      const result = original.apply(this, args);
      reportLocation();
      return result;
    };
  }
  window.addEventListener("popstate", reportLocation);

  // --- window.shopify --------------------------------------------------------------------------

  const resolved = () => Promise.resolve();
  const shopifyGlobal = {
    config,
    origin: sandboxOrigin,
    ready: Promise.resolve(),
    environment: { embedded: inAdminFrame, mobile: false, pos: false },
    idToken: () => getIdToken(false),
    toast: { show: showToast, hide: hideToast },
    loading: setLoading,
    // Encore shows no App Bridge modals or save bars; these keep accidental calls harmless.
    modal: { show: resolved, hide: resolved, toggle: resolved },
    saveBar: { show: resolved, hide: resolved, toggle: resolved, leaveConfirmation: resolved },
  };

  // An API the stand-in lacks fails loudly, naming this file, instead of "is not a function".
  const PROBED_PROPERTIES = new Set(["then", "toJSON", "$$typeof", "constructor"]);
  window.shopify = new Proxy(shopifyGlobal, {
    get(target, property) {
      if (property in target || typeof property === "symbol" || PROBED_PROPERTIES.has(property)) return target[property];
      throw new Error(`shopify.${property} is not implemented by the sandbox's App Bridge stand-in (app/sandbox/admin-frame/app-bridge.js)`);
    },
  });

  // --- page kinds --------------------------------------------------------------------------------

  const reloadUrl = new URLSearchParams(location.search).get("shopify-reload");
  if (reloadUrl) {
    // shopify-app-remix's bounce page: reload the original URL with a fresh id_token.
    const target = new URL(reloadUrl, location.href);
    if (target.origin !== location.origin) {
      console.error(`App Bridge (sandbox): refusing to reload a URL on another origin: ${target}`);
      return;
    }
    getIdToken(true).then((token) => {
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
    return;
  }

  const isAppPage = location.pathname === APP_PATH_PREFIX || location.pathname.startsWith(APP_PATH_PREFIX + "/");
  if (!inAdminFrame && isAppPage && !disabledFeatures.has("auto-redirect")) {
    // Outside the admin: open the same page inside the sandbox admin, as App Bridge does.
    const url = new URL(appLocationWithoutLaunchParams(), location.href);
    location.replace(`${sandboxOrigin}${ADMIN_APP_PATH}${url.pathname.slice(APP_PATH_PREFIX.length)}${url.search}`);
    return;
  }

  reportLocation();
})();
