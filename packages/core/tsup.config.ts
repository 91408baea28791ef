import { packageBuild } from "../../tsup.config.base.mjs";

// api-client has its own entry: openapi-fetch (not side-effect free) must not ride along with the rest.
export default packageBuild(["src/index.ts", "src/public.ts", "src/api-client.ts"]);
