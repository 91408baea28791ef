// The response schema of every operation, checked on each body before it is used.
import type { Shape } from "@parley/core";

// The 2xx bodies of openapi/headless.yaml, by operationId: each schema's fields and types (see
// `Shape` in @parley/core). test/shapes.test.ts holds every spec example to its shape.

const MenuItem: Shape = {
  id: "integer", "name?": "string", enabled: "boolean", "redirection?": { option: "string", data: "string" },
  "children?": [() => MenuItem], channels: [{ type: "string", enabled: "boolean", "wait_time?": "integer" }],
  "deflection?": { enabled: "boolean", type: "string" },
};
const CallResponse: Shape = {
  id: "integer", lang: "string", menu_id: "integer", status: "string", type: "string", "scheduled_at?": "string",
  recording_permitted: "boolean", survey_enabled: "boolean", created_at: "string", menus: [{ id: "integer", name: "string" }],
};
const ChatResponse: Shape = {
  id: "integer", status: "string", status_text: "string", menu_id: "integer", lang: "string", created_at: "string",
  "ended_at?": "string|null", cobrowsable: "boolean", participants: [{ identity: "string", type: "string", "name?": "string", typing: "boolean" }],
  "post_session_required?": "boolean", "post_session_opt_in_required?": "boolean", "post_session_transfer_status?": "string",
};
const MessageResponse: Shape = {
  $index: "integer", $sid: "string", $timestamp: "string", $userType: "string", $userId: "integer", type: "string",
  "content?": "string", "event?": "string", "file?": { name: "string", size: "integer", content_type: "string" },
  "media_id?": "integer", "groupMessageId?": "integer", "document?": { url: "string" }, "unredacted?": "string",
  "buttons?": [{ title: "string" }], "message?": { messages: ["string"], type: "string" }, signature: "string",
  "form?": {
    id: "integer", form_type: "string", name: "string", title: "string", subtitle: "string",
    external_form_id: "string", smart_action_id: "integer", image: "string",
  },
};

export const SHAPES: Readonly<Record<string, Shape>> = {
  createEndUserToken: { token: "string", expires_in: "integer" },
  getTrigger: [{
    id: "string", name: "string", enabled: "boolean", url_pattern: "string", match_type: "string",
    delay_seconds: "integer", "greeting?": "string", "menu_id?": "integer",
  }],
  getCompany: {
    name: "string", subdomain: "string", support_email: "string", languages: [{ code: "string", name: "string" }],
    action_tracking: "boolean", email_transcripts: "boolean", message_preview: "boolean", email_enhancement: "boolean",
    "cobrowse_domain?": "string",
  },
  getAfterHourMessage: { message: "string" },
  getMenus: { menus: [MenuItem], direct: { key: "boolean", user: "boolean" } },
  getWaitTimes: { chat: "integer", voice_call: "integer" },
  getTimeSlots: ["string"],
  createCall: CallResponse,
  loadCall: CallResponse,
  cancelCall: CallResponse,
  createChat: ChatResponse,
  createEmail: { id: "integer", type: "string", status: "string", fail_reason: "string", attachment_count: "integer" },
  loadChat: ChatResponse,
  resumeChat: ChatResponse,
  fetchMessages: [MessageResponse],
  sendMessage: { id: "integer", $index: "integer", $sid: "string" },
  uploadChatMedia: { id: "integer", type: "string", content_type: "string", size: "integer" },
  getChatDeflection: {
    enabled: "boolean", threshold: "integer", email: "boolean", keep_waiting: "boolean",
    external_deflection_links: { enabled: "boolean", ids: ["integer"] },
  },
  downloadChatTranscript: { status: "string", chat_transcript_id: "integer" },
  getPdfStatus: { status: "string", "failed_reason?": "string" },
  getChatSurvey: {
    "id?": "integer", "lang?": "string", sign_off_display_text: "string",
    questions: [{
      id: "integer", type: "string", display_text: "string", "name?": "string", "is_csat?": "boolean",
      "position?": "integer", "valid_answers?": [{ key: "string", value: "string" }],
    }],
  },
  getChatHistory: {
    chats: [{ comm_id: "integer", assigned_at: "string", comm_type: "string", timezone: "string", entries: [MessageResponse] }],
    missing_chat_ids: ["integer"], pagination: { next_page: "integer", per_page: "integer" },
  },
  getProhibitedFileTypes: [{ extension: "string", description: "string" }],
  createCobrowseCode: { code: "string" },
  startCobrowse: { id: "string", status: "string", "from?": "string" },
};
