/**
 * Argument values no SDK method may let through: each must end as a ValidationError before
 * anything is sent. Factories, so each test gets fresh objects.
 */
export const HOSTILE: Record<string, () => unknown> = {
  "a 1e6-character string": () => "x".repeat(1_000_000),
  "a BigInt": () => BigInt(5),
  NaN: () => NaN,
  Infinity: () => Infinity,
  "a symbol": () => Symbol("s"),
  "a function": () => () => 1,
  "a cycle": () => {
    const o: Record<string, unknown> = { a: 1 };
    o["self"] = o;
    return o;
  },
  "a throwing getter": () =>
    Object.defineProperty({}, "text", {
      enumerable: true,
      get() {
        throw new Error("getter");
      },
    }),
  "a Proxy that throws": () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        ownKeys() {
          throw new Error("trap");
        },
        getOwnPropertyDescriptor() {
          throw new Error("trap");
        },
        getPrototypeOf() {
          throw new Error("trap");
        },
      },
    ),
  "100,000 keys": () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, "v"])),
};
