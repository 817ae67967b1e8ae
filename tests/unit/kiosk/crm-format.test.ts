import { describe, expect, it } from 'vitest';
import type { DealCard, Kanban } from '../../../kiosk/src/lib/api/crm-api.ts';
import {
  ageParts,
  ageTone,
  barShares,
  formatMoney,
  linePoints,
  moveOnBoard,
  neighbourStage,
  planMove,
} from '../../../kiosk/src/desk/modules/crm/crm-format.ts';

const card = (id: string, stageId: string, expectedMinor: number): DealCard => ({
  id,
  number: `D-${id}`,
  title: `Deal ${id}`,
  stageId,
  status: 'open',
  customer: null,
  vehicle: null,
  owner: null,
  source: { channel: null, campaign: null },
  expectedMinor,
  jobKind: null,
  stageEnteredAt: '2026-01-01T00:00:00.000Z',
  ageInStageSeconds: 5000,
  ageSeconds: 9000,
  createdAt: '2026-01-01T00:00:00.000Z',
  closedAt: null,
});

const board = (): Kanban => ({
  pipeline: { id: 'p', name: 'Car service' },
  closedSince: '2026-01-01T00:00:00.000Z',
  stages: [
    {
      id: 'new',
      code: 'new_request',
      name: 'New',
      kind: 'open',
      position: 0,
      count: 2,
      sumMinor: 300,
      deals: [card('a', 'new', 100), card('b', 'new', 200)],
    },
    {
      id: 'work',
      code: 'in_work',
      name: 'In work',
      kind: 'open',
      position: 1,
      count: 0,
      sumMinor: 0,
      deals: [],
    },
    { id: 'lost', code: 'lost', name: 'Lost', kind: 'lost', position: 2, count: 0, sumMinor: 0, deals: [] },
  ],
});

describe('kanban moves', () => {
  it('plans nothing on its own stage, a move elsewhere, and asks for a reason on a lost stage', () => {
    expect(planMove(board(), 'a', 'new')).toEqual({ kind: 'none' });
    expect(planMove(board(), 'a', 'work')).toEqual({ kind: 'move' });
    expect(planMove(board(), 'a', 'lost')).toEqual({ kind: 'needsReason' });
    expect(planMove(board(), 'zzz', 'work')).toEqual({ kind: 'none' });
  });

  it('moves the card with its count and sum and restarts its age in stage', () => {
    const after = moveOnBoard(board(), 'b', 'work');
    expect(after.stages[0]).toMatchObject({ count: 1, sumMinor: 100 });
    expect(after.stages[0]!.deals.map((d) => d.id)).toEqual(['a']);
    expect(after.stages[1]).toMatchObject({ count: 1, sumMinor: 200 });
    expect(after.stages[1]!.deals[0]).toMatchObject({ id: 'b', stageId: 'work', ageInStageSeconds: 0 });
    const lost = moveOnBoard(after, 'b', 'lost');
    expect(lost.stages[2]!.deals[0]!.status).toBe('lost');
    expect(moveOnBoard(board(), 'a', 'new')).toEqual(board());
  });

  it('finds the neighbouring stage for the keyboard, none past the edges', () => {
    expect(neighbourStage(board(), 'a', 1)?.id).toBe('work');
    expect(neighbourStage(board(), 'a', -1)).toBeNull();
    expect(neighbourStage(board(), 'nope', 1)).toBeNull();
  });
});

describe('formatting', () => {
  it('shows an age in its largest whole unit', () => {
    expect(ageParts(50)).toEqual({ n: 0, unit: 'min' });
    expect(ageParts(3 * 3600 + 600)).toEqual({ n: 3, unit: 'h' });
    expect(ageParts(49 * 3600)).toEqual({ n: 2, unit: 'd' });
    expect(ageParts(-5)).toEqual({ n: 0, unit: 'min' });
    expect(ageTone(86_400)).toBe('fresh');
    expect(ageTone(4 * 86_400)).toBe('ageing');
    expect(ageTone(8 * 86_400)).toBe('stale');
  });

  it('formats money in minor units, kopecks only when there are any', () => {
    expect(formatMoney(1_250_000, 'en', 'RUB')).toBe('RUB\u00a012,500');
    expect(formatMoney(1050, 'en', 'RUB')).toBe('RUB\u00a010.50');
  });

  it('scales bars to the largest value and plots lines inside the box', () => {
    expect(barShares([5, 10, -3, 0])).toEqual([0.5, 1, 0, 0]);
    expect(barShares([])).toEqual([]);
    expect(linePoints([0, 50, null, 100], 300, 100)).toEqual([
      { x: 0, y: 100 },
      { x: 100, y: 50 },
      null,
      { x: 300, y: 0 },
    ]);
    expect(linePoints([70], 200, 100)).toEqual([{ x: 100, y: 30 }]);
  });
});
