// Chats: creating, loading, resuming, finishing and destroying chats, their messages, transcripts, survey, rating, escalations and history.
import {
  NotFoundError,
  checkArgumentKeys,
  checked,
  optionalNumber,
  optionalString,
  requireArray,
  requireBoolean,
  requireEmail,
  requireId,
  requireNumber,
  requireOneOf,
  requirePlainData,
  requireString,
} from "@parley/core";
import { Resource } from "../base.js";
import { ONGOING_STATUSES, type Chat } from "../chat.js";
import { ARGUMENT_KEYS, DATA, LANG, TEXT_MAX, checkCustomData, checkSurveyAnswers } from "../checks.js";
import {
  PostSessionStatus,
  type CallOptions,
  type ChatDeflectionResponse,
  type ChatEndUserEventRequest,
  type ChatHistoryResponse,
  type ChatRequest,
  type ChatResponse,
  type ChatSurveyResponse,
  type EscalateRequest,
  type GenerateTranscriptResponse,
  type MessageResponse,
  type RateRequest,
  type SurveyAnswers,
} from "../types.js";

export class Chats extends Resource {
  async createChat(menuId: number | string, data: ChatRequest, options?: CallOptions): Promise<Chat> {
    const id = requireId("menuId", menuId);
    checkArgumentKeys({ data, options }, ARGUMENT_KEYS.createChat);
    data = requirePlainData("data", data, DATA) as ChatRequest;
    optionalString("data.lang", data.lang, LANG);
    optionalString("data.trigger_id", data.trigger_id, { max: 200 });
    optionalString("data.ticket_id", data.ticket_id, { max: 200 });
    if (data.email !== undefined) requireEmail("data.email", data.email);
    optionalString("data.greeting", data.greeting, { min: 0, max: TEXT_MAX });
    if (data.cobrowsable !== undefined) requireBoolean("data.cobrowsable", data.cobrowsable);
    checkCustomData("data.custom_data", data.custom_data);
    const body = { ...data, lang: data.lang ?? this.ctx.options.lang };
    const state = await this.call("createChat", (a) => this.ctx.api.POST("/menus/{menuId}/chats", { ...a, params: { path: { menuId: id } }, body }), options);
    return this.session.attach(state);
  }

