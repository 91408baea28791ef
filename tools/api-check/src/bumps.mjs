// Which bump each package needs for the changes found, and which bump the pending changesets give.
import releasePlanModule from "@changesets/get-release-plan";

// The CommonJS build is default-exported twice over when loaded from ESM.
const getReleasePlan = /** @type {{ default?: typeof releasePlanModule }} */ (releasePlanModule).default ?? releasePlanModule;

/** @typedef {"none" | "patch" | "minor" | "major"} Bump */

export const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The smallest bump that may ship changes of impact `impact` from version `version`.
 * Semver gives versions under 1.0.0 no compatibility promise, and npm's caret ranges treat
 * 0.y as the breaking digit (`^0.2.0` never takes 0.3.0): under 1.0.0 a breaking change needs
 * `minor` (a changeset `major` releases 1.0.0, which is allowed too) and an addition `patch`.
 * @param {Bump} impact
 * @param {string} version the package's current version, e.g. "0.0.0"
 * @returns {Bump}
 */
export function requiredBump(impact, version) {
  if (Number(version.split(".")[0]) >= 1 || impact === "none") return impact;
  return impact === "major" ? "minor" : "patch";
}

/**
 * @param {Bump} a
 * @param {Bump} b
 * @returns {Bump} the larger of two bumps
 */
export function maxBump(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The bump each package gets from the pending changesets in `.changeset/`, as `changeset version`
 * would apply it (dependents bumped through `updateInternalDependencies` included).
 * @param {string} root
 * @returns {Promise<Map<string, Bump>>} package name -> bump; absent means none
 */
export async function pendingBumps(root) {
  const plan = await getReleasePlan(root);
  return new Map(plan.releases.map((release) => [release.name, release.type]));
}
