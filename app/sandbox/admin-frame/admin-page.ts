// The sandbox's Shopify admin: a top bar, a sidebar with the app's navigation and the app in an
// iframe. The app's App Bridge stand-in (app-bridge.js) talks to this page with postMessage, the
// way App Bridge talks to the real admin: it reports the app's <ui-nav-menu>, <ui-title-bar>,
// location and loading state, and this page asks it to navigate when a sidebar link is clicked.
import { ADMIN_APP_PATH, APP_PATH_PREFIX } from "./embedded-app-url";

/** Prefix of every postMessage type between this page and app-bridge.js. */
export const FRAME_MESSAGE_PREFIX = "encore-sandbox:";

export interface AdminPageOptions {
  shopName: string;
  appName: string;
  /** The iframe's first URL (the app with its launch parameters). */
  appFrameUrl: string;
}

export function renderAdminPage({ shopName, appName, appFrameUrl }: AdminPageOptions): string {
  const frameConfig = {
    appOrigin: new URL(appFrameUrl).origin,
    appName,
    shopName,
    adminAppPath: ADMIN_APP_PATH,
    appPathPrefix: APP_PATH_PREFIX,
    messagePrefix: FRAME_MESSAGE_PREFIX,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(appName)} · ${escapeHtml(shopName)} · Shopify sandbox</title>
<style>${ADMIN_PAGE_CSS}</style>
</head>
<body>
<header class="topbar">
  <span class="brand">shopify <span class="sandbox-badge">sandbox</span></span>
  <span class="shop-name" data-testid="shop-name">${escapeHtml(shopName)}</span>
</header>
<div class="loading-bar" id="loading-bar" hidden></div>
<div class="layout">
  <nav class="sidebar" aria-label="Admin">
    <div class="sidebar-section">Apps</div>
    <a class="app-home" id="app-home" href="${ADMIN_APP_PATH}" data-app-href="${APP_PATH_PREFIX}">${escapeHtml(appName)}</a>
    <div id="app-links" class="app-links"></div>
  </nav>
  <main class="main">
    <div class="title-bar"><h1 id="app-title">${escapeHtml(appName)}</h1></div>
    <iframe id="app-iframe" name="app-iframe" title="${escapeHtml(appName)}" src="${escapeHtml(appFrameUrl)}"></iframe>
  </main>
</div>
<script>
const frameConfig = ${scriptJson(frameConfig)};
${ADMIN_PAGE_SCRIPT}
</script>
</body>
</html>
`;
}

const ADMIN_PAGE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: #303030;
  background: #f1f1f1; display: flex; flex-direction: column; }
.topbar { height: 56px; flex: none; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center;
  justify-content: space-between; padding: 0 16px; }
.brand { font-weight: 700; font-size: 16px; }
.sandbox-badge { font-weight: 500; font-size: 11px; text-transform: uppercase; background: #ffb800; color: #1a1a1a;
  border-radius: 6px; padding: 2px 6px; margin-left: 6px; vertical-align: middle; }
.shop-name { background: #303030; border-radius: 8px; padding: 6px 10px; }
.loading-bar { height: 3px; background: linear-gradient(90deg, #008060, #95c9b4, #008060); background-size: 200% 100%;
  animation: loading 1s linear infinite; position: absolute; top: 56px; left: 0; right: 0; }
@keyframes loading { from { background-position: 200% 0; } to { background-position: 0 0; } }
.layout { flex: 1; display: flex; min-height: 0; }
.sidebar { width: 240px; flex: none; padding: 12px 8px; background: #ebebeb; overflow-y: auto; }
.sidebar-section { font-size: 12px; font-weight: 600; color: #616161; padding: 8px 8px 4px; }
.sidebar a { display: block; color: #303030; text-decoration: none; border-radius: 8px; padding: 6px 8px; }
.sidebar a:hover { background: #f7f7f7; }
.sidebar a.active { background: #fafafa; font-weight: 650; }
.app-home { font-weight: 600; }
.app-links a { padding-left: 24px; }
.main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.title-bar { flex: none; padding: 12px 24px 4px; }
.title-bar h1 { margin: 0; font-size: 20px; font-weight: 700; }
iframe { flex: 1; width: 100%; border: 0; background: #f1f1f1; }
`;

// Runs in the admin page. Messages are only trusted from the app's iframe at the app's origin.
const ADMIN_PAGE_SCRIPT = `
const appFrame = document.getElementById("app-iframe");
const appHome = document.getElementById("app-home");
const appLinks = document.getElementById("app-links");
const appTitle = document.getElementById("app-title");
const loadingBar = document.getElementById("loading-bar");
let currentAppPath = frameConfig.appPathPrefix;

function adminPathForAppPath(appPath) {
  const url = new URL(appPath, frameConfig.appOrigin);
  const prefix = frameConfig.appPathPrefix;
  if (url.pathname !== prefix && !url.pathname.startsWith(prefix + "/")) return null;
  return frameConfig.adminAppPath + url.pathname.slice(prefix.length) + url.search;
}

function postToApp(type, data) {
  appFrame.contentWindow.postMessage({ type: frameConfig.messagePrefix + type, ...data }, frameConfig.appOrigin);
}

function showNavMenu(links) {
  const home = links.find((link) => link.home);
  appHome.dataset.appHref = home ? home.href : frameConfig.appPathPrefix;
  appHome.href = adminPathForAppPath(appHome.dataset.appHref) || frameConfig.adminAppPath;
  appLinks.replaceChildren(...links.filter((link) => !link.home).map((link) => {
    const anchor = document.createElement("a");
    anchor.textContent = link.label;
    anchor.dataset.appHref = link.href;
    anchor.href = adminPathForAppPath(link.href) || frameConfig.adminAppPath;
    return anchor;
  }));
  markActiveLink();
}

// The longest nav link that the app's current path starts with is the active one.
function markActiveLink() {
  const path = new URL(currentAppPath, frameConfig.appOrigin).pathname;
  const anchors = [appHome, ...appLinks.querySelectorAll("a")];
  const matches = anchors.filter((anchor) => {
    const linkPath = new URL(anchor.dataset.appHref, frameConfig.appOrigin).pathname;
    return path === linkPath || path.startsWith(linkPath + "/");
  });
  const active = matches.sort((a, b) => b.dataset.appHref.length - a.dataset.appHref.length)[0];
  for (const anchor of anchors) anchor.classList.toggle("active", anchor === active);
}

// Mirror the app's location in the admin URL (replaceState: the iframe's own history entries
// already make Back and Forward work).
function showAppLocation(appPath) {
  currentAppPath = appPath;
  const adminPath = adminPathForAppPath(appPath);
  if (adminPath) history.replaceState(null, "", adminPath);
  markActiveLink();
}

function showTitle(title) {
  appTitle.textContent = title || frameConfig.appName;
  document.title = (title ? title + " · " : "") + frameConfig.appName + " · " + frameConfig.shopName + " · Shopify sandbox";
}

// Redirects the app asks for in the top frame (exit-iframe, reauthorization, admin links).
// admin.shopify.com/store/<shop>/... is this sandbox's /admin/...
function openInAdmin(href) {
  const url = new URL(href, location.href);
  if (url.protocol !== "https:" && url.protocol !== "http:") return;
  const adminStore = url.hostname === "admin.shopify.com" && url.pathname.match(/^\\/store\\/[^/]+(\\/.*)?$/);
  location.assign(adminStore ? "/admin" + (adminStore[1] || "") + url.search + url.hash : url.href);
}

window.addEventListener("message", (event) => {
  if (event.source !== appFrame.contentWindow || event.origin !== frameConfig.appOrigin) return;
  const message = event.data;
  if (!message || typeof message.type !== "string" || !message.type.startsWith(frameConfig.messagePrefix)) return;
  switch (message.type.slice(frameConfig.messagePrefix.length)) {
    case "nav-menu": return showNavMenu(Array.isArray(message.links) ? message.links : []);
    case "title": return showTitle(message.title);
    case "location": return showAppLocation(String(message.path));
    case "loading": loadingBar.hidden = !message.loading; return;
    case "redirect": return openInAdmin(String(message.url));
  }
});

// Sidebar links navigate inside the app (App Bridge sends shopify:navigate); modified clicks
// keep the browser's behaviour (open the admin page in a new tab).
document.querySelector(".sidebar").addEventListener("click", (event) => {
  const anchor = event.target.closest("a[data-app-href]");
  if (!anchor || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  postToApp("navigate", { href: anchor.dataset.appHref });
});
`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
