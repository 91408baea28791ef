// Rates the change between two API Extractor reports by parsing their TypeScript with the
// compiler's own parser (the oldest supported TypeScript, which the declarations must compile
// with anyway) and comparing declaration by declaration, member by member.
//
// Rules (conservative: a false major costs a version number, a false minor breaks a user's build):
// - a declaration or member removed, or its text changed: major;
// - a required member added to an interface or object type: major (TypeScript cannot tell an
//   input from an output, and whoever builds that object must now supply it);
// - anything else added (a declaration, an optional member, a class member, an enum member): minor.
import ts from "typescript";

/** @typedef {import("./spec-diff.mjs").Change} Change */
/**
 * A member of a class, interface, type literal or enum; `type` and `questionToken` where it has them.
 * @typedef {(ts.ClassElement | ts.TypeElement | ts.EnumMember) & { type?: ts.TypeNode, questionToken?: ts.QuestionToken }} Member
 */

/**
 * @param {string} released the report as last released ("" when there was none)
 * @param {string} current the report made from today's build
 * @param {string} label prefix of every change's `where` (the report's path)
 * @returns {Change[]} ordered by impact, then name
 */
export function diffReports(released, current, label) {
  const before = declarations(released);
  const after = declarations(current);
  /** @type {Change[]} */
  const changes = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now && old.parent !== undefined && !after.has(old.parent)) continue; // its parent's removal says it
    if (!now) changes.push({ impact: "major", where: label, message: `removed \`${key}\`` });
    else if (now.text !== old.text) changes.push({ impact: "major", where: label, message: `changed \`${key}\`: \`${clip(old.text)}\` became \`${clip(now.text)}\`` });
  }
  for (const [key, now] of after) {
    if (before.has(key) || (now.parent !== undefined && !before.has(now.parent))) continue; // new with its parent
    if (now.requiredInObjectType) changes.push({ impact: "major", where: label, message: `added required \`${key}\`` });
    else changes.push({ impact: "minor", where: label, message: `added \`${key}\`` });
  }
  const rank = { major: 0, minor: 1, patch: 2 };
  return changes.sort((a, b) => rank[a.impact] - rank[b.impact] || a.message.localeCompare(b.message));
}

/**
 * Every declaration and member of a report, keyed `Name`, `Name.member`, `Name.member.nested`;
 * overloads get `(2)`, `(3)`, ... The text has whitespace collapsed and nested object types
 * replaced by `{…}` (their members are entries of their own).
 * @param {string} report
 * @returns {Map<string, { text: string, requiredInObjectType: boolean, parent: string | undefined }>}
 */
export function declarations(report) {
  /** @type {Map<string, { text: string, requiredInObjectType: boolean, parent: string | undefined }>} */
  const entries = new Map();
  if (!report) return entries;
  const code = /```ts\r?\n([\s\S]*?)\r?\n```/.exec(report)?.[1];
  if (code === undefined) throw new Error("not an API Extractor report: no ```ts block");
  const source = ts.createSourceFile("report.ts", code, ts.ScriptTarget.Latest, true);
  /** @type {(key: string, text: string, parent?: string, requiredInObjectType?: boolean) => string} */
  const add = (key, text, parent = undefined, requiredInObjectType = false) => {
    let unique = key;
    for (let n = 2; entries.has(unique); n++) unique = `${key}(${n})`;
    entries.set(unique, { text: text.replace(/\s+/g, " ").trim(), requiredInObjectType, parent });
    return unique;
  };
  /** @type {(prefix: string, members: ts.NodeArray<Member>, inObjectType: boolean) => void} */
  const walkMembers = (prefix, members, inObjectType) => {
    for (const member of members) {
      const name = memberName(member);
      const literal = member.type && ts.isTypeLiteralNode(member.type) ? member.type : undefined;
      const text = literal ? withoutBody(member, literal) : member.getText(source);
      const required = inObjectType && !member.questionToken && !ts.isIndexSignatureDeclaration(member);
      const key = add(`${prefix}.${name}`, text, prefix, required);
      if (literal) walkMembers(key, literal.members, true);
    }
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) add(declaration.name.getText(source), statement.getText(source));
      continue;
    }
    const name = /** @type {ts.Statement & { name?: ts.Node }} */ (statement).name?.getText(source) ?? ts.SyntaxKind[statement.kind];
    if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const key = add(name, withoutBody(statement, statement));
      walkMembers(key, statement.members, ts.isInterfaceDeclaration(statement));
    } else if (ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)) {
      const key = add(name, withoutBody(statement, statement.type));
      walkMembers(key, statement.type.members, true);
    } else {
      add(name, statement.getText(source));
    }
  }
  return entries;
}

/** @param {Member} member */
function memberName(member) {
  if (ts.isConstructorDeclaration(member)) return "constructor";
  if (ts.isCallSignatureDeclaration(member)) return "()";
  if (ts.isConstructSignatureDeclaration(member)) return "new()";
  if (ts.isIndexSignatureDeclaration(member)) return `[${member.parameters.map((p) => p.type?.getText()).join(", ")}]`;
  return member.name?.getText() ?? ts.SyntaxKind[member.kind];
}

/**
 * The node's text with the body holding `members` cut to `{…}`.
 * @param {ts.Node} node
 * @param {{ members: ts.NodeArray<ts.Node>, end: number }} holder
 */
function withoutBody(node, holder) {
  const source = node.getSourceFile();
  const text = source.text;
  const open = text.lastIndexOf("{", holder.members.pos);
  return `${text.slice(node.getStart(source), open)}{…}${text.slice(holder.end, node.end)}`;
}

/** @param {string} text */
function clip(text) {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
