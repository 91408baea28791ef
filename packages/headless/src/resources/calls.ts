// Calls: instant and scheduled calls, their status, cancelling, and the time slots a menu offers.
import { checkArgumentKeys, optionalString, requireDateString, requireEmail, requireId, requireOneOf, requirePlainData, requireString } from "@parley/core";
import { Resource } from "../base.js";
import { ARGUMENT_KEYS, DATA, LANG, checkCustomData } from "../checks.js";
import type { CallOptions, CallRequest, CallResponse } from "../types.js";

export class Calls extends Resource {
  async createCall(menuId: number | string, data: CallRequest, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("menuId", menuId);
    checkArgumentKeys({ data, options }, ARGUMENT_KEYS.createCall);
    data = requirePlainData("data", data, DATA) as CallRequest;
    requireString("data.phone_number", data.phone_number, { max: 32, pattern: /^\+?[0-9 ().-]{3,}$/, patternName: "a phone number" });
    optionalString("data.lang", data.lang, LANG);
    if (data.scheduled_at !== undefined) requireDateString("data.scheduled_at", data.scheduled_at);
    optionalString("data.ticket_id", data.ticket_id, { max: 200 });
    if (data.email !== undefined) requireEmail("data.email", data.email);
    if (data.recording_permission !== undefined) {
      requireOneOf("data.recording_permission", data.recording_permission, [
        "recording_permission_not_asked",
        "recording_permission_granted",
        "recording_permission_denied",
      ] as const);
    }
    checkCustomData("data.custom_data", data.custom_data);
    const body = { ...data, lang: data.lang ?? this.ctx.options.lang };
    return this.call("createCall", (a) => this.ctx.api.POST("/menus/{menuId}/calls", { ...a, params: { path: { menuId: id } }, body }), options);
  }

  async loadCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("callId", callId);
    return this.call("loadCall", (a) => this.ctx.api.GET("/calls/{callId}", { ...a, params: { path: { callId: id } } }), options);
  }

  async cancelCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("callId", callId);
    return this.call("cancelCall", (a) => this.ctx.api.POST("/calls/{callId}/cancel", { ...a, params: { path: { callId: id } } }), options);
  }

  async getTimeSlots(menuId: number | string, lang?: string, options?: CallOptions): Promise<string[]> {
    const id = requireId("menuId", menuId);
    optionalString("lang", lang, LANG);
    return this.call(
      "getTimeSlots",
      (a) => this.ctx.api.GET("/menus/{menuId}/time_slots", { ...a, params: { path: { menuId: id }, query: { lang: lang ?? this.ctx.options.lang } } }),
      options,
    );
  }
}
