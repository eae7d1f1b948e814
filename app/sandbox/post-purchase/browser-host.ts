/// <reference lib="dom" />
// Shopify's side of a post-purchase extension, in the sandbox's page (bundled by extension.ts).
// At Shopify the extension runs in a worker and its remote-ui tree is rendered by checkout's own
// components; here it runs in the page, with a real @remote-ui/core root whose operations become
// plain HTML elements, so the extension meets the same API (createComponent, appendChild,
// updateProps, RemoteText.updateText; no replaceChildren) and a test can click real buttons.
import {
  ACTION_INSERT_CHILD,
  ACTION_MOUNT,
  ACTION_REMOVE_CHILD,
  ACTION_UPDATE_PROPS,
  ACTION_UPDATE_TEXT,
  createRemoteRoot,
  KIND_TEXT,
  type RemoteChannel,
  type RemoteComponentSerialization,
  type RemoteTextSerialization,
} from "@remote-ui/core";

interface PageConfig {
  inputData: { initialPurchase: { referenceId: string } } & Record<string, unknown>;
  extensionUrl: string;
  calculateUrl: string;
  applyUrl: string;
  thankYouUrl: string;
}

type Props = Record<string, unknown>;
type Serialized = RemoteComponentSerialization | RemoteTextSerialization;

const COMPONENTS = [
  "Banner", "BlockStack", "Bookend", "Button", "ButtonGroup", "CalloutBanner", "Checkbox", "Form", "FormLayout", "FormLayoutGroup",
  "Heading", "HeadingGroup", "HiddenForAccessibility", "Image", "InlineStack", "Layout", "Link", "Radio", "Select", "Separator",
  "Spinner", "Text", "TextBlock", "TextContainer", "TextField", "Tiles", "View", "VisuallyHidden",
];

interface Rendered {
  type: string;
  element: HTMLElement;
  /** Where the component's children go. */
  slot: HTMLElement;
  props: Props;
}

const config = JSON.parse(document.getElementById("post-purchase-config")!.textContent!) as PageConfig;
const container = document.getElementById("post-purchase-extension")!;
const rendered = new Map<string, Rendered>();
const texts = new Map<string, Text>();

function create(tag: string, className: string): HTMLElement {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}

function elementFor(type: string, props: Props): { element: HTMLElement; slot: HTMLElement } {
  switch (type) {
    case "Button": {
      const button = create("button", "pp-button");
      button.setAttribute("type", "button");
      return { element: button, slot: button };
    }
    case "CalloutBanner":
    case "Banner": {
      const section = create("section", type === "Banner" ? `pp-banner pp-banner-${String(props.status ?? "info")}` : "pp-callout");
      const title = create("h2", "pp-callout-title");
      const slot = create("div", "pp-callout-content");
      section.append(title, slot);
      return { element: section, slot };
    }
    case "Heading": {
      const heading = create(`h${Math.min(3, Number(props.level ?? 1)) + 1}`, "pp-heading");
      return { element: heading, slot: heading };
    }
    case "Text": {
      const role = props.role as string | { type?: string } | undefined;
      const text = create(role === "deletion" ? "del" : "span", "pp-text");
      return { element: text, slot: text };
    }
    case "TextBlock": {
      const paragraph = create("p", "pp-textblock");
      return { element: paragraph, slot: paragraph };
    }
    case "Image": {
      const image = create("img", "pp-image");
      return { element: image, slot: image };
    }
    case "Separator": {
      const rule = create("hr", "pp-separator");
      return { element: rule, slot: rule };
    }
    case "Spinner": {
      const spinner = create("span", "pp-spinner");
      spinner.textContent = "Loading…";
      return { element: spinner, slot: spinner };
    }
    case "Link": {
      const link = create("a", "pp-link");
      return { element: link, slot: link };
    }
    default: {
      const box = create("div", `pp-${type.toLowerCase()}`);
      return { element: box, slot: box };
    }
  }
}

/** Sets what the props say on the element; called on creation and on every updateProps. */
function applyProps(node: Rendered): void {
  const { type, element, props } = node;
  element.dataset.component = type;
  if (type === "Button") {
    const button = element as HTMLButtonElement;
    button.disabled = Boolean(props.disabled) || Boolean(props.loading);
    button.setAttribute("aria-busy", props.loading ? "true" : "false");
    button.classList.toggle("pp-button-subdued", Boolean(props.subdued || props.plain));
    button.onclick = typeof props.onPress === "function" ? () => (props.onPress as () => void)() : null;
  } else if (type === "CalloutBanner" || type === "Banner") {
    (element.firstElementChild as HTMLElement).textContent = typeof props.title === "string" ? props.title : "";
  } else if (type === "Image") {
    const image = element as HTMLImageElement;
    image.src = String(props.source ?? "");
    image.alt = props.decorative ? "" : String(props.description ?? "");
  } else if (type === "Link") {
    (element as HTMLAnchorElement).href = String(props.to ?? "#");
    element.onclick = typeof props.onPress === "function" ? () => (props.onPress as () => void)() : null;
  } else if (type === "Text" || type === "TextBlock") {
    element.classList.toggle("pp-emphasized", Boolean(props.emphasized));
    element.classList.toggle("pp-subdued", Boolean(props.subdued));
    element.classList.toggle("pp-critical", props.appearance === "critical");
    element.classList.toggle("pp-large", props.size === "large" || props.size === "xlarge");
  }
}

