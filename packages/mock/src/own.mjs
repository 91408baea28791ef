// A lookup by a name that came off the wire: "__proto__" or "constructor" is an unknown name, never Object.prototype's.
/**
 * @template T
 * @param {Record<string, T>} map
 * @param {string} key
 * @returns {T | undefined}
 */
export const own = (map, key) => (Object.hasOwn(map, key) ? map[key] : undefined);
