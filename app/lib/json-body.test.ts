import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "./json-body";

const schema = z.object({ id: z.string({ required_error: "Choose a reward." }).min(1, "Choose a reward.") });
const post = (body: string) => new Request("http://x/", { method: "POST", body });

describe("readJsonBody", () => {
  it("returns the parsed body", async () => {
    expect(await readJsonBody(post('{"id":"r1"}'), schema, 100)).toEqual({ ok: true, data: { id: "r1" } });
  });

  it("refuses a body over the limit in bytes, not characters", async () => {
    expect(await readJsonBody(post(JSON.stringify({ id: "é".repeat(30) })), schema, 40)).toMatchObject({ ok: false, status: 413, error: "too-large" });
  });

  it("refuses text that is not JSON, and JSON the schema rejects, with the schema's message", async () => {
    expect(await readJsonBody(post("{id:"), schema, 100)).toMatchObject({ ok: false, status: 400, error: "bad-json", message: "The request body is not JSON." });
    expect(await readJsonBody(post("{}"), schema, 100)).toMatchObject({ ok: false, status: 400, error: "bad-input", message: "Choose a reward." });
  });

  it("reads an empty body as an empty object", async () => {
    expect(await readJsonBody(post(""), schema, 100)).toMatchObject({ ok: false, message: "Choose a reward." });
  });
});
