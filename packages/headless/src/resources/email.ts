// Email: an email contact to a menu, with attachments, sent as multipart/form-data.
import { checkArgumentKeys, checked, optionalString, requireEmail, requireId, requireObject, requirePlainData, requireString } from "@parley/core";
import { Resource } from "../base.js";
import { ARGUMENT_KEYS, DATA, LANG } from "../checks.js";
import { fileList, fileName } from "../files.js";
import type { CallOptions, EmailRequest, EmailResponse } from "../types.js";

export class Email extends Resource {
  async createEmail(menuId: number | string, data: EmailRequest, options?: CallOptions): Promise<EmailResponse> {
    const id = requireId("menuId", menuId);
    checkArgumentKeys({ data, options }, ARGUMENT_KEYS.createEmail);
    // `files` are Blobs, not plain data: the rest is copied and checked like every other body.
    // The copy is made inside `checked`: a throwing getter or a Proxy trap is a ValidationError.
    const { files: rawFiles, ...fields } = checked("data", () => ({ ...requireObject("data", data) }));
    data = { ...requirePlainData("data", fields, DATA), files: rawFiles } as EmailRequest;
    optionalString("data.name", data.name, { max: 256 });
    requireEmail("data.email", data.email);
    requireString("data.content", data.content, { max: 20_000 });
    optionalString("data.lang", data.lang, LANG);
    optionalString("data.recaptcha", data.recaptcha, { max: 8000 });
    const files = checked("data.files", () => fileList("data.files", data.files));
    const form = new FormData();
    if (data.name !== undefined) form.append("name", data.name);
    form.append("email", data.email);
    form.append("content", data.content);
    const lang = data.lang ?? this.ctx.options.lang;
    if (lang !== undefined) form.append("lang", lang);
    if (data.recaptcha !== undefined) form.append("recaptcha", data.recaptcha);
    files.forEach((f, i) => form.append("files", f, fileName(f, `attachment-${i + 1}`)));
    return this.call(
      "createEmail",
      (a) =>
        this.ctx.api.POST("/menus/{menuId}/emails", {
          ...a,
          params: { path: { menuId: id } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      options,
    );
  }
}
