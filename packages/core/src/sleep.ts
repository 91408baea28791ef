// Owns waiting: a sleep, a deadline around a promise, and giving up a wait when a signal aborts.
import { AbortError, TimeoutError } from "./errors.js";

/** Resolves after `ms`, or rejects with AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError("The operation was aborted."));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("The operation was aborted."));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `promise`, or AbortError as soon as `signal` aborts (the work behind `promise` goes on for others). */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError("The operation was aborted."));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError("The operation was aborted."));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs `work` with a signal that aborts after `ms`, and rejects with TimeoutError (`what` timed out
 * after ms) at that moment even when `work` ignores its signal. Timed by setTimeout.
 */
export function withTimeout<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller.abort(new TimeoutError(`${what} timed out after ${ms} ms.`));
      reject(controller.signal.reason);
    }, ms);
    work(controller.signal).then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
