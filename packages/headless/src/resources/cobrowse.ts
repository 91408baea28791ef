// Co-browse: the code an end user reads to an agent, and starting a co-browse session in the current chat.
import { optionalString, requirePlainData, requireString } from "@parley/core";
import { Resource } from "../base.js";
import { DATA, LANG } from "../checks.js";
import type { CallOptions } from "../types.js";

export class Cobrowse extends Resource {
  async createCobrowseCode(lang?: string, customData?: Record<string, string>, options?: CallOptions): Promise<string> {
    optionalString("lang", lang, LANG);
    if (customData !== undefined) {
      customData = requirePlainData("customData", customData, DATA) as Record<string, string>;
      for (const [k, value] of Object.entries(customData)) requireString(`customData.${k}`, value, { min: 0 });
    }
    try {
      const data = await this.call(
        "createCobrowseCode",
        (a) => this.ctx.api.POST("/cobrowse/codes", { ...a, body: { lang: lang ?? this.ctx.options.lang, custom_data: customData } }),
        options,
      );
      return data.code;
    } catch (error) {
      this.ctx.report(error);
      return "";
    }
  }

  async startCobrowse(from?: string, options?: CallOptions): Promise<void> {
    optionalString("from", from, { max: 200 });
    const chat = this.session.requireChat();
    const session = await this.call(
      "startCobrowse",
      (a) => this.ctx.api.POST("/chats/{chatId}/cobrowse", { ...a, params: { path: { chatId: chat.id } }, body: { from } }),
      options,
    );
    this.ctx.emit("cobrowse.updated", session);
  }
}
