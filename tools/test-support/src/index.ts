// Test helpers shared by the packages' suites (TypeScript source, run by vitest, never published).
export { startScriptedServer, serverPerTest, formDataOf, problem, type Behaviour, type RecordedRequest, type ScriptedServer } from "./server.js";
export { caught, secretSurfaces, expectNoSecrets } from "./secrets.js";
export { nodeRuntimes, type NodeRuntime } from "./runtimes.js";
export { collectGarbage, garbageArb, mutate, mutationArb, specExamples, watchProcess, type Mutation } from "./fuzz.js";
export { responseExamples, typedLeaves, replaceAt, type ResponseExample } from "./spec-examples.js";
export { HOSTILE } from "./hostile.js";
export { responseShapeTests } from "./shapes.js";
export { undocumentedMembers, type Undocumented } from "./docstrings.js";
export { builtClasses, classNameProblems, type BuiltClass } from "./dist-names.js";
