// Product images for the sandbox catalogue: an SVG drawn from the handle (a stable colour per
// product) and the product's title, so every product has a distinct, recognisable picture
// without shipping image files. `?view=2` draws the "detail" shot of the same product.
import { createHash } from "node:crypto";
import { escapeHtml } from "./liquid-engine";

const SIZE = 800;

/** Splits a title into at most three lines of about `width` characters. */
function wrapTitle(title: string, width = 14): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of title.split(/\s+/).filter(Boolean)) {
    if (current && (current + " " + word).length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  if (lines.length > 3) return [...lines.slice(0, 2), `${lines.slice(2).join(" ").slice(0, width - 1)}…`];
  return lines;
}

export function productImageSvg(handle: string, title: string, view = 1): string {
  const digest = createHash("sha1").update(handle).digest();
  const hue = digest.readUInt16BE(0) % 360;
  const accentHue = (hue + 35 + (digest[2] % 50)) % 360;
  const background = `hsl(${hue} 55% ${view === 1 ? 86 : 78}%)`;
  const shape = `hsl(${accentHue} 45% ${view === 1 ? 62 : 52}%)`;
  const ink = `hsl(${hue} 40% 22%)`;
  const lines = wrapTitle(title);
  const fontSize = 56;
  const firstBaseline = SIZE * 0.78 - ((lines.length - 1) * fontSize * 1.15) / 2;
  const text = lines
    .map((line, i) => `<text x="50%" y="${Math.round(firstBaseline + i * fontSize * 1.15)}" text-anchor="middle">${escapeHtml(line)}</text>`)
    .join("");
  // The detail view zooms on the shape; the main view shows the whole "product" and its name.
  const radius = view === 1 ? 170 : 300;
  const cy = view === 1 ? 330 : 400;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${escapeHtml(title)}">
<rect width="100%" height="100%" fill="${background}"/>
<circle cx="${SIZE / 2}" cy="${cy}" r="${radius}" fill="${shape}"/>
<rect x="${SIZE / 2 - radius * 0.45}" y="${cy - radius * 0.45}" width="${radius * 0.9}" height="${radius * 0.9}" rx="${radius * 0.12}" fill="${background}" opacity="0.55"/>
<g font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="${fontSize}" font-weight="600" fill="${ink}">${view === 1 ? text : ""}</g>
</svg>`;
}

/** Title for a handle without a product (deleted since): "blue-mug" -> "Blue Mug". */
export function titleFromHandle(handle: string): string {
  return handle
    .split("-")
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}
