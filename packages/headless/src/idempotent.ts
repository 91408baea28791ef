// Which non-idempotent operations may be retried after a fault, from the spec's `x-parley-idempotent` marks.
/**
 * The operations with a non-idempotent method that `openapi/headless.yaml` marks
 * `x-parley-idempotent: true`: sending them twice changes nothing more (a token exchange, a cancel,
 * a finish, the typing preview), so they are retried like GET, PUT and DELETE. Every other POST is
 * sent once unless the server provably did not process it. test/retry-safety.test.ts holds this
 * list to the spec.
 */
export const IDEMPOTENT_POSTS: readonly string[] = [
  "POST /auth/end_user",
  "POST /calls/{callId}/cancel",
  "POST /chats/{chatId}/finish",
  "POST /chats/{chatId}/message_preview",
];
