import { packageBuild } from "../../tsup.config.base.mjs";

export default packageBuild();
