// Docstring coverage: every member a package exports, found with the TypeScript compiler API from its
// `src/index.ts` (what tsup bundles into `dist/index.d.ts`, JSDoc included), with where it is written.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** An exported declaration or member without a JSDoc comment. */
export interface Undocumented {
  /** `Client.getCompany`, `ClientEvents["chat.ended"]`, `AgentApi.conversations`, ... */
  name: string;
  /** Where it is declared: the package's hand-written `src/`, or `src/generated/` (from the specs). */
  origin: "hand-written" | "generated";
  /** The declaring file, relative to the package. */
  file: string;
}

/**
 * Every undocumented member `packageDir` exports from `entryFile` (default `src/index.ts`; a package
 * written in JavaScript names its hand-written `.d.ts`): each export (re-exports of other
 * packages are theirs to check), each member of an exported class or interface (constructors
 * included; private and `#` members left out), each property of an exported type alias, and the
 * members of a hand-written class the public API reaches through a property (e.g. `AgentApi.chat`).
 */
export function undocumentedMembers(packageDir: string | URL, entryFile = "src/index.ts"): Undocumented[] {
  const dir = typeof packageDir === "string" ? packageDir : fileURLToPath(packageDir);
  const src = path.join(dir, "src") + path.sep;
  const generated = path.join(dir, "src", "generated") + path.sep;
  const entry = path.join(dir, entryFile);
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entry}: not a module`);

  const found: Undocumented[] = [];
  const visited = new Set<ts.Symbol>();
  const originOf = (node: ts.Node): Undocumented["origin"] | undefined => {
    const file = path.resolve(node.getSourceFile().fileName);
    if (file.startsWith(generated)) return "generated";
    return file.startsWith(src) ? "hand-written" : undefined;
  };
  const check = (symbol: ts.Symbol, name: string) => {
    const declarations = symbol.declarations ?? [];
    const origin = declarations[0] && originOf(declarations[0]);
    if (!origin) return;
    // An override inherits its base member's docs (TypeScript shows them), so those count too.
    if (declarations.some((d) => ts.getJSDocCommentsAndTags(d).length > 0) || symbol.getDocumentationComment(checker).length > 0) return;
    found.push({ name, origin, file: path.relative(dir, declarations[0]!.getSourceFile().fileName) });
  };
  const isPrivate = (symbol: ts.Symbol) =>
    symbol.getName().startsWith("#") ||
    (symbol.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d as ts.Declaration) & ts.ModifierFlags.Private || (ts.isPropertyDeclaration(d) && ts.isPrivateIdentifier(d.name)));

  const visit = (symbol: ts.Symbol, name: string): void => {
    if (visited.has(symbol)) return;
    visited.add(symbol);
    check(symbol, name);
    const declaration = symbol.declarations?.[0];
    if (!declaration || !originOf(declaration)) return;
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      const members = [...(symbol.members?.values() ?? []), ...[...(symbol.exports?.values() ?? [])].filter((s) => s.getName() !== "prototype")];
      for (const member of members) {
        if (isPrivate(member) || member.flags & ts.SymbolFlags.TypeParameter) continue;
        const memberName = member.getName() === "__constructor" ? `${name}.constructor` : /^[A-Za-z_$][\w$]*$/.test(member.getName()) ? `${name}.${member.getName()}` : `${name}[${JSON.stringify(member.getName())}]`;
        check(member, memberName);
        // A hand-written class reached through a property is public API too (e.g. `AgentApi.conversations`).
        if (member.flags & ts.SymbolFlags.Property && member.declarations?.[0]) {
          const target = checker.getTypeOfSymbolAtLocation(member, member.declarations[0]).getSymbol();
          if (target && target.flags & ts.SymbolFlags.Class && target.declarations?.[0] && originOf(target.declarations[0]) === "hand-written") visit(target, target.getName());
        }
      }
    } else if (symbol.flags & ts.SymbolFlags.TypeAlias && ts.isTypeAliasDeclaration(declaration)) {
      const type = checker.getTypeAtLocation(declaration);
      if (type.isUnion() || !(type.flags & ts.TypeFlags.Object)) return;
      for (const property of type.getProperties()) {
        if (!property.declarations?.length) continue;
        const key = property.getName();
        check(property, /^[A-Za-z_$][\w$]*$/.test(key) ? `${name}.${key}` : `${name}[${JSON.stringify(key)}]`);
      }
    }
  };

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    visit(target, exported.getName());
  }
  return found;
}
