// Property: every public method, given a hostile value in any argument (nested fields included),
// throws a ValidationError naming an argument and sends nothing.
import { describe, expect, it, vi } from "vitest";
import { HOSTILE } from "@parley/test-support";
import { Client, ValidationError, memoryStorage, type ClientOptions } from "../src/index.js";

const H = Symbol("hostile");
type Args = unknown[];
/** Each method with valid arguments; `H` marks the place the hostile value goes. */
const CALLS: [string, Args][] = [
  ["getTrigger", [{ signal: H }]],
  ["getAfterHourMessage", [H]],
  ["getMenus", [H]],
  ["getMenus", ["key", H]],
  ["getWaitTimes", [H]],
  ["getWaitTimes", [1, H]],
  ["createCall", [H, { phone_number: "+15551234567" }]],
  ["createCall", [1, H]],
  ["createCall", [1, { phone_number: H }]],
  ["createCall", [1, { phone_number: "+15551234567", lang: H }]],
  ["createCall", [1, { phone_number: "+15551234567", ticket_id: H }]],
  ["createCall", [1, { phone_number: "+15551234567", scheduled_at: H }]],
  ["createCall", [1, { phone_number: "+15551234567", custom_data: H }]],
  ["createCall", [1, { phone_number: "+15551234567", custom_data: { unsigned: { a: H } } }]],
  ["loadCall", [H]],
  ["cancelCall", [H]],
  ["getTimeSlots", [1, H]],
  ["createChat", [1, H]],
  ["createChat", [1, { lang: H }]],
  ["createChat", [1, { trigger_id: H }]],
  ["createChat", [1, { custom_data: { signed: H } }]],
  ["createChat", [1, { greeting: H }]],
  ["loadChat", [H]],
  ["resumeChat", [H]],
  ["sendTextMessage", [H]],
  ["sendPreviewMessage", [H]],
  ["sendChatTranscripts", [H]],
  ["sendChatTranscripts", [[H]]],
  ["getPdfStatus", [H]],
  ["sendChatSurvey", [H]],
  ["sendChatSurvey", [{ "1": H }]],
  ["sendChatRate", [H]],
  ["sendChatRate", [{ rating: H }]],
  ["sendChatRate", [{ rating: 5, feedback: H }]],
  ["escalateChat", [{ reason: H }]],
  ["trackChatEscalation", [H, "email"]],
  ["trackChatEscalation", [1, H]],
  ["trackChatEndUserEvent", [H]],
  ["trackChatEndUserEvent", [{ end_user_name: H }]],
  ["getChatHistory", [H]],
  ["createEmail", [1, H]],
  ["createEmail", [1, { email: "a@b.co", content: H }]],
  ["createEmail", [1, { email: "a@b.co", content: "x", name: H }]],
  ["createEmail", [1, { email: "a@b.co", content: "x", files: H }]],
  ["createCobrowseCode", [H]],
  ["createCobrowseCode", ["en", H]],
  ["createCobrowseCode", ["en", { a: H }]],
  ["startCobrowse", [H]],
  ["getMessageAttachment", [H]],
  ["getMessageAttachment", [{ media_id: H }]],
  ["updatePostSession", [H]],
  ["getCompany", [H]],
];

const place = (args: Args, value: unknown): Args =>
  args.map(function swap(a): unknown {
    if (a === H) return value;
    if (Array.isArray(a)) return a.map(swap);
    if (a && typeof a === "object") return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, swap(v)]));
    return a;
  });

describe("hostile input over every public method", () => {
  it("property: a ValidationError naming an argument, and nothing sent", async () => {
    // Every method with every hostile kind (exhaustive, so a run cannot miss a pair).
    for (const [method, args] of CALLS) {
      for (const label of Object.keys(HOSTILE)) {
        const fetch = vi.fn(async () => new Response("{}", { status: 200 }));
        const options: ClientOptions = { companyId: "acme", authenticate: async () => ({ token: "jwt" }), host: "http://127.0.0.1:9", fetch, transport: false, storage: memoryStorage() };
        const client = new Client(options);
        const call = (client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
        let error: unknown;
        try {
          await call.apply(client, place(args, HOSTILE[label]!()));
        } catch (e) {
          error = e;
        }
        expect(error, `${method} with ${label}`).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).argument.length).toBeGreaterThan(0);
        expect(fetch).not.toHaveBeenCalled();
      }
    }
  });
});
