// The browser side of the fault-injecting proxy (scripts/lib/fault-proxy.mjs):
// rules for /dicom-web requests, the proxy's request log, and a recording
// server on another origin.
import type { FaultLogEntry, FaultRule, ForeignRequest } from '../../scripts/lib/fault-proxy.mjs';

export type { FaultRule, FaultLogEntry, ForeignRequest };

const CONTROL = '/__fovea/faults';

async function control<T>(path: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(`${CONTROL}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  if (!response.ok) throw new Error(`fault proxy ${method} ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Replaces the proxy's rules. */
export async function setFaults(rules: FaultRule[]): Promise<void> {
  await control('', 'POST', { rules });
}

/** Removes every rule and empties the log. */
export async function clearFaults(): Promise<void> {
  await control('', 'DELETE');
}

/** The requests the proxy saw since the last clear, and which rule took each. */
export async function faultLog(): Promise<{ rules: (FaultRule & { hits: number })[]; log: FaultLogEntry[] }> {
  return control('', 'GET');
}

/** Starts (or empties) a recording server on another origin; its origin. */
export async function startForeignServer(): Promise<string> {
  return (await control<{ origin: string }>('/foreign', 'POST')).origin;
}

/** What reached the foreign server. */
export async function foreignRequests(): Promise<ForeignRequest[]> {
  return (await control<{ requests: ForeignRequest[] }>('/foreign', 'GET')).requests;
}

export async function stopForeignServer(): Promise<void> {
  await control('/foreign', 'DELETE');
}

/** A regular expression source matching a literal string (for `path` rules with UIDs). */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Waits until every request the proxy saw has been answered or given up on,
 * then two frames: what those answers settle (and any rejection they leave
 * unhandled) then belongs to the test that made them, not the next one.
 */
export async function requestsSettled(timeoutMs = 15_000): Promise<void> {
  const start = performance.now();
  while ((await faultLog()).log.some((e) => e.status === 0)) {
    if (performance.now() - start > timeoutMs) throw new Error('requests still pending after 15 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}
