import { packageBuild } from "../../tsup.config.base.mjs";

// content-disposition is bundled (its parser is plain string code that runs in browsers and Node):
// the SDK keeps a single runtime dependency (@parley/core) and the browser build needs no shim.
export default { ...(packageBuild() as object), noExternal: ["content-disposition"] };
