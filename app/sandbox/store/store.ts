import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxState } from "./types";

/**
 * The sandbox dev store's state: held in memory (it is one process, like one Shopify shop) and
 * written to a JSON file after each change so a restart keeps orders placed in the sandbox.
 * Writes are atomic (temp file + rename) so a crash never leaves a half-written store.
 */
export class SandboxStore {
  private dirty = false;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    public state: SandboxState,
    private readonly filePath: string | null,
  ) {}

  static load(filePath: string): SandboxStore | null {
    if (!existsSync(filePath)) return null;
    const state = JSON.parse(readFileSync(filePath, "utf8")) as SandboxState;
    if (state.version !== 1) throw new Error(`Sandbox store ${filePath} has unknown version ${String(state.version)}`);
    return new SandboxStore(state, filePath);
  }

  /** Hands out a new numeric id (unique across resource kinds). */
  nextId(): number {
    return this.state.nextId++;
  }

  nextOrderName(): string {
    return `#${this.state.nextOrderNumber++}`;
  }

  /** Marks the state changed; it is written to disk shortly (coalescing bursts of changes). */
  changed(): void {
    if (!this.filePath) return;
    this.dirty = true;
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, 200);
    this.flushTimer.unref();
  }

  flush(): void {
    if (!this.filePath || !this.dirty) return;
    mkdirSync(dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.filePath);
    this.dirty = false;
  }

  save(): void {
    this.dirty = true;
    this.flush();
  }

  product(id: number) {
    return this.state.products.find((p) => p.id === id) ?? null;
  }

  productByHandle(handle: string) {
    return this.state.products.find((p) => p.handle === handle) ?? null;
  }

  variant(id: number) {
    for (const product of this.state.products) {
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return null;
  }

  collectionByHandle(handle: string) {
    return this.state.collections.find((c) => c.handle === handle) ?? null;
  }

  customer(id: number) {
    return this.state.customers.find((c) => c.id === id) ?? null;
  }

  order(id: number) {
    return this.state.orders.find((o) => o.id === id) ?? null;
  }
}
