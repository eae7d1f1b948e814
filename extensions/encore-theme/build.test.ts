// The committed assets/*.js are what Shopify serves, so they must be the build (npm run
// build:theme: esbuild --minify) of the readable src/*.js: editing one and forgetting the other
// fails here.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const extension = fileURLToPath(new URL(".", import.meta.url));
const script = fileURLToPath(new URL("../../scripts/build-theme.mjs", import.meta.url));

/** Exit status and stderr of `node scripts/build-theme.mjs --check <dir>`. */
function check(dir: string): { status: number; stderr: string } {
  try {
    execFileSync(process.execPath, [script, "--check", dir], { stdio: "pipe" });
    return { status: 0, stderr: "" };
  } catch (error) {
    const e = error as { status: number; stderr: Buffer };
    return { status: e.status, stderr: String(e.stderr) };
  }
}

describe("npm run build:theme", () => {
  it("committed assets/*.js are the build of src/*.js", () => {
    expect(check(extension)).toEqual({ status: 0, stderr: "" });
  });

  it("notices a source edited without a rebuild, an asset edited by hand, and an asset without a source", () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-theme-"));
    try {
      for (const sub of ["src", "assets"]) cpSync(join(extension, sub), join(dir, sub), { recursive: true });
      expect(check(dir).status).toBe(0);
      writeFileSync(join(dir, "src", "encore-embed.js"), "(() => { window.EncoreEdited = 1; })();\n");
      expect(check(dir)).toMatchObject({ status: 1, stderr: expect.stringContaining("encore-embed.js") as string });
      execFileSync(process.execPath, [script, dir]);
      expect(check(dir).status).toBe(0);
      writeFileSync(join(dir, "assets", "encore-fbt.js"), "window.EncoreFbt = {};\n");
      expect(check(dir)).toMatchObject({ status: 1, stderr: expect.stringContaining("encore-fbt.js") as string });
      execFileSync(process.execPath, [script, dir]);
      writeFileSync(join(dir, "assets", "encore-stray.js"), "x");
      expect(check(dir)).toMatchObject({ status: 1, stderr: expect.stringContaining("encore-stray.js") as string });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
