// The headless API's calls (createCall, loadCall, cancelCall). The spec names the statuses
// (`CallResponse.status`: queued, scheduled, connected, finished, cancelled) and cancelCall's rule
// (a queued or scheduled call is cancelled; connected, finished or cancelled: 409). The mock plays
// the platform's side one loadCall at a time, as it does for chats (createCall answers the first):
//   instant call    queued -> connected -> finished
//   scheduled call  scheduled (until its `scheduled_at` has passed) -> connected -> finished
// A call the mock did not create (the examples' 1234) is Prism's.
import { uniqueInteger } from "../ids.mjs";

const NEXT = { queued: "connected", connected: "finished" };

/**
 * @param {ReturnType<typeof import("./openapi.mjs").loadSpec>} spec
 * @param {{ now: () => string, problem: (operationId: string, status: number, detail: string) => any }} tools
 */
export function headlessCalls(spec, { now, problem }) {
  const route = (operationId) => /** @type {import("./openapi.mjs").Route} */ (spec.routes.find((r) => r.operationId === operationId));
  const created = spec.example(route("createCall"), 201);
  const menus = menuIndex(spec.example(route("getMenus"), 200));
  /** @type {Map<string, any>} */ let calls = new Map();

  /** @type {Record<string, (context: any) => any>} */
  const handlers = {
    createCall({ params, json }) {
      const id = uniqueInteger();
      const menuId = Number(params.menuId);
      const scheduled = typeof json?.scheduled_at === "string";
      const call = {
        id,
        lang: json?.lang ?? created.lang,
        menu_id: menuId,
        status: scheduled ? "scheduled" : "queued",
        type: scheduled ? "scheduled" : "instant",
        ...(scheduled ? { scheduled_at: json.scheduled_at } : {}),
        recording_permitted: json?.recording_permission === "recording_permission_granted",
        survey_enabled: created.survey_enabled,
        created_at: now(),
        menus: [menus.get(menuId) ?? { id: menuId, name: `Menu ${menuId}` }],
      };
      calls.set(String(id), call);
      return { status: 201, body: call };
    },
    loadCall({ params }) {
      const call = calls.get(params.callId);
      if (!call) return undefined;
      const due = call.status === "scheduled" && Date.parse(call.scheduled_at) <= Date.now();
      const next = due ? "connected" : NEXT[call.status];
      if (next) call.status = next;
      return { status: 200, body: structuredClone(call) };
    },
    cancelCall({ params }) {
      const call = calls.get(params.callId);
      if (!call) return undefined;
      if (call.status !== "queued" && call.status !== "scheduled") {
        return problem("cancelCall", 409, `Call ${call.id} is ${call.status} and cannot be cancelled.`);
      }
      call.status = "cancelled";
      return { status: 200, body: structuredClone(call) };
    },
  };
  return {
    handlers,
    reset: () => {
      calls = new Map();
    },
    /** A call the mock created, as the last loadCall or cancelCall left it (a copy), or undefined. */
    call: (callId) => structuredClone(calls.get(String(callId))),
  };
}

/** Every menu of getMenus' example (children included) by id, as `CallResponse.menus` names them. */
function menuIndex(example) {
  /** @type {Map<number, { id: number, name: string }>} */
  const index = new Map();
  const visit = (list) => {
    for (const menu of Array.isArray(list) ? list : []) {
      if (typeof menu?.id === "number" && typeof menu.name === "string") index.set(menu.id, { id: menu.id, name: menu.name });
      visit(menu?.children);
    }
  };
  visit(example?.menus);
  return index;
}
