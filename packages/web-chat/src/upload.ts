// Web-chat uploads: the init/POST/finish sequence and the HTTP half, exactly as the vendor's page documents it (seed 004,
// smartsupp-websocket 1.2.2 docs/usage.md "Send File Message"): one multipart POST whose only
// field is `file`, to the `url` of the `chat.upload_init` ack, used as returned. The url carries
// whatever authorises the upload; nothing else is sent. See openapi/web-chat-upload.yaml.
import { AbortError, ConnectionError, TimeoutError, ValidationError, describeValue, uploadError, optionalNumber, requireBaseUrl, requireFunction, requireObject, type FetchLike } from "@parley/core";
import type { Message } from "./generated/events.js";

/** Default `options.uploadTimeout`: two minutes for the whole POST. */
export const DEFAULT_UPLOAD_TIMEOUT = 120_000;
/** setTimeout's largest delay (2^31 - 1 ms). */
const MAX_TIMEOUT = 2 ** 31 - 1;

/** Upload progress, in bytes. */
export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes in all (the file's size when the transport does not say). */
  total: number;
}

export interface PostFileOptions {
  fetch: FetchLike;
  /** ms before the POST is abandoned with a TimeoutError. */
  timeout: number;
  onProgress: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Reads `options.uploadTimeout`: an integer of ms from 1 to 2^31 - 1, default 120 000.
 * @throws ValidationError naming `options.uploadTimeout`.
 */
export function uploadTimeoutOf(value: unknown): number {
  return optionalNumber("options.uploadTimeout", value, { min: 1, max: MAX_TIMEOUT, integer: true }) ?? DEFAULT_UPLOAD_TIMEOUT;
}

/**
 * POSTs `file` to `url` as `multipart/form-data` with the one field `file` (its name from the
 * File, else "upload"). Sent once, never retried: a resend would upload the file twice. Redirects
 * are not followed, as in every Parley HTTP call: a 307 would send the file again, a 301/302 turn
 * the POST into a GET to another host whose answer would pass for the upload's. (A browser's
 * XMLHttpRequest follows them itself; the redirect is then reported, not hidden.)
 * `onProgress` is called as bytes go out where XMLHttpRequest exists (browsers), else never.
 * @throws ConnectionError on a network failure, a redirect (3xx) or a status of 400 or more;
 * TimeoutError after `timeout` ms; AbortError when `signal` aborts.
 */
export async function postFile(url: string, file: Blob, options: PostFileOptions): Promise<void> {
  requireBaseUrl("upload url", url.split("?")[0]);
  const form = new FormData();
  form.append("file", file, (file as Partial<File>).name || "upload");
  const XHR = (globalThis as { XMLHttpRequest?: new () => XMLHttpRequest }).XMLHttpRequest;
  if (XHR) return postWithXhr(new XHR(), url, form, file.size, options);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  try {
    let response: Response;
    try {
      response = await options.fetch(url, { method: "POST", body: form, signal: controller.signal, redirect: "manual" });
      await response.body?.cancel().catch(() => {});
    } catch (error) {
      if (timedOut) throw new TimeoutError(`The upload did not finish within ${options.timeout} ms.`);
      if (options.signal?.aborted) throw new AbortError("The upload was aborted.");
      throw new ConnectionError(`The upload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const failed = uploadError(response.status, response.type === "opaqueredirect");
    if (failed) throw failed;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function postWithXhr(xhr: XMLHttpRequest, url: string, form: FormData, size: number, options: PostFileOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => xhr.abort();
    const done = (error?: Error) => {
      options.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    xhr.open("POST", url);
    xhr.timeout = options.timeout;
    xhr.upload.onprogress = (e) => options.onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : size });
    xhr.onload = () => done(uploadError(xhr.status, xhr.responseURL !== "" && xhr.responseURL !== new URL(url).href));
    xhr.onerror = () => done(new ConnectionError("The upload failed."));
    xhr.ontimeout = () => done(new TimeoutError(`The upload did not finish within ${options.timeout} ms.`));
    xhr.onabort = () => done(new AbortError("The upload was aborted."));
    if (options.signal?.aborted) return done(new AbortError("The upload was aborted."));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(form);
  });
}

/** What `uploadFile` needs from the client: the two acked socket calls and the HTTP settings. */
export interface UploadSteps {
  init: () => Promise<{ url: string; token: string }>;
  finish: (token: string) => Promise<Message>;
  fetch: FetchLike;
  timeout: number;
}

/** Options of `chatUploadFile`: progress in bytes, and a signal that cancels the HTTP POST. */
export interface UploadFileOptions {
  /** Called with the bytes sent: continuously where XMLHttpRequest exists, else at the start and the end. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the HTTP POST: the upload rejects with `AbortError`. */
  signal?: AbortSignal;
}

/**
 * The whole upload as the vendor documents it: `chat.upload_init`, a multipart POST of the one
 * field `file` to the `url` of the init ack (as returned), `chat.upload_finish` with its token.
 * `onProgress` reports bytes sent (continuously where XMLHttpRequest exists, else at the start
 * and the end). @throws ValidationError for an empty or non-Blob `file` or bad options.
 */
export async function uploadFile(file: Blob, options: UploadFileOptions, steps: UploadSteps): Promise<Message> {
  if (!(file instanceof Blob)) throw new ValidationError("file", `must be a File or Blob, got ${describeValue(file)}`);
  if (file.size === 0) throw new ValidationError("file", "must not be empty");
  requireObject("options", options);
  if (options.onProgress !== undefined) requireFunction("options.onProgress", options.onProgress);
  const { url, token } = await steps.init();
  const report = options.onProgress ?? (() => {});
  report({ loaded: 0, total: file.size });
  await postFile(url, file, { fetch: steps.fetch, timeout: steps.timeout, onProgress: report, signal: options.signal });
  report({ loaded: file.size, total: file.size });
  return steps.finish(token);
}
