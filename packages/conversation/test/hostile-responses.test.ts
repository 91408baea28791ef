// Response bodies a hostile server can send to the requests a Conversation makes: each is a typed
// error naming the operation and the field, never a TypeError, and nothing further is sent.
import { InvalidResponseError } from "@parley/core";
import { describe, expect, it } from "vitest";
import { conversation, details } from "./fixtures.js";
import { PNG_BYTES } from "./helpers.js";

describe("uploadFile against a bad .ams.ms.GenerateURLForUploadFile response", () => {
  const cases: [string, unknown, string][] = [
    ["null", null, "body.relativePath"],
    ["an array", [], "body.relativePath"],
    ["no relativePath", { queryParams: { temp_url_sig: "s", temp_url_expires: "1" } }, "body.relativePath"],
    ["a numeric relativePath", { relativePath: 5, queryParams: { temp_url_sig: "s", temp_url_expires: "1" } }, "body.relativePath"],
    ["no queryParams", { relativePath: "/f.png" }, "body.queryParams.temp_url_sig"],
    ["a null temp_url_expires", { relativePath: "/f.png", queryParams: { temp_url_sig: "s", temp_url_expires: null } }, "body.queryParams.temp_url_expires"],
  ];
  for (const [name, body, field] of cases) {
    it(`${name}: InvalidResponseError naming ${field}; nothing uploaded or published`, async () => {
      const { conv, host } = conversation(details());
      host.request.mockResolvedValueOnce(body);
      const error = await conv.uploadFile(PNG_BYTES).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).operation).toBe(".ams.ms.GenerateURLForUploadFile");
      expect((error as InvalidResponseError).field).toBe(field);
      expect(host.upload).not.toHaveBeenCalled();
      expect(host.request).toHaveBeenCalledTimes(1);
    });
  }
});
