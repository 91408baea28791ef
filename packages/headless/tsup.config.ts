import { packageBuild } from "../../tsup.config.base.mjs";

// content-disposition is bundled: 3.x is ESM-only and declares Node 22, but its parser is plain
// string code that runs in browsers and Node 20, and bundled it is 0.5 kB smaller than 2.x; users
// install nothing for it, so its engines field reaches no one (@parley/mock, a runtime dependant,
// pins 2.0.1, which declares Node 18).
export default { ...(packageBuild() as object), noExternal: ["content-disposition"] };