function build(child: Serialized): Node {
  if (child.kind === KIND_TEXT) {
    const text = document.createTextNode((child as RemoteTextSerialization).text);
    texts.set(child.id, text);
    return text;
  }
  const component = child as RemoteComponentSerialization;
  const type = String(component.type);
  const { element, slot } = elementFor(type, component.props as Props);
  const node: Rendered = { type, element, slot, props: { ...(component.props as Props) } };
  rendered.set(component.id, node);
  applyProps(node);
  for (const grandchild of component.children) slot.appendChild(build(grandchild as Serialized));
  return element;
}

const slotOf = (parentId: string | undefined) => (parentId === undefined || !rendered.has(parentId) ? container : rendered.get(parentId)!.slot);

const channel: RemoteChannel = (type: number, ...payload: unknown[]) => {
  if (type === ACTION_MOUNT) {
    container.replaceChildren(...(payload[0] as Serialized[]).map(build));
  } else if (type === ACTION_INSERT_CHILD) {
    const [parentId, index, child] = payload as [string | undefined, number, Serialized];
    const slot = slotOf(parentId);
    // A moved child keeps its element; a new one is built.
    const existing = child.kind === KIND_TEXT ? texts.get(child.id) : rendered.get(child.id)?.element;
    const node = existing ?? build(child);
    slot.insertBefore(node, slot.childNodes[index] ?? null);
  } else if (type === ACTION_REMOVE_CHILD) {
    const [parentId, index] = payload as [string | undefined, number];
    slotOf(parentId).childNodes[index]?.remove();
  } else if (type === ACTION_UPDATE_TEXT) {
    const [id, text] = payload as [string, string];
    const node = texts.get(id);
    if (node) node.textContent = text;
  } else if (type === ACTION_UPDATE_PROPS) {
    const [id, props] = payload as [string, Props];
    const node = rendered.get(id);
    if (node) {
      Object.assign(node.props, props);
      applyProps(node);
    }
  }
};

// ---- the extension API -------------------------------------------------------------------------

type ExtensionFunction = (...args: unknown[]) => unknown;
const extensionPoints = new Map<string, ExtensionFunction>();
(self as unknown as { shopify: unknown }).shopify = {
  extend(point: string, fn: ExtensionFunction) {
    extensionPoints.set(point, fn);
  },
  reload() {
    location.reload();
  },
};

// Shopify keeps what ShouldRender stored for Render (and a reload): sessionStorage here.
const storageKey = `encore-sandbox-post-purchase:${config.inputData.initialPurchase.referenceId}`;
function storage() {
  const raw = sessionStorage.getItem(storageKey);
  return {
    initialData: raw === null ? undefined : (JSON.parse(raw) as unknown),
    async update(data: unknown) {
      sessionStorage.setItem(storageKey, JSON.stringify(data));
    },
  };
}

async function postJson(url: string, body: unknown) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return response.json() as Promise<unknown>;
}

let finished = false;
function done(): Promise<void> {
  if (!finished) {
    finished = true;
    document.body.dataset.postPurchase = "done";
    location.assign(config.thankYouUrl);
  }
  return Promise.resolve();
}

async function run() {
  const shouldRender = extensionPoints.get("Checkout::PostPurchase::ShouldRender");
  const render = extensionPoints.get("Checkout::PostPurchase::Render");
  if (!shouldRender || !render) return done();
  const decision = (await shouldRender({ extensionPoint: "Checkout::PostPurchase::ShouldRender", inputData: config.inputData, storage: storage() })) as { render?: boolean } | undefined;
  if (!decision?.render) return done();
  const root = createRemoteRoot(channel, { components: COMPONENTS });
  document.body.dataset.postPurchase = "rendering";
  render(root, {
    extensionPoint: "Checkout::PostPurchase::Render",
    inputData: config.inputData,
    storage: storage(),
    calculateChangeset: (changeset: unknown) => postJson(config.calculateUrl, { changeset }),
    applyChangeset: (token: string) => postJson(config.applyUrl, { token }),
    done,
  });
}

const script = document.createElement("script");
script.src = config.extensionUrl;
script.onload = () => {
  run().catch((error: unknown) => {
    // An extension that throws must not strand the buyer: Shopify moves on to the thank-you page.
    console.error(error);
    void done();
  });
};
script.onerror = () => void done();
document.head.appendChild(script);
