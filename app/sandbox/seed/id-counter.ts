/** Hands out the ids of everything in the demo shop from one running counter, so ids are unique across kinds like Shopify's. */
export class IdCounter {
  constructor(private nextValue: number) {}

  next(): number {
    return this.nextValue++;
  }

  /** The first id not handed out yet (becomes SandboxState.nextId). */
  peek(): number {
    return this.nextValue;
  }
}
