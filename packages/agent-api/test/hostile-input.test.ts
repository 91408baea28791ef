// Property: every public method, given a hostile value in any argument (nested fields included),
// throws a ValidationError naming an argument and sends nothing.
import { describe, expect, it, vi } from "vitest";
import { HOSTILE } from "@parley/test-support";
import { AgentApi, ValidationError } from "../src/index.js";

const H = Symbol("hostile");
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
/** Each method (`resource.method`) with valid arguments; `H` marks where the hostile value goes. */
const CALLS: [string, unknown[]][] = [
  ["conversations.list", [H]],
  ["conversations.list", [{ limit: H }]],
  ["conversations.list", [{ search: H }]],
  ["conversations.list", [{ meta: H }]],
  ["conversations.list", [{ currentPage: 1, cursor: H }]],
  ["conversations.list", [{ dateInit: H }]],
  ["conversations.list", [{}, { signal: H }]],
  ["conversations.get", [H]],
  ["conversations.create", [H]],
  ["conversations.create", ["bot", H]],
  ["conversations.create", ["bot", { meta: H }]],
  ["conversations.create", ["bot", { meta: { a: H } }]],
  ["conversations.updateMeta", [CONV, H]],
  ["conversations.updateMeta", [CONV, { a: H }]],
  ["messages.list", [H]],
  ["chat.complete", [CONV, H]],
  ["chat.complete", [CONV, "Olá", H]],
  ["feedback.send", ["m1", H]],
  ["feedback.send", ["m1", { feedback: "positive", comment: H }]],
  ["survey.send", [CONV, { survey: H }]],
  ["survey.send", [CONV, { survey: 5, comment: H }]],
];

const place = (args: unknown[], value: unknown): unknown[] =>
  args.map(function swap(a): unknown {
    if (a === H) return value;
    if (a && typeof a === "object") return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, swap(v)]));
    return a;
  });

describe("hostile input over every public method", () => {
  it("property: a ValidationError naming an argument, and nothing sent", async () => {
    // Every method with every hostile kind (exhaustive, so a run cannot miss a pair).
    for (const [name, args] of CALLS) {
      for (const label of Object.keys(HOSTILE)) {
        const fetch = vi.fn(async () => new Response("{}", { status: 200 }));
        const api = new AgentApi({ apiKey: "sk-hostile-0123456789", baseUrl: "http://127.0.0.1:9", fetch });
        const [resource, method] = name.split(".") as [string, string];
        const target = (api as unknown as Record<string, Record<string, (...a: unknown[]) => PromiseLike<unknown>>>)[resource]!;
        let error: unknown;
        try {
          await target[method]!.apply(target, place(args, HOSTILE[label]!()));
        } catch (e) {
          error = e;
        }
        expect(error, `${name} with ${label}`).toBeInstanceOf(ValidationError);
        expect(fetch).not.toHaveBeenCalled();
      }
    }
  }, 60_000);
});
