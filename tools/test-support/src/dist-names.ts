import { createRequire } from "node:module";
import { inspect } from "node:util";

/** One class a built entry exports, and how it prints. */
export interface BuiltClass {
  /** `"esm"` (dist/index.js) or `"cjs"` (dist/index.cjs). */
  format: "esm" | "cjs";
  /** The name it is exported under. */
  exported: string;
  /** `Class.name`. */
  name: string;
  /** For an Error class, an instance's `constructor.name`, `String()` and first `util.inspect` line. */
  instance?: { constructorName: string; string: string; inspect: string };
}

/**
 * Every class the built main entry of the package at `packageDir` exports, in ESM and CommonJS, with
 * the names it prints (the package must be built: turbo builds before `test`). An Error class is
 * instantiated with one string argument, as every Parley error accepts.
 */
export async function builtClasses(packageDir: URL): Promise<BuiltClass[]> {
  const require = createRequire(packageDir);
  const entries = {
    esm: (await import(new URL("dist/index.js", packageDir).href)) as Record<string, unknown>,
    cjs: require(new URL("dist/index.cjs", packageDir).pathname) as Record<string, unknown>,
  };
  const out: BuiltClass[] = [];
  for (const format of ["esm", "cjs"] as const) {
    for (const [exported, value] of Object.entries(entries[format])) {
      if (typeof value !== "function" || !/^class\b/.test(Function.prototype.toString.call(value))) continue;
      const Class = value as new (arg: string) => unknown;
      const found: BuiltClass = { format, exported, name: Class.name };
      if (Class.prototype instanceof Error) {
        const error = new Class("boom") as Error;
        found.instance = { constructorName: error.constructor.name, string: String(error), inspect: inspect(error).split("\n")[0]! };
      }
      out.push(found);
    }
  }
  return out;
}
