// Owns the keys each method's object arguments may have, so a key in the wrong place names where it belongs.
import type { KeysOf } from "@parley/core";
import type { ListConversationsParams, MessageFeedbackRequest, RequestOptions, SurveyRequest } from "./types.js";

const OPTIONS = { signal: true } as const satisfies KeysOf<RequestOptions>;

/**
 * The keys of each method's object arguments, as `checkArgumentKeys` takes them: `params.signal`
 * says `did you mean options.signal?`, `options.limit` says `params.limit`, a metadata field at
 * the top of `conversations.create`'s body says `body.meta.<key>`. `updateMeta`'s metadata is
 * free-form, so only its `options` are listed.
 */
export const ARGUMENT_KEYS = {
  list: {
    params: { limit: true, currentPage: true, dateInit: true, dateEnd: true, search: true, meta: true, cursor: true } satisfies KeysOf<ListConversationsParams>,
    options: OPTIONS,
  },
  create: { body: { meta: "any" }, options: OPTIONS },
  updateMeta: { options: OPTIONS },
  feedback: { body: { feedback: true, comment: true } satisfies KeysOf<MessageFeedbackRequest>, options: OPTIONS },
  survey: { body: { survey: true, comment: true } satisfies KeysOf<SurveyRequest>, options: OPTIONS },
} as const;
