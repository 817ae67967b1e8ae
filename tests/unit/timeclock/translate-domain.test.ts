import { describe, expect, it } from 'vitest';
import { translateDomainEvent } from '../../../server/src/modules/timeclock/log/translate-domain.ts';

describe('domain events → labour log rows', () => {
  it('a car arriving for its booking is order.arrived with the lift it is booked on', () => {
    const rows = translateDomainEvent(
      {
        type: 'appointment.arrived',
        appointmentId: 'ap-1',
        liftId: 'lift-2',
        orderId: 'order-9',
        customerId: 'c-1',
        reason: null,
        at: '2026-03-02T07:55:00.000Z',
      },
      'user:advisor',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        sourceKey: 'order.arrived:ap-1',
        kind: 'order.arrived',
        at: new Date('2026-03-02T07:55:00.000Z'),
        payload: { orderId: 'order-9', plannedLiftId: 'lift-2' },
        orderId: 'order-9',
      }),
    ]);
  });

  it('an arrival without a repair order, or without a time, tells the engine nothing', () => {
    expect(
      translateDomainEvent(
        {
          type: 'appointment.arrived',
          appointmentId: 'ap-2',
          liftId: 'l',
          orderId: null,
          at: '2026-03-02T08:00:00Z',
        },
        's',
      ),
    ).toEqual([]);
    expect(
      translateDomainEvent(
        { type: 'appointment.arrived', appointmentId: 'ap-3', liftId: 'l', orderId: 'o' },
        's',
      ),
    ).toEqual([]);
  });

  it('an order leaving (handed over, closed, cancelled) is order.departed once', () => {
    const departed = (from: string, to: string) =>
      translateDomainEvent(
        { type: 'order.status_changed', orderId: 'o', from, to, at: '2026-03-02T18:00:00Z' },
        's',
      ).map((r) => r.kind);
    expect(departed('done', 'handed_over')).toEqual(['order.departed']);
    expect(departed('handed_over', 'closed')).toEqual([]);
    expect(departed('in_work', 'done')).toEqual([]);
  });
});
