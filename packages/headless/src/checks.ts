// Argument checks the headless methods share: bounds of sent data, language tags, the keys of object arguments, custom data and survey answers.
import { ValidationError, describeValue, onlyKeys, optionalObject, optionalString, requireNumber, requireObject, requireString, type KeysOf, type OptionKeys } from "@parley/core";
import type { CallRequest, ChatRequest, ChatSurveyResponse, CustomData, EmailRequest, RateRequest, SendMessageRequest } from "./types.js";

/** The longest text the SDK sends (a message, a JWT): 8 000 characters. */
export const TEXT_MAX = 8000;
/** A language tag (RFC 5646; 35 characters is its recommended longest). */
export const LANG = { max: 35, pattern: /^[A-Za-z0-9-]+$/, patternName: "a language tag (e.g. en, pt-BR)" } as const;
/** Bounds of every object the SDK sends: 8 000-character strings (a JWT, a message), 100 keys, 8 levels. */
export const DATA = { maxString: TEXT_MAX, maxEntries: 100, maxDepth: 8 } as const;

const CUSTOM_DATA = { signed: true, unsigned: "any" } as const satisfies KeysOf<CustomData>;
const OPTIONS = { signal: true } as const;
type MessageKeys<T extends SendMessageRequest["type"]> = KeysOf<Extract<SendMessageRequest, { type: T }>>;
const TEXT_MESSAGE = { type: true, content: true } as const satisfies MessageKeys<"text">;
const MEDIA_MESSAGE = { type: true, media_id: true } as const satisfies MessageKeys<"photo" | "video" | "document">;
const NOTI_MESSAGE = { type: true, event: true, data: "any" } as const satisfies MessageKeys<"noti">;

/**
 * The keys each method's object arguments may have, as `checkArgumentKeys` takes them: a key in
 * the wrong place (`data.signed`, `data.custom_data.lang`, `data.signal`, `options.lang`) is a
 * ValidationError saying where it belongs. Free-form bodies (`escalateChat`, `trackChatEndUserEvent`,
 * `createCobrowseCode`'s custom data) and survey answers have no fixed keys.
 */
export const ARGUMENT_KEYS = {
  createChat: {
    data: { lang: true, trigger_id: true, ticket_id: true, email: true, greeting: true, cobrowsable: true, custom_data: CUSTOM_DATA } satisfies KeysOf<ChatRequest>,
    options: OPTIONS,
  },
  createCall: {
    data: { phone_number: true, lang: true, scheduled_at: true, ticket_id: true, email: true, recording_permission: true, custom_data: CUSTOM_DATA } satisfies KeysOf<CallRequest>,
    options: OPTIONS,
  },
  createEmail: { data: { name: true, email: true, content: true, lang: true, files: true, recaptcha: true } satisfies KeysOf<EmailRequest>, options: OPTIONS },
  sendChatRate: { data: { rating: true, feedback: true } satisfies KeysOf<RateRequest>, options: OPTIONS },
} as const;

/** The keys of a `sendMessage` message of its `type` (`text`; `photo`, `video`, `document`; `noti`), with `options`; none for another type (the server judges it). */
export function messageKeys(type: unknown): Record<string, OptionKeys> {
  const message = type === "text" ? TEXT_MESSAGE : type === "noti" ? NOTI_MESSAGE : type === "photo" || type === "video" || type === "document" ? MEDIA_MESSAGE : undefined;
  return message ? { message, options: OPTIONS } : {};
}

/** `custom_data`: `signed` is a JWT, `unsigned` free-form data (already copied by `requirePlainData`). */
export function checkCustomData(name: string, value: unknown): void {
  if (value === undefined) return;
  const data = requireObject(name, value);
  onlyKeys(name, data, ["signed", "unsigned"]);
  optionalString(`${name}.signed`, data["signed"], { max: TEXT_MAX, pattern: /^[A-Za-z0-9_=.-]+$/, patternName: "a signed JWT" });
  optionalObject(`${name}.unsigned`, data["unsigned"]);
}

const RANGES: Record<string, [number, number]> = { csat: [1, 5], star: [1, 5], scale: [0, 10] };

/** Survey answers keyed by numeric question id, checked against `survey` (from `getChatSurvey`) when it was loaded. */
export function checkSurveyAnswers(answers: unknown, survey: ChatSurveyResponse | undefined): void {
  const entries = Object.entries(requireObject("answers", answers));
  if (entries.length === 0) throw new ValidationError("answers", "must answer at least one question");
  if (entries.length > 100) throw new ValidationError("answers", `must answer at most 100 questions, got ${entries.length}`);
  for (const [id, value] of entries) {
    const name = `answers[${id}]`;
    if (!/^[0-9]+$/.test(id)) throw new ValidationError(name, "question ids are numeric");
    if (typeof value !== "string" && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new ValidationError(name, `must be a number or a string, got ${describeValue(value)}`);
    }
    // Bounded with or without the survey at hand: the longest answer is a free-form one.
    if (typeof value === "string") requireString(name, value, { min: 0, max: 2000 });
    if (!survey) continue;
    const question = survey.questions.find((q) => String(q.id) === id);
    if (!question) throw new ValidationError(name, `the survey has no question ${id}`);
    if (question.valid_answers?.length) {
      if (!question.valid_answers.some((a) => a.key === String(value))) {
        throw new ValidationError(name, `must be one of ${question.valid_answers.map((a) => JSON.stringify(a.key)).join(", ")}`);
      }
    } else if (question.type === "free-form") {
      requireString(name, value, { min: 0, max: 2000 });
    } else {
      const range = RANGES[question.type];
      if (range) {
        if (typeof value === "string" && !/^[0-9]+$/.test(value)) throw new ValidationError(name, `must be a whole number, got ${describeValue(value)}`);
        requireNumber(name, Number(value), { min: range[0], max: range[1], integer: true });
      }
    }
  }
}
