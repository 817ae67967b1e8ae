import { describe, expect, it } from 'vitest';
import { reduceTaskChanges } from '../../../kiosk/src/desk/modules/crm/live-tasks.ts';

describe('the agenda’s live room', () => {
  it('counts task changes and ignores every other delta', () => {
    const start = { userId: 'u1' };
    const once = reduceTaskChanges(start, { type: 'crm.task', change: 'escalated', taskId: 't1' });
    expect(once).toEqual({ userId: 'u1', taskChanges: 1 });
    expect(start).toEqual({ userId: 'u1' });
    const twice = reduceTaskChanges(once, { type: 'crm.task', change: 'completed', taskId: 't1' });
    expect(twice.taskChanges).toBe(2);
    expect(reduceTaskChanges(twice, { type: 'user.updated', userId: 'u1' })).toBe(twice);
  });
});
