// Company and menus: proactive triggers, company settings, the after-hours message, menus and wait times.
import { optionalString, requireFunction, requireId, sleep } from "@parley/core";
import { Resource } from "../base.js";
import { LANG } from "../checks.js";
import { matchTrigger } from "../triggers.js";
import type { CallOptions, CompanyResponse, MenuResponse, TriggerItem, WaitTimeResponse } from "../types.js";

export class Company extends Resource {
  async getTrigger(options?: CallOptions): Promise<TriggerItem | null> {
    const triggers = await this.call("getTrigger", (a) => this.ctx.api.GET("/triggers", { ...a, params: { query: { lang: this.ctx.options.lang } } }), options);
    const url = this.ctx.options.pageUrl?.() ?? (globalThis as { location?: { href: string } }).location?.href ?? "";
    return matchTrigger(triggers, url);
  }

  /** `lookup` is the client's own `getTrigger`, so a subclass or a spy sees the lookup. */
  async runTrigger(cb: (trigger: TriggerItem) => void, lookup: () => Promise<TriggerItem | null>, options?: CallOptions): Promise<void> {
    requireFunction("cb", cb);
    const trigger = await lookup();
    if (!trigger) return;
    if (trigger.delay_seconds > 0) await sleep(trigger.delay_seconds * 1000, options?.signal);
    cb(trigger);
  }

  getCompany(options?: CallOptions): Promise<CompanyResponse> {
    return this.call("getCompany", (a) => this.ctx.api.GET("/company", a), options);
  }

  async getAfterHourMessage(lang?: string, options?: CallOptions): Promise<string> {
    optionalString("lang", lang, LANG);
    const data = await this.call(
      "getAfterHourMessage",
      (a) => this.ctx.api.GET("/company/after_hour_message", { ...a, params: { query: { lang: lang ?? this.ctx.options.lang } } }),
      options,
    );
    return data.message;
  }

  async getMenus(key?: string, lang?: string, options?: CallOptions): Promise<MenuResponse> {
    optionalString("key", key, { max: 200 });
    optionalString("lang", lang, LANG);
    return this.call("getMenus", (a) => this.ctx.api.GET("/menus", { ...a, params: { query: { key, lang: lang ?? this.ctx.options.lang } } }), options);
  }

  async getWaitTimes(menuId: number | string, lang?: string, options?: CallOptions): Promise<WaitTimeResponse> {
    const id = requireId("menuId", menuId);
    optionalString("lang", lang, LANG);
    return this.call(
      "getWaitTimes",
      (a) => this.ctx.api.GET("/menus/{menuId}/wait_times", { ...a, params: { path: { menuId: id }, query: { lang: lang ?? this.ctx.options.lang } } }),
      options,
    );
  }
}
