// Checks of the visitor client's arguments, before anything is sent.
import { ValidationError, checked, describeValue, optionalString, requireBoolean, requireEmail, requireNumber, requireObject, requireOneOf, requirePlainData, requireString, type DataRules } from "@parley/core";
import { IDENTITY_KEYS } from "./state.js";

// The bounds of the visitor client's free-form arguments. Each check copies its argument
// (requirePlainData: no cycle, getter, Proxy, BigInt, NaN; bounded strings, keys and depth) and
// returns the copy, which is what goes on the wire.

/** Message payloads: the text's own limit is checked by chatMessage; extras (`content.data`) are bounded here. */
const MESSAGE: DataRules = { maxString: 10_000, maxEntries: 50, maxDepth: 6 };
/** Identity and authentication values: 2 000-character strings, 100 keys. */
const VALUES: DataRules = { maxString: 2000, maxEntries: 100, maxDepth: 4 };
const IDENTITY_STRINGS = ["name", "email", "phone", "group"] as const;

/** A message: its own fields first (so a bad text is named as such), then the whole copied within MESSAGE. */
export function checkMessage<T>(message: T): T {
  checked("message", () => {
    const content = requireObject("message.content", requireObject("message", message)["content"]);
    requireOneOf("message.content.type", content["type"], ["text"] as const);
    requireString("message.content.text", content["text"], { max: 10_000 });
  });
  const copy = requireObject("message", requirePlainData("message", message, MESSAGE));
  // The same checks on the copy: it is what goes on the wire.
  const content = requireObject("message.content", copy["content"]);
  requireOneOf("message.content.type", content["type"], ["text"] as const);
  requireString("message.content.text", content["text"], { max: 10_000 });
  if (content["data"] !== undefined) requireObject("message.content.data", content["data"]);
  if (copy["type"] !== undefined) requireOneOf("message.type", copy["type"], ["contact", "bot"] as const);
  if (copy["isOffline"] !== undefined) requireBoolean("message.isOffline", copy["isOffline"]);
  if (copy["preventOpenChat"] !== undefined) requireBoolean("message.preventOpenChat", copy["preventOpenChat"]);
  return copy as T;
}

/** A rating: `messageId` at most 200 characters, `value` a whole number 1 to 5, `text` at most 2 000 characters. */
export function checkRating<T>(rating: T): T {
  const copy = requireObject("rating", requirePlainData("rating", rating, VALUES));
  requireString("rating.messageId", copy["messageId"], { max: 200 });
  if (copy["value"] !== undefined) requireNumber("rating.value", copy["value"], { min: 1, max: 5, integer: true });
  optionalString("rating.text", copy["text"], { min: 0, max: 2000 });
  return copy as T;
}

/** `visitor.authenticate` values: within VALUES. */
export function checkAuthenticateValues<T>(values: T): T {
  return requirePlainData("values", values, VALUES) as T;
}

/**
 * `updateVisitorIdentity` values: name, email, phone and group are strings (or null) of at most
 * 2 000 characters, `lang` a language tag of at most 35, `variables` a flat object of strings,
 * finite numbers and booleans, `properties` free-form data; all within VALUES.
 */
export function checkIdentity<T>(values: T): T {
  const copy = requirePlainData("values", values, VALUES);
  for (const key of IDENTITY_STRINGS) {
    const value = copy[key];
    if (value !== undefined && value !== null && typeof value !== "string") throw new ValidationError(`values.${key}`, `must be a string or null, got ${describeValue(value)}`);
  }
  const lang = copy["lang"];
  if (lang !== undefined && (typeof lang !== "string" || !/^[A-Za-z0-9-]{1,35}$/.test(lang))) {
    throw new ValidationError("values.lang", `must be a language tag (e.g. en, pt-BR), got ${describeValue(lang)}`);
  }
  const variables = copy["variables"];
  if (variables !== undefined) {
    if (typeof variables !== "object" || variables === null || Array.isArray(variables)) throw new ValidationError("values.variables", `must be an object, got ${describeValue(variables)}`);
    for (const [key, value] of Object.entries(variables)) {
      if (!["string", "number", "boolean"].includes(typeof value)) throw new ValidationError(`values.variables.${key}`, `must be a string, number or boolean, got ${describeValue(value)}`);
    }
  }
  const properties = copy["properties"];
  if (properties !== undefined && (typeof properties !== "object" || properties === null || Array.isArray(properties))) {
    throw new ValidationError("values.properties", `must be an object, got ${describeValue(properties)}`);
  }
  requireObject("values", copy);
  if (Object.keys(copy).length === 0) throw new ValidationError("values", "must change at least one field");
  for (const key of Object.keys(copy)) {
    if (!(IDENTITY_KEYS as readonly string[]).includes(key)) throw new ValidationError(`values.${key}`, `is not an identity field (${IDENTITY_KEYS.join(", ")})`);
  }
  if (copy["email"] !== undefined && copy["email"] !== null) requireEmail("values.email", copy["email"]);
  return copy as T;
}
