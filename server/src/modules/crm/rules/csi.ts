/**
 * The customer satisfaction index of a set of 0–10 survey scores: the mean scaled to 0–100, with
 * the shares of promoters (9–10) and detractors (0–6) and their difference (NPS). One decimal.
 */
export interface CsiFigures {
  answers: number;
  csi: number | null;
  promoters: number;
  detractors: number;
  nps: number | null;
}

const oneDecimal = (x: number) => Math.round(x * 10) / 10;

export function csiOf(scores: readonly number[]): CsiFigures {
  if (scores.length === 0) return { answers: 0, csi: null, promoters: 0, detractors: 0, nps: null };
  const sum = scores.reduce((a, b) => a + b, 0);
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return {
    answers: scores.length,
    csi: oneDecimal((sum / scores.length) * 10),
    promoters,
    detractors,
    nps: oneDecimal(((promoters - detractors) / scores.length) * 100),
  };
}
