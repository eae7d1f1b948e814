// Runs the app's real checkout UI extensions on the sandbox's order confirmation page. Shopify runs
// an extension in a sandboxed worker and draws its <s-*> components itself; here each extension
// runs in its own iframe (so `document.body` is its block, as in a worker's remote DOM) with a
// `shopify` global carrying what the target's API gives, and minimal custom elements for the
// components, so a shopper sees real text, images, links and buttons.
import type { SandboxConfig } from "../sandbox-context";
import type { SandboxOrder } from "../store/types";
import { mintCheckoutSessionToken } from "./session-token";
import { listUiExtensions, uiExtensionBundle, type UiExtension } from "./ui-extensions";

export const THANK_YOU_BLOCK_TARGET = "purchase.thank-you.block.render";

/** JSON that is safe inside an inline <script>. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shopify's confirmation number: random-looking letters and digits, stable per order here. */
function confirmationNumber(orderId: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let value = (orderId * 2654435761) % 2 ** 32;
  let text = "";
  for (let i = 0; i < 9; i++) {
    text += alphabet[value % alphabet.length];
    value = Math.floor(value / alphabet.length) + orderId * (i + 7);
  }
  return text;
}

/** The `shopify` global's data for the thank-you targets (functions are added in the frame). */
export function thankYouApiData(config: SandboxConfig, extension: UiExtension, order: SandboxOrder, buyerCustomerId: number | null, now = Date.now()) {
  return {
    extension: { target: extension.target, apiVersion: extension.apiVersion, capabilities: Object.entries(extension.capabilities).filter(([, on]) => on).map(([name]) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) },
    shop: { myshopifyDomain: config.shopDomain },
    orderConfirmation: { order: { id: `gid://shopify/Order/${order.id}` }, number: confirmationNumber(order.id) },
    // What sessionToken.get() answers: minted when the page is rendered (they live five minutes).
    sessionToken: mintCheckoutSessionToken(config, { customerId: buyerCustomerId, now }),
  };
}

// The components the app's extensions use, drawn simply. Properties mirror to attributes, so
// Preact can set either; camelCase names become lower-case attributes, as in HTML.
const ELEMENTS_SCRIPT = `
(() => {
  const css = (text) => { const style = document.createElement("style"); style.textContent = text; return style; };
  class Base extends HTMLElement {
    static props = [];
    static get observedAttributes() { return this.props.map((p) => p.toLowerCase()); }
    attributeChangedCallback() { if (this.isConnected) this.update(); }
    connectedCallback() { this.update(); }
    update() {}
    prop(name) { return this.getAttribute(name.toLowerCase()); }
  }
  function define(tag, props, Class) {
    Class.props = props;
    for (const name of props) {
      Object.defineProperty(Class.prototype, name, {
        get() { return this.getAttribute(name.toLowerCase()); },
        set(value) { if (value === null || value === undefined || value === false) this.removeAttribute(name.toLowerCase()); else this.setAttribute(name.toLowerCase(), String(value)); },
      });
    }
    customElements.define(tag, Class);
  }
  define("s-section", ["heading", "accessibilityLabel"], class extends Base {
    update() {
      const root = this.shadowRoot || this.attachShadow({ mode: "open" });
      root.innerHTML = "";
      root.append(css(":host{display:block;border:1px solid #d9d9d9;border-radius:12px;padding:16px} h2{font-size:1.15rem;margin:0 0 12px}"));
      const heading = this.prop("heading");
      if (heading) { const h = document.createElement("h2"); h.textContent = heading; root.append(h); }
      root.append(document.createElement("slot"));
    }
  });
  define("s-stack", ["direction", "gap", "alignItems", "inlineSize", "justifyContent"], class extends Base {
    update() {
      const gaps = { "small-300": "4px", "small-200": "6px", "small-100": "8px", small: "8px", base: "12px", "large-100": "20px", large: "20px" };
      const inline = this.prop("direction") === "inline";
      Object.assign(this.style, { display: "flex", flexDirection: inline ? "row" : "column", flexWrap: inline ? "wrap" : "nowrap", gap: gaps[this.prop("gap")] || "0", alignItems: this.prop("alignItems") === "center" ? "center" : "", inlineSize: this.prop("inlineSize") || "" });
    }
  });
  define("s-heading", [], class extends Base {
    connectedCallback() { this.setAttribute("role", "heading"); this.setAttribute("aria-level", "3"); Object.assign(this.style, { display: "block", fontWeight: "600", fontSize: "1.05rem" }); }
  });
  define("s-text", ["type", "tone", "color"], class extends Base {
    update() { this.style.fontWeight = this.prop("type") === "strong" ? "700" : ""; }
  });
  define("s-paragraph", [], class extends Base { connectedCallback() { this.style.display = "block"; } });
  define("s-clipboard-item", ["text", "id"], class extends Base {
    connectedCallback() { this.style.display = "none"; }
    async copy() {
      try { await navigator.clipboard.writeText(this.prop("text") || ""); this.dispatchEvent(new Event("copy")); }
      catch { this.dispatchEvent(new Event("copyerror")); }
    }
  });
  define("s-button", ["commandFor", "command", "variant", "href", "disabled", "type"], class extends Base {
    update() {
      const root = this.shadowRoot || this.attachShadow({ mode: "open" });
      if (!root.firstChild) {
        root.append(css("button{font:inherit;padding:8px 16px;border-radius:8px;border:1px solid #1773b0;background:#fff;color:#1773b0;cursor:pointer} button.primary{background:#1773b0;color:#fff}"));
        const button = document.createElement("button");
        button.type = "button";
        button.append(document.createElement("slot"));
        button.addEventListener("click", () => {
          const target = this.prop("commandFor") && document.getElementById(this.prop("commandFor"));
          if (target && typeof target.copy === "function") target.copy();
          else if (this.prop("href")) window.top.location.href = new URL(this.prop("href"), document.baseURI).href;
        });
        root.append(button);
      }
      const button = root.querySelector("button");
      button.className = this.prop("variant") === "primary" ? "primary" : "";
      button.disabled = this.hasAttribute("disabled");
    }
  });
  define("s-link", ["href", "target"], class extends Base {
    update() {
      const root = this.shadowRoot || this.attachShadow({ mode: "open" });
      if (!root.firstChild) {
        root.append(css("a{color:#1773b0}"));
        const a = document.createElement("a");
        a.target = "_top"; // links leave the block for the shop's pages, as at Shopify
        a.append(document.createElement("slot"));
        root.append(a);
      }
      root.querySelector("a").href = this.prop("href") || "#";
    }
  });
  define("s-image", ["src", "alt", "aspectRatio", "objectFit", "inlineSize", "loading"], class extends Base {
    update() {
      const root = this.shadowRoot || this.attachShadow({ mode: "open" });
      if (!root.firstChild) { root.append(css(":host{display:block} img{width:100%;display:block;border-radius:8px;background:#f4f4f4}")); root.append(document.createElement("img")); }
      const img = root.querySelector("img");
      img.src = this.prop("src") || "";
      img.alt = this.prop("alt") || "";
      img.style.aspectRatio = this.prop("aspectRatio") || "";
      img.style.objectFit = this.prop("objectFit") || "";
    }
  });
})();
`;

