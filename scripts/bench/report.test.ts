import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipSize, markdownTable, median, percentile, selectSections, textTable, type Row } from "./report";
import { blockAssets } from "./weight";

describe("percentile and median", () => {
  it("nearest rank on an ascending array", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it("median of odd and even counts, whatever the order", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe("gzipSize", () => {
  it("is the length of a gzip stream that decompresses to the input", () => {
    const text = "const a = 1;\n".repeat(200);
    const size = gzipSize(text);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThan(text.length / 10);
    expect(gzipSize(Buffer.from(text))).toBe(size);
    expect(size).toBe(gzipSync(text, { level: 9 }).length);
    expect(gunzipSync(gzipSync(text, { level: 9 })).toString()).toBe(text);
  });
});

const rows: Row[] = [
  { section: "weight", figure: "fbt JS", value: "3.70 KB", budget: "<= 4 KB", holds: "yes" },
  { section: "proxy", figure: "p99 | with a pipe", value: "12.00 ms", budget: "(report)", holds: "-" },
];

describe("tables", () => {
  it("pads the text table's columns to the widest cell", () => {
    const lines = textTable(rows).split("\n");
    expect(lines[0]).toMatch(/^section \| figure +\| value +\| budget +\| holds$/);
    expect(lines[1]).toMatch(/^-+-\|-/);
    expect(lines[2].indexOf("3.70 KB")).toBe(lines[3].indexOf("12.00 ms"));
    expect(lines).toHaveLength(4);
  });

  it("escapes pipes in markdown cells", () => {
    const md = markdownTable(rows).split("\n");
    expect(md[0]).toBe("| section | figure | value | budget | holds |");
    expect(md[2]).toBe("| weight | fbt JS | 3.70 KB | <= 4 KB | yes |");
    expect(md[3]).toBe("| proxy | p99 \\| with a pipe | 12.00 ms | (report) | - |");
  });
});

describe("selectSections", () => {
  const all = [{ name: "weight" }, { name: "proxy" }, { name: "admin" }];
  it("keeps the suite's order and rejects unknown names", () => {
    expect(selectSections(all, undefined)).toEqual(all);
    expect(selectSections(all, "admin,weight").map((s) => s.name)).toEqual(["weight", "admin"]);
    expect(() => selectSections(all, "weight,speed")).toThrow(/unknown section\(s\) speed/);
  });
});

describe("blockAssets", () => {
  it("splits a block's assets into first paint (schema, script/link tags) and on interaction (URLs it hands its script)", () => {
    const source = `{% comment %}<script src="{{ 'commented.js' | asset_url }}"></script>{% endcomment %}
<div data-x>
  <script type="application/json">{ "panel": {{ 'panel.js' | asset_url | json }} }</script>
  <script src="{{ 'shared.js' | asset_url }}" defer="defer"></script>
</div>
{% schema %}{ "name": "X", "target": "section", "javascript": "x.js", "stylesheet": "x.css" }{% endschema %}`;
    const assets = blockAssets({ name: "x", source, schema: { name: "X", target: "section", javascript: "x.js", stylesheet: "x.css" } });
    expect(assets.initial).toEqual(["x.js", "x.css", "shared.js"]);
    expect(assets.interaction).toEqual(["panel.js"]);
  });
});
