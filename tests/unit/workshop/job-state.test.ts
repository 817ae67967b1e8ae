import { describe, expect, it } from 'vitest';
import {
  lineIsBillable,
  nextJobState,
  type JobAction,
  type JobPosition,
  type WaitReason,
} from '../../../server/src/modules/workshop/rules/job-state.ts';

const at = (state: JobPosition['state'], waitReason: WaitReason | null = null): JobPosition => ({
  state,
  waitReason,
});

describe('job state transitions', () => {
  it.each<[JobPosition, JobAction, WaitReason | undefined, JobPosition | RegExp]>([
    [at('planned'), 'start', undefined, at('in_progress')],
    [at('in_progress'), 'start', undefined, /in_progress job cannot be started/],
    [at('done'), 'start', undefined, /done job cannot be started/],
    [at('in_progress'), 'pause', 'parts', at('waiting', 'parts')],
    [at('in_progress'), 'pause', undefined, /needs a reason/],
    [at('waiting', 'parts'), 'pause', 'approval', at('waiting', 'approval')],
    [at('waiting', 'parts'), 'pause', 'parts', /already waiting for parts/],
    [at('planned'), 'pause', 'tool', /planned job cannot be paused/],
    [at('waiting', 'tool'), 'resume', undefined, at('in_progress')],
    [at('in_progress'), 'resume', undefined, /cannot be resumed/],
    [at('in_progress'), 'complete', undefined, at('done')],
    [at('waiting', 'other'), 'complete', undefined, at('done')],
    [at('planned'), 'complete', undefined, /planned job cannot be completed/],
    [at('done'), 'complete', undefined, /done job cannot be completed/],
  ])('%j %s %s', (from, action, reason, expected) => {
    const step = nextJobState(from, action, reason);
    if (expected instanceof RegExp) {
      expect(step.ok).toBe(false);
      if (!step.ok) expect(step.problem).toMatch(expected);
    } else {
      expect(step).toEqual({ ok: true, next: expected });
    }
  });

  it('recommendations count only once approved', () => {
    expect(lineIsBillable(null)).toBe(true);
    expect(lineIsBillable('approved')).toBe(true);
    expect(lineIsBillable('pending')).toBe(false);
    expect(lineIsBillable('declined')).toBe(false);
  });
});
