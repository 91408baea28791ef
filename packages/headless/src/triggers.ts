// Proactive triggers: which one matches the current page.
import type { TriggerItem } from "./types.js";

/** The first enabled trigger whose URL rule matches `url`, or null. A broken regex never matches. */
export function matchTrigger(triggers: readonly TriggerItem[], url: string): TriggerItem | null {
  for (const trigger of triggers) {
    if (trigger.enabled && urlMatches(trigger, url)) return trigger;
  }
  return null;
}

function urlMatches(trigger: TriggerItem, pageUrl: string): boolean {
  const pattern = trigger.url_pattern;
  // A pattern starting with "/" is about the page's path (and query), whatever the host.
  const url = pattern.startsWith("/") ? pathOf(pageUrl) : pageUrl;
  switch (trigger.match_type) {
    case "exact":
      return url === pattern;
    case "prefix":
      return url.startsWith(pattern);
    case "contains":
      return url.includes(pattern);
    case "regex":
      try {
        return new RegExp(pattern).test(url);
      } catch {
        return false;
      }
    default:
      return false;
  }
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
