import type { ConversationList, ConversationSummary } from "../../src/index.js";
import type { RecordedRequest } from "@parley/test-support";

export { startScriptedServer as startServer, type Behaviour, type RecordedRequest, type ScriptedServer } from "@parley/test-support";

// ---- Fixtures: shapes from openapi/agent-api.yaml ------------------------------------------------

/** An RFC 9457 problem as the API (Zuplo) sends it. */
export function problem(status: number, title: string, detail: string, instance: string) {
  return {
    type: `https://httpproblems.com/http-status/${status}`,
    title,
    status,
    instance,
    detail,
    trace: { requestId: "5b0e7c1a-3d2f-4e8b-9a61-0c4d7f2e8b13", timestamp: "2025-03-14T13:02:11.482Z", buildId: "9e3f1c27" },
  };
}

/** A valid ConversationSummary number `n`. */
export function conversation(n: number): ConversationSummary {
  return {
    id: `conv-${n}`,
    botId: "bot_3f9a",
    botname: "Eva Atendimento",
    channel: n % 2 === 0 ? "whatsapp" : "web",
    createdAt: `2025-03-${String(10 + n).padStart(2, "0")}T13:02:11Z`,
    survey: 0,
    meta: { customerId: `cliente-${4470 + n}` },
  };
}

/** A ConversationList page (total 5 unless overridden). */
export function page(conversations: ConversationSummary[], fields: { currentPage: number; totalPages: number; cursor?: string | null; total?: number }): ConversationList {
  return { total: fields.total ?? 5, currentPage: fields.currentPage, totalPages: fields.totalPages, cursor: fields.cursor, conversations };
}

/** The query of a recorded request as a plain object (for exact comparisons). */
export function queryOf(request: RecordedRequest | undefined): Record<string, string> {
  return Object.fromEntries(request?.query ?? []);
}
