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

/**
 * What is wrong with how the built package at `packageDir` names its classes, one line per fault
 * (none: `[]`): an entry (ESM or CommonJS) without `TimeoutError`, a class whose `name` is not the
 * name it is exported under (the CommonJS build once printed `_class12 [TimeoutError]`, the ES
 * module `_ApiError`), or an error whose `constructor.name`, `String()` or `util.inspect` does not
 * start with that name.
 */
export async function classNameProblems(packageDir: URL): Promise<string[]> {
  const classes = await builtClasses(packageDir);
  const problems: string[] = [];
  for (const format of ["esm", "cjs"] as const) {
    if (!classes.some((c) => c.format === format && c.exported === "TimeoutError")) problems.push(`${format}: TimeoutError is not exported`);
  }
  for (const c of classes) {
    const at = `${c.format} ${c.exported}`;
    if (c.name !== c.exported) problems.push(`${at}: name is ${c.name}`);
    if (!c.instance) continue;
    if (c.instance.constructorName !== c.exported) problems.push(`${at}: constructor.name is ${c.instance.constructorName}`);
    if (!c.instance.string.startsWith(`${c.exported}: `)) problems.push(`${at}: String() is ${c.instance.string}`);
    if (!c.instance.inspect.startsWith(`${c.exported}: `)) problems.push(`${at}: util.inspect is ${c.instance.inspect}`);
  }
  return problems;
}
