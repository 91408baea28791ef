// Stage 3, transform (event typings): the JSON Schema that json-schema-to-typescript turns into
// events.ts: one definition per component schema (a pure alias kept as `type X = Y`), and the
// ClientEvents / ServerEvents / SdkEvents maps keyed by wire name, each event documented from the
// spec (jsdoc.mjs).
import { eventDoc } from "./jsdoc.mjs";
import { SpecError } from "./spec-error.mjs";
import { COMPONENT_PREFIX, componentRefRewriter, transform } from "./transform-schemas.mjs";

/** @typedef {import("./refs.mjs").SpecNode} SpecNode */
/** @typedef {import("./resolve-events.mjs").EventModel} EventModel */

/** The synthetic root type json-schema-to-typescript needs; render drops it. */
export const ROOT_TYPE = "ParleyCodegenRoot";
export const EVENT_MAPS = ["ClientEvents", "ServerEvents", "SdkEvents"];

const TS_IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The root schema for events.ts: `{ definitions }` with every component and the three event maps.
 * A component name that is not a TypeScript identifier, or that clashes with a generated type, is
 * a `SpecError`.
 * @param {SpecNode} doc
 * @param {EventModel} model
 * @param {string} relSpec the spec's path from the repository root, quoted in the maps' docs
 * @returns {{ type: "object", additionalProperties: false, definitions: Record<string, SpecNode> }}
 */
export function eventTypesSchema(doc, model, relSpec) {
  const components = doc.components?.schemas ?? {};
  for (const name of Object.keys(components)) {
    if (!TS_IDENT.test(name)) {
      throw new SpecError(`components/schemas/${name}: name is not a valid TypeScript identifier`);
    }
    if (EVENT_MAPS.includes(name) || name === ROOT_TYPE) {
      throw new SpecError(`components/schemas/${name}: name clashes with a generated type`);
    }
  }
  const rewriteRef = componentRefRewriter(doc);
  /** @param {SpecNode} schema */
  const forTs = (schema) =>
    schema === undefined ? { tsType: "undefined" } : transform(schema, { rewriteRef, dropTitle: true });
  /** @param {SpecNode} schema @param {string | undefined} description */
  const described = (schema, description) =>
    description ? { description, allOf: [schema] } : schema;
  /** @param {Record<string, SpecNode>} props */
  const mapSchema = (props) => ({
    type: "object",
    additionalProperties: false,
    required: Object.keys(props),
    properties: props,
  });

  /** @type {Record<string, SpecNode>} */
  const definitions = {};
  for (const [name, schema] of Object.entries(components)) {
    // A pure alias (`X: { $ref: '#/components/schemas/Y' }`) would be swallowed by
    // json-schema-to-typescript (it emits Y only); declare it as `type X = Y` instead.
    const target = aliasTarget(schema);
    const description = target ? schema.description ?? components[target]?.description : undefined;
    definitions[name] = target ? { tsType: target, ...(description ? { description } : {}) } : forTs(schema);
  }
  for (const schema of Object.values(definitions)) documentRefProperties(schema, components);

  definitions.ClientEvents = mapSchema(
    Object.fromEntries(
      model.client.map((e) => {
        const description = eventDoc(e);
        return [
          e.name,
          {
            ...(description ? { description } : {}),
            type: "object",
            additionalProperties: false,
            required: ["payload", "ack"],
            properties: {
              payload: forTs(e.payload),
              ack: e.ack
                ? e.ack.length === 1
                  ? forTs(e.ack[0]?.payload)
                  : { anyOf: e.ack.map((m) => forTs(m.payload)) }
                : { tsType: "never" },
            },
          },
        ];
      }),
    ),
  );
  definitions.ServerEvents = mapSchema(
    Object.fromEntries(model.server.map((e) => [e.name, described(forTs(e.payload), eventDoc(e))])),
  );
  definitions.SdkEvents = mapSchema(
    Object.fromEntries(model.sdk.map((e) => [e.name, described(forTs(e.payload), eventDoc(e))])),
  );
  /** @type {Record<string, string>} */
  const descriptions = {
    ClientEvents: `Events the client sends (${relSpec} \`send\` operations): payload, and the ack's data (\`never\` when the server does not ack).`,
    ServerEvents: `Events the server pushes (${relSpec} \`receive\` operations), by wire name.`,
    SdkEvents: "SDK-level events (x-parley-client-events), by name.",
  };
  for (const k of EVENT_MAPS) definitions[k].description = descriptions[k];

  return { type: "object", additionalProperties: false, definitions };
}

/**
 * A property that only points at a component (`agent: { $ref: Agent }`) gets no comment from
 * json-schema-to-typescript, which moves a sibling `description` onto the target type instead. Emit
 * the same type by name (`tsType`), with the property's own description, else the component's.
 * @param {SpecNode} schema a transformed schema (refs already `#/definitions/X`)
 * @param {Record<string, SpecNode>} components
 */
function documentRefProperties(schema, components) {
  if (!schema || typeof schema !== "object") return;
  if (Array.isArray(schema)) return schema.forEach((s) => documentRefProperties(s, components));
  for (const [key, value] of Object.entries(schema)) {
    if (key !== "properties" || !value || typeof value !== "object") {
      if (value && typeof value === "object") documentRefProperties(value, components);
      continue;
    }
    for (const [prop, sub] of Object.entries(value)) {
      const target = typeof sub?.$ref === "string" && sub.$ref.startsWith("#/definitions/") ? sub.$ref.slice("#/definitions/".length) : undefined;
      const onlyRef = target && Object.keys(sub).every((k) => k === "$ref" || k === "description");
      const description = onlyRef ? sub.description ?? components[target]?.description : undefined;
      if (onlyRef && description) value[prop] = { tsType: target, description };
      else documentRefProperties(sub, components);
    }
  }
}

/**
 * The component a schema only points at (`{ $ref }` plus annotations), else `undefined`.
 * @param {SpecNode} schema
 * @returns {string | undefined}
 */
function aliasTarget(schema) {
  if (!schema || typeof schema.$ref !== "string" || !schema.$ref.startsWith(COMPONENT_PREFIX)) return undefined;
  const others = Object.keys(schema).filter((k) => k !== "$ref" && !k.startsWith("x-") && !["description", "title", "examples", "example", "deprecated", "externalDocs"].includes(k));
  return others.length ? undefined : schema.$ref.slice(COMPONENT_PREFIX.length);
}
