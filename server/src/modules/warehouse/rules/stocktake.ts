/** A counted line: the variance is what the count says minus what the books say now. */
export function stocktakeVariance(counted: number | null, onHand: number): number | null {
  return counted === null ? null : counted - onHand;
}

/** The adjustments to post: counted lines whose count differs from the books (uncounted lines stay as they are). */
export function stocktakeAdjustments<T extends { counted: number | null; onHand: number }>(
  lines: readonly T[],
): Array<T & { delta: number }> {
  const out: Array<T & { delta: number }> = [];
  for (const line of lines) {
    const delta = stocktakeVariance(line.counted, line.onHand);
    if (delta !== null && delta !== 0) out.push({ ...line, delta });
  }
  return out;
}