/** The frame's document: the elements, the `shopify` global, the bundle, then the target's entry. */
function frameDocument(apiData: ReturnType<typeof thankYouApiData>, bundle: string, globalName: string): string {
  const host = `
window.shopify = (() => {
  const data = ${scriptJson(apiData)};
  return {
    extension: data.extension,
    shop: data.shop,
    orderConfirmation: { value: data.orderConfirmation },
    sessionToken: { get: async () => data.sessionToken },
  };
})();
`;
  const fit = `
new ResizeObserver(() => {
  const frame = window.frameElement;
  if (frame) frame.style.height = document.body.children.length ? document.documentElement.scrollHeight + "px" : "0px";
}).observe(document.documentElement);
`;
  const safeBundle = bundle.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;font-family:system-ui,sans-serif;font-size:15px;color:#1f1f1f}</style></head><body>
<script>${ELEMENTS_SCRIPT}</script>
<script>${host}</script>
<script>${fit}</script>
<script>${safeBundle}
Promise.resolve(globalThis[${scriptJson(globalName)}].default()).catch((error) => console.error("[ui-extension]", error));</script>
</body></html>`;
}

/**
 * The thank-you page's extension blocks (target purchase.thank-you.block.render), one iframe each.
 * `buyerCustomerId`: the logged-in shopper (the session token's sub), not necessarily the order's.
 */
export async function thankYouBlocksHtml(config: SandboxConfig, order: SandboxOrder, buyerCustomerId: number | null): Promise<string> {
  const extensions = listUiExtensions(config.extensionsDir).filter((e) => e.target === THANK_YOU_BLOCK_TARGET);
  const frames = await Promise.all(
    extensions.map(async (extension) => {
      const globalName = `__uiExtension_${extension.handle.replace(/\W/g, "_")}`;
      let bundle: string;
      try {
        bundle = await uiExtensionBundle(extension, globalName, { "process.env.ENCORE_APP_URL": config.appUrl });
      } catch (error) {
        // A broken extension must not take the order confirmation page down with it.
        console.error(`[sandbox] building the ${extension.handle} extension failed`, error);
        return `<p class="muted">The ${escapeAttribute(extension.name)} extension did not build: see the sandbox's log.</p>`;
      }
      const srcdoc = frameDocument(thankYouApiData(config, extension, order, buyerCustomerId), bundle, globalName);
      return `<iframe class="ui-extension" data-extension="${escapeAttribute(extension.handle)}" title="${escapeAttribute(extension.name)}" allow="clipboard-write" style="width:100%;border:0;height:0;display:block;margin:16px 0" srcdoc="${escapeAttribute(srcdoc)}"></iframe>`;
    }),
  );
  return frames.join("\n");
}
