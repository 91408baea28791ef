import { packageBuild } from "../../tsup.config.base.mjs";

// content-disposition is ESM-only and declares Node 22: bundled (its parser is plain string code
// that runs in browsers and Node 20), so the CommonJS build and Node 20 users need nothing more.
export default { ...(packageBuild() as object), noExternal: ["content-disposition"] };
