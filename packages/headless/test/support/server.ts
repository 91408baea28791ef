import { serverPerTest as perTest, startScriptedServer, type ScriptedServer } from "@parley/test-support";
import type { ChatResponse, MessageResponse } from "../../src/index.js";

export { formDataOf, type Behaviour, type RecordedRequest, type ScriptedServer } from "@parley/test-support";

export const AUTH_PATH = "/api/v2/auth/end_user";
export const TOKEN = "t0k3n-value";

/** The shared scripted server, with POST /api/v2/auth/end_user answering a token by default. */
export async function startServer(): Promise<ScriptedServer> {
  const server = await startScriptedServer();
  server.on("POST", AUTH_PATH, { status: 200, json: { token: TOKEN, expires_in: 3600 } });
  return server;
}

/** A fresh server (as `startServer`) per test, and the clients made in a test closed after it. */
export function serverPerTest(hooks: Parameters<typeof perTest>[0]) {
  return perTest(hooks, startServer);
}

// ---- Factories: response bodies copied from the spec's examples ------------------------------

export const CHAT_ID = 8812;
export const MENU_ID = 123;

/** The spec's CompanyResponse example. */
export function companyBody() {
  return {
    name: "Acme Corp",
    subdomain: "acme",
    support_email: "support@acme.com",
    languages: [
      { code: "en", name: "English" },
      { code: "pt-BR", name: "Português (Brasil)" },
    ],
    action_tracking: true,
    email_transcripts: true,
    message_preview: true,
    email_enhancement: false,
    cobrowse_domain: "cobrowse.acme.com",
  };
}

/** An RFC 9457 problem as the API sends it. */
export function problem(status: number, title: string, detail: string, instance: string) {
  return { type: `https://docs.parley.dev/problems/${title.toLowerCase().replace(/ /g, "-")}`, title, status, detail, instance, request_id: "req_01HV6X3K9X" };
}

/** A valid ChatResponse (the spec's createChat example, status `queued`), with `overrides`. */
export function chatState(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    id: CHAT_ID,
    status: "queued",
    status_text: "Waiting for an agent",
    menu_id: MENU_ID,
    lang: "en",
    created_at: "2024-05-14T15:02:58Z",
    ended_at: null,
    cobrowsable: true,
    participants: [{ identity: "end_user-42", type: "end_user", name: "Alex Rivera", typing: false }],
    post_session_required: false,
    ...overrides,
  };
}

/** The agent of the spec's ChatAssigned example. */
export function agent(typing = false): ChatResponse["participants"][number] {
  return { identity: "agent-7", type: "agent", name: "Dana", typing };
}

/** A valid MessageResponse at `$index` (an agent's text message), with `overrides`. */
export function message(index: number, overrides: Partial<MessageResponse> = {}): MessageResponse {
  return {
    $index: index,
    $sid: `IM${index.toString(16).padStart(4, "0")}5e9e2a4b7d4f1a8e3b6c9d2f5a8b`,
    $timestamp: new Date(Date.UTC(2024, 4, 14, 15, 3, index)).toISOString().replace(".000", ""),
    $userType: "agent",
    $userId: 7,
    type: "text",
    content: `Message number ${index}.`,
    signature: "c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6",
    ...overrides,
  };
}

/** Parses a recorded multipart/form-data request with the platform's own parser. */
