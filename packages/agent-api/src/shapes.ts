// The response schema of every operation, checked on each body before it is returned (from openapi/agent-api.yaml).
import type { Shape } from "@parley/core";

// The JSON 2xx bodies of openapi/agent-api.yaml, by operationId: each schema's fields and types
// (see `Shape` in @parley/core). test/shapes.test.ts holds every spec example to its shape.

const ConversationSummary: Shape = {
  id: "string", "botId?": "string", botname: "string", channel: "string", createdAt: "string",
  "updatedAt?": "string", "survey?": "integer", "meta?": "object",
};

export const SHAPES: Readonly<Record<string, Shape>> = {
  "conversations.list": { total: "integer", currentPage: "integer", totalPages: "integer", "cursor?": "string|null", conversations: [ConversationSummary] },
  "conversations.get": { id: "string", botname: "string", "description?": "string", channel: "string", survey: "integer", meta: "object" },
  "messages.list": [{ id: "string", role: "string", text: "string", createdAt: "string", "feedback?": "string|null" }],
  "conversations.create": { id: "string" },
  "conversations.updateMeta": { "message?": "string" },
  "chat.complete": { id: "string", sendMensages: [{ id: "string", text: "string", "type?": "string" }] },
  "feedback.send": { message: "string" },
  "survey.send": { message: "string" },
};
