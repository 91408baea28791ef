// Files: uploading a chat file, the transcript PDF, message attachments, prohibited types, and reading file lists.
import { InvalidResponseError, ValidationError, checkShape, describeValue, headersOf, requireId, requirePlainData, requireString, toParleyError, withOperation } from "@parley/core";
import { Resource } from "./base.js";
import { DATA } from "./checks.js";
import { dispositionName } from "./disposition.js";
import { SHAPES } from "./shapes.js";
import type { CallOptions, FileTypeItem, MessageResponse, PdfStatusResponse, RequestReturn } from "./types.js";

export class Files extends Resource {
  async sendFileMessage(file: File, options?: CallOptions): Promise<number> {
    if (!(file instanceof Blob)) throw new ValidationError("file", `must be a File or Blob, got ${describeValue(file)}`);
    if (file.size === 0) throw new ValidationError("file", "must not be empty");
    try {
      const chat = this.session.requireChat();
      const form = new FormData();
      form.append("file", file, fileName(file, "upload"));
      const media = await this.call(
        "uploadChatMedia",
        (a) =>
          this.ctx.api.POST("/chats/{chatId}/media", {
            ...a,
            params: { path: { chatId: chat.id } },
            body: form as never,
            bodySerializer: (b: unknown) => b as FormData,
          }),
        options,
      );
      const sent = await this.session.sendMessage(chat.id, { type: media.type, media_id: media.id }, options);
      return sent.id;
    } catch (error) {
      this.ctx.report(error);
      return -1;
    }
  }

  async getPdfStatus(id: number, options?: CallOptions): Promise<RequestReturn> {
    const transcriptId = requireId("id", id);
    const { data: blob, response } = await this.receive(
      "getPdfStatus",
      (a) =>
        this.ctx.api.GET("/chat_transcripts/{transcriptId}", {
          ...a,
          headers: { ...a.headers, Accept: "application/json, application/pdf" },
          params: { path: { transcriptId } },
          parseAs: "blob",
        }),
      options,
    );
    const headers = headersOf(response);
    const type = headers["content-type"] ?? "";
    let data: PdfStatusResponse;
    if (type.includes("json")) {
      data = checkShape("getPdfStatus", parseJson(await blob.text(), "getPdfStatus"), SHAPES["getPdfStatus"]!);
    } else {
      data = {
        status: headers["x-transcript-status"] ?? "finished",
        body: new File([blob], dispositionName(headers["content-disposition"]) ?? `transcript-${transcriptId}.pdf`, { type: type || "application/pdf" }),
      };
    }
    return { status: response.status, headers, data };
  }

  async getMessageAttachment(message: MessageResponse, options?: CallOptions): Promise<File | null> {
    message = requirePlainData("message", message, { ...DATA, maxString: 100_000 }) as MessageResponse;
    if (message.media_id !== undefined) {
      const mediaId = requireId("message.media_id", message.media_id);
      const chat = this.session.requireChat();
      const { data: blob, response } = await this.receive(
        "getMessageAttachment",
        (a) => this.ctx.api.GET("/chats/{chatId}/media/{mediaId}", { ...a, params: { path: { chatId: chat.id, mediaId } }, parseAs: "blob" }),
        options,
      );
      const headers = headersOf(response);
      const name = dispositionName(headers["content-disposition"]) ?? message.file?.name ?? `media-${mediaId}`;
      return new File([blob], name, { type: headers["content-type"] ?? blob.type });
    }
    if (message.document?.url !== undefined) {
      const url = requireString("message.document.url", message.document.url);
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new ValidationError("message.document.url", "must be an absolute URL");
      }
      // Credentials go only to the API's own origin, never to a third-party document host.
      let response: Response;
      let blob: Blob;
      try {
        const headers: Record<string, string> = target.origin === this.ctx.origin ? { Authorization: `Bearer ${await this.ctx.tokens.get()}` } : {};
        response = await this.ctx.fetch(target.toString(), { headers, signal: options?.signal });
        blob = await response.blob();
      } catch (error) {
        throw withOperation(toParleyError(error), "getMessageAttachment");
      }
      const name = dispositionName(response.headers.get("content-disposition")) ?? (decodeURIComponent(target.pathname.split("/").pop() ?? "") || "document");
      return new File([blob], name, { type: response.headers.get("content-type") ?? blob.type });
    }
    return null;
  }

  async getProhibitedFileTypes(options?: CallOptions): Promise<FileTypeItem[]> {
    return this.call("getProhibitedFileTypes", (a) => this.ctx.api.GET("/prohibited_file_types", a), options);
  }
}

/** `files` as a file input gives it (FileList) or an array: anything else is refused, not dropped. */
export function fileList(name: string, value: unknown): Blob[] {
  if (value === undefined || value === null) return [];
  const isList =
    typeof value === "object" && !(value instanceof Blob) && (Symbol.iterator in value || typeof (value as ArrayLike<unknown>).length === "number");
  if (!isList) throw new ValidationError(name, `must be a list of files (an array or a FileList), got ${describeValue(value)}`);
  const files = Array.from(value as ArrayLike<unknown>);
  for (let i = 0; i < files.length; i++) {
    if (!(files[i] instanceof Blob)) throw new ValidationError(`${name}[${i}]`, `must be a File or Blob, got ${describeValue(files[i])}`);
  }
  return files as Blob[];
}

/** The blob's own file name, or `fallback`. */
export function fileName(blob: Blob, fallback: string): string {
  const name = (blob as Partial<File>).name;
  return typeof name === "string" && name !== "" ? name : fallback;
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InvalidResponseError(`${what}: the response body is not valid JSON.`, { operation: what, field: "" });
  }
}