  async loadChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    const id = requireId("chatId", chatId);
    return this.session.chatOf(await this.session.loadState(id, options));
  }

  async loadOngoingChat(options?: CallOptions): Promise<Chat | null> {
    const id = await this.session.remembered();
    if (id === null) return null;
    let state: ChatResponse;
    try {
      state = await this.session.loadState(id, options);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await this.session.forget();
      return null;
    }
    if (!ONGOING_STATUSES.has(state.status)) {
      await this.session.forget();
      return null;
    }
    const chat = await this.session.attach(state);
    this.ctx.emit("chat.ongoing", chat);
    return chat;
  }

  async resumeChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    const id = requireId("chatId", chatId);
    const state = await this.call("resumeChat", (a) => this.ctx.api.POST("/chats/{chatId}/resume", { ...a, params: { path: { chatId: id } } }), options);
    const chat = await this.session.attach(state);
    this.ctx.emit("chat.ongoing", chat);
    return chat;
  }

  async finishChat(options?: CallOptions): Promise<void> {
    const chat = this.session.requireChat();
    await this.call("finishChat", (a) => this.ctx.api.POST("/chats/{chatId}/finish", { ...a, params: { path: { chatId: chat.id } } }), options);
    await this.session.settle(chat, { ...chat.state, status: "finished" });
  }

  async destroyChat(options?: CallOptions): Promise<void> {
    const chat = this.session.requireChat();
    await this.call("destroyChat", (a) => this.ctx.api.DELETE("/chats/{chatId}", { ...a, params: { path: { chatId: chat.id } } }), options);
    await this.session.destroy();
    this.ctx.emit("chat.destroyed");
  }

  async fetchMessages(options?: CallOptions): Promise<MessageResponse[]> {
    try {
      const chat = this.session.requireChat();
      return await this.session.listMessages(chat.id, -1, options?.signal);
    } catch (error) {
      this.ctx.report(error);
      return [];
    }
  }

  async sendTextMessage(rawContent: string, options?: CallOptions): Promise<void> {
    requireString("rawContent", rawContent, { max: TEXT_MAX });
    const chat = this.session.requireChat();
    await this.session.sendMessage(chat.id, { type: "text", content: rawContent }, options);
  }

  async sendPreviewMessage(content: string, options?: CallOptions): Promise<void> {
    requireString("content", content, { min: 0, max: TEXT_MAX });
    const chat = this.session.requireChat();
    await this.call(
      "sendPreviewMessage",
      (a) => this.ctx.api.POST("/chats/{chatId}/message_preview", { ...a, params: { path: { chatId: chat.id } }, body: { content } }),
      options,
    );
  }

  async getChatDeflection(options?: CallOptions): Promise<ChatDeflectionResponse> {
    const chat = this.session.requireChat();
    return this.call("getChatDeflection", (a) => this.ctx.api.GET("/chats/{chatId}/deflection", { ...a, params: { path: { chatId: chat.id } } }), options);
  }

  async sendChatTranscripts(emails: string[], options?: CallOptions): Promise<void> {
    requireArray("emails", emails, { min: 1, max: 10 });
    for (let i = 0; i < emails.length; i++) requireEmail(`emails[${i}]`, emails[i]); // holes included
    const chat = this.session.requireChat();
    await this.call(
      "sendChatTranscripts",
      (a) => this.ctx.api.POST("/chats/{chatId}/transcripts", { ...a, params: { path: { chatId: chat.id } }, body: { emails } }),
      options,
    );
  }

  async downloadChatTranscript(options?: CallOptions): Promise<GenerateTranscriptResponse> {
    const chat = this.session.requireChat();
    return this.call("downloadChatTranscript", (a) => this.ctx.api.POST("/chats/{chatId}/transcript_pdf", { ...a, params: { path: { chatId: chat.id } } }), options);
  }

  async getChatSurvey(options?: CallOptions): Promise<ChatSurveyResponse> {
    const chat = this.session.requireChat();
    const survey = await this.call("getChatSurvey", (a) => this.ctx.api.GET("/chats/{chatId}/survey", { ...a, params: { path: { chatId: chat.id } } }), options);
    this.session.survey = survey;
    return survey;
  }

  async sendChatSurvey(answers: SurveyAnswers, options?: CallOptions): Promise<void> {
    checked("answers", () => checkSurveyAnswers(answers, this.session.survey));
    const chat = this.session.requireChat();
    await this.call("sendChatSurvey", (a) => this.ctx.api.POST("/chats/{chatId}/survey", { ...a, params: { path: { chatId: chat.id } }, body: { answers } }), options);
  }

  async sendChatRate(data: RateRequest, options?: CallOptions): Promise<void> {
    checkArgumentKeys({ data, options }, ARGUMENT_KEYS.sendChatRate);
    data = requirePlainData("data", data, DATA) as RateRequest;
    requireNumber("data.rating", data.rating, { min: 1, max: 5, integer: true });
    optionalString("data.feedback", data.feedback, { min: 0, max: 2000 });
    const chat = this.session.requireChat();
    await this.call(
      "sendChatRate",
      (a) => this.ctx.api.POST("/chats/{chatId}/rate", { ...a, params: { path: { chatId: chat.id } }, body: { rating: data.rating, feedback: data.feedback } }),
      options,
    );
  }

  async escalateChat(data?: EscalateRequest, options?: CallOptions): Promise<void> {
    if (data !== undefined) data = requirePlainData("data", data, DATA) as EscalateRequest;
    optionalString("data.reason", data?.reason, { min: 0, max: 2000 });
    const chat = this.session.requireChat();
    await this.call(
      "escalateChat",
      (a) => this.ctx.api.POST("/chats/{chatId}/escalations", { ...a, params: { path: { chatId: chat.id } }, body: data ?? {} }),
      options,
    );
  }

  async trackChatEscalation(escalationId: number, channel: string, options?: CallOptions): Promise<void> {
    const id = requireId("escalationId", escalationId);
    requireString("channel", channel, { max: 64 });
    const chat = this.session.requireChat();
    await this.call(
      "trackChatEscalation",
      (a) =>
        this.ctx.api.POST("/chats/{chatId}/escalations/{escalationId}/track", {
          ...a,
          params: { path: { chatId: chat.id, escalationId: id } },
          body: { channel },
        }),
      options,
    );
  }

  async trackChatEndUserEvent(data: ChatEndUserEventRequest, options?: CallOptions): Promise<void> {
    data = requirePlainData("data", data, DATA) as ChatEndUserEventRequest;
    optionalString("data.end_user_name", data.end_user_name, { min: 0, max: 256 });
    const chat = this.session.requireChat();
    await this.call(
      "trackChatEndUserEvent",
      (a) => this.ctx.api.POST("/chats/{chatId}/end_user_events", { ...a, params: { path: { chatId: chat.id } }, body: data }),
      options,
    );
  }

  async getChatHistory(page?: number, options?: CallOptions): Promise<ChatHistoryResponse> {
    optionalNumber("page", page, { min: 1, integer: true });
    return this.call("getChatHistory", (a) => this.ctx.api.GET("/chat_history", { ...a, params: { query: { page } } }), options);
  }

  async updatePostSession(postSessionStatus: PostSessionStatus, options?: CallOptions): Promise<void> {
    const status = requireOneOf("postSessionStatus", postSessionStatus, Object.values(PostSessionStatus));
    const chat = this.session.requireChat();
    await this.call(
      "updatePostSession",
      (a) => this.ctx.api.PUT("/chats/{chatId}/post_session", { ...a, params: { path: { chatId: chat.id } }, body: { status } }),
      options,
    );
  }
}
