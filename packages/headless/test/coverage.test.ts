// The spec and the SDK cover every method, interface, field and enum value of the vendor's
// headless SDK documentation (seeds 000/001), transcribed here so a fresh clone can check it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Chat, Client, PostSessionStatus } from "../src/index.js";

const spec = parse(readFileSync(new URL("../../../openapi/headless.yaml", import.meta.url), "utf8"));

/** Every method the documentation lists. */
const SEED_METHODS = [
  "getTrigger", "getCompany", "getAfterHourMessage", "getMenus", "getWaitTimes",
  "createCall", "loadCall", "cancelCall", "getTimeSlots",
  "createChat", "loadChat", "loadOngoingChat", "resumeChat", "finishChat", "destroyChat",
  "fetchMessages", "sendTextMessage", "sendFileMessage", "sendPreviewMessage", "getChatDeflection",
  "sendChatTranscripts", "downloadChatTranscript", "getPdfStatus", "getChatSurvey", "sendChatSurvey",
  "sendChatRate", "escalateChat", "trackChatEscalation", "trackChatEndUserEvent", "getChatHistory",
  "createEmail", "getProhibitedFileTypes", "createCobrowseCode", "startCobrowse", "getMessageAttachment",
  "updatePostSession", "runTrigger",
] as const;

/** Only runTrigger is purely local; every other method talks to the server. */
const LOCAL_ONLY = new Set(["runTrigger"]);

/** The documented interfaces: field names, `?` marking optional ones. */
const SEED_INTERFACES: Record<string, string> = {
  CompanyResponse: "name subdomain support_email languages action_tracking email_transcripts message_preview email_enhancement cobrowse_domain?",
  MenuResponse: "menus direct",
  MenuItem: "id name? enabled redirection? children? channels deflection?",
  WaitTimeResponse: "chat voice_call",
  CallRequest: "phone_number lang? scheduled_at? ticket_id? email? recording_permission? custom_data?",
  CallResponse: "id lang menu_id status type scheduled_at? recording_permitted survey_enabled created_at menus",
  ChatRequest: "lang? trigger_id? ticket_id? email? greeting? cobrowsable? custom_data?",
  MessageResponse:
    "$index $sid $timestamp $userType $userId type content? event? file? media_id? groupMessageId? document? unredacted? buttons? message? signature form?",
  ChatDeflectionResponse: "enabled threshold email keep_waiting external_deflection_links",
  GenerateTranscriptResponse: "status chat_transcript_id",
  PdfStatusResponse: "status failed_reason?", // `body?` is the application/pdf body itself
  QuestionItem: "id type display_text name? is_csat? position? valid_answers?",
  ChatSurveyResponse: "id? lang? sign_off_display_text questions",
  RateRequest: "rating feedback?",
  EscalateRequest: "reason?",
  ChatEndUserEventRequest: "end_user_name?",
  ChatHistoryItem: "comm_id assigned_at comm_type timezone entries",
  ChatHistoryResponse: "chats missing_chat_ids pagination",
  EmailRequest: "name? email content lang? files? recaptcha?",
  EmailResponse: "id type status fail_reason attachment_count",
  FileTypeItem: "extension description",
  ChatResponse: "post_session_required? post_session_opt_in_required? post_session_transfer_status?",
};

/** Interfaces the documentation names without defining them (defined by us, marked inferred). */
const NAMED_ONLY = ["LanguageOption", "MenuChannel", "TriggerItem", "SurveyAnswers", "PostSessionStatus"];

const operations = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
    .map(([method, op]) => ({ path, method, op })),
);
const methodsOf = (op: any): string[] => [op["x-parley-method"]].flat().filter(Boolean);

describe("spec coverage of the seed", () => {
  it.each(SEED_METHODS.filter((m) => !LOCAL_ONLY.has(m)))("%s has an operation", (name) => {
    const ops = operations.filter(({ op }) => op.operationId === name || methodsOf(op).includes(name));
    expect(ops.length).toBeGreaterThan(0);
  });

  it("every operation names SDK methods that exist", () => {
    for (const { op } of operations) {
      const names = methodsOf(op);
      expect(names.length, op.operationId).toBeGreaterThan(0);
      for (const name of names) {
        if (name === "authenticate") continue; // the constructor option's token exchange
        const owner = name === "sendMessage" ? Chat.prototype : Client.prototype;
        expect(typeof (owner as unknown as Record<string, unknown>)[name], `${op.operationId} -> ${name}`).toBe("function");
      }
    }
  });

  it("operationIds are unique and every operation documents 401/429 problem+json errors", () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of operations) {
      expect(Object.keys(op.responses), op.operationId).toContain("429");
      expect(Object.keys(op.responses), op.operationId).toContain("500");
    }
  });

  it.each(Object.entries(SEED_INTERFACES))("%s has the documented fields and optionality", (name, fields) => {
    const schema = spec.components.schemas[name];
    expect(schema, name).toBeDefined();
    for (const field of fields.split(" ")) {
      const optional = field.endsWith("?");
      const key = field.replace("?", "");
      expect(Object.keys(schema.properties), `${name}.${key}`).toContain(key);
      expect((schema.required ?? []).includes(key), `${name}.${key} required`).toBe(!optional);
    }
  });

  it.each(NAMED_ONLY)("%s is a component schema", (name) => {
    expect(spec.components.schemas[name]).toBeDefined();
  });

  it("has every documented enum value", () => {
    const schemas = spec.components.schemas;
    expect(schemas.PostSessionStatus.enum).toEqual(["ready", "in_progress", "waiting", "finished"]);
    expect(schemas.QuestionItem.properties.type.enum).toEqual(["csat", "star", "free-form", "scale", "enumeration"]);
    expect(schemas.CallRequest.properties.recording_permission.enum).toEqual([
      "recording_permission_not_asked",
      "recording_permission_granted",
      "recording_permission_denied",
    ]);
    expect(schemas.ChatResponse.properties.post_session_transfer_status.$ref).toBe("#/components/schemas/PostSessionStatus");
  });

  it("the getPdfStatus response documents the x-transcript-status header", () => {
    const op = operations.find(({ op }) => op.operationId === "getPdfStatus")!.op;
    expect(Object.keys(op.responses["200"].headers)).toContain("x-transcript-status");
  });
});

describe("SDK surface", () => {
  it.each(SEED_METHODS)("Client has %s", (name) => {
    expect(typeof (Client.prototype as unknown as Record<string, unknown>)[name]).toBe("function");
  });

  it("exports the PostSessionStatus enum with the documented members", () => {
    expect(PostSessionStatus).toEqual({ READY: "ready", IN_PROGRESS: "in_progress", WAITING: "waiting", FINISHED: "finished" });
  });
});
