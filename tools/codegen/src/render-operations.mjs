// Stage 4, render (OpenAPI): openapi-typescript already documents `paths` (summary, description)
// and each parameter; its `operations` map, which the SDKs' types index, carries nothing. This adds
// the operation's JSDoc (jsdoc.mjs) to each member of `operations` in its AST, before printing.
import ts from "typescript";
import { commentText, operationDoc } from "./jsdoc.mjs";

/** @typedef {import("./resolve-operations.mjs").OperationEntry} OperationEntry */

/**
 * Attach each operation's JSDoc to its member of the `operations` interface in `nodes` (the AST
 * openapi-typescript returns). Throws when the interface, or the member of an operation, is missing:
 * every operation must come out documented.
 * @param {readonly ts.Node[]} nodes
 * @param {OperationEntry[]} operations
 */
export function documentOperations(nodes, operations) {
  const map = nodes.find(
    (n) => ts.isInterfaceDeclaration(n) && n.name.text === "operations",
  );
  if (!map || !ts.isInterfaceDeclaration(map)) {
    if (operations.length === 0) return;
    throw new Error("internal: openapi-typescript emitted no `operations` interface");
  }
  /** @type {Map<string, ts.TypeElement>} */
  const members = new Map();
  for (const m of map.members) {
    if (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) members.set(m.name.text, m);
  }
  for (const op of operations) {
    const member = members.get(op.operationId);
    if (!member) throw new Error(`internal: openapi-typescript emitted no operations["${op.operationId}"]`);
    ts.addSyntheticLeadingComment(member, ts.SyntaxKind.MultiLineCommentTrivia, commentText(operationDoc(op)), true);
  }
}
