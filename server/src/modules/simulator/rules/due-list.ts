/**
 * "After a while": each key seen for the first time gets a due time (now + draw()); keys that are
 * no longer present are forgotten. Returns the keys that are due. Used by the storekeeper (issue a
 * request 10–40 minutes after it was made), the advisor (call the customer about extra work) and
 * the cashier (the customer collects the car).
 */
export function dueKeys(
  memory: Map<string, number>,
  present: readonly string[],
  now: number,
  draw: () => number,
): string[] {
  const live = new Set(present);
  for (const key of [...memory.keys()]) if (!live.has(key)) memory.delete(key);
  const due: string[] = [];
  for (const key of present) {
    let at = memory.get(key);
    if (at === undefined) {
      at = now + draw();
      memory.set(key, at);
    }
    if (at <= now) due.push(key);
  }
  return due;
}
