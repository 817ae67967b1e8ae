// Relative paths (not $lib) so the unit tests and the root tsc resolve them too.
import type { Kanban, KanbanStage } from '../../../lib/api/crm-api.ts';
import { formatMoney as formatStationMoney } from '../../../lib/util/money.ts';

/** Pure helpers of the CRM screens (no strings: the screens translate what these return). */

/** Money in minor units shown in the station's currency, without kopecks for whole amounts. */
export function formatMoney(minor: number, locale: string, currency: string): string {
  return formatStationMoney(minor, currency, locale, { dropZeroFraction: true });
}

export type AgeUnit = 'min' | 'h' | 'd';

/** An age in its largest whole unit: 50 s → 0 min, 3 h 10 min → 3 h, 49 h → 2 d. */
export function ageParts(seconds: number): { n: number; unit: AgeUnit } {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 3600) return { n: Math.floor(s / 60), unit: 'min' };
  if (s < 86_400) return { n: Math.floor(s / 3600), unit: 'h' };
  return { n: Math.floor(s / 86_400), unit: 'd' };
}

/** How stale a deal looks in its stage: fresh under 3 days, ageing under 7, stale after. */
export function ageTone(seconds: number): 'fresh' | 'ageing' | 'stale' {
  if (seconds < 3 * 86_400) return 'fresh';
  if (seconds < 7 * 86_400) return 'ageing';
  return 'stale';
}

export type MovePlan = { kind: 'none' } | { kind: 'move' } | { kind: 'needsReason' };

/** What dropping a deal on a stage means: nothing (its own stage), a move, or a move that needs a lost reason. */
export function planMove(board: Kanban, dealId: string, toStageId: string): MovePlan {
  const from = board.stages.find((s) => s.deals.some((d) => d.id === dealId));
  const to = board.stages.find((s) => s.id === toStageId);
  if (!from || !to || from.id === to.id) return { kind: 'none' };
  return to.kind === 'lost' ? { kind: 'needsReason' } : { kind: 'move' };
}

/**
 * The board after a deal moved (shown at once, before the server answers): the card leaves its
 * column and heads the target, counts and sums follow, its age in stage restarts.
 */
export function moveOnBoard(board: Kanban, dealId: string, toStageId: string): Kanban {
  const from = board.stages.find((s) => s.deals.some((d) => d.id === dealId));
  const to = board.stages.find((s) => s.id === toStageId);
  if (!from || !to || from.id === to.id) return board;
  const card = from.deals.find((d) => d.id === dealId)!;
  const moved = {
    ...card,
    stageId: to.id,
    status: to.kind,
    ageInStageSeconds: 0,
    stageEnteredAt: new Date().toISOString(),
  };
  const stages: KanbanStage[] = board.stages.map((s) => {
    if (s.id === from.id)
      return {
        ...s,
        count: Math.max(0, s.count - 1),
        sumMinor: s.sumMinor - card.expectedMinor,
        deals: s.deals.filter((d) => d.id !== dealId),
      };
    if (s.id === to.id)
      return {
        ...s,
        count: s.count + 1,
        sumMinor: s.sumMinor + card.expectedMinor,
        deals: [moved, ...s.deals],
      };
    return s;
  });
  return { ...board, stages };
}

/** The stage left or right of a deal's stage (keyboard moves with the arrow keys), or null at an edge. */
export function neighbourStage(board: Kanban, dealId: string, step: -1 | 1): KanbanStage | null {
  const index = board.stages.findIndex((s) => s.deals.some((d) => d.id === dealId));
  if (index < 0) return null;
  return board.stages[index + step] ?? null;
}

/** Bars of a simple bar chart: each value as a share (0–1) of the largest; negatives count as 0. */
export function barShares(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 && v > 0 ? v / max : 0));
}

/** Points of a line chart in a width × height box (values from `min` to `max`, y grows downwards). */
export function linePoints(
  values: Array<number | null>,
  width: number,
  height: number,
  min = 0,
  max = 100,
): Array<{ x: number; y: number } | null> {
  const n = values.length;
  const span = max - min || 1;
  return values.map((v, i) =>
    v === null
      ? null
      : {
          x: n === 1 ? width / 2 : (i / (n - 1)) * width,
          y: height - ((Math.min(max, Math.max(min, v)) - min) / span) * height,
        },
  );
}
