import { QueryTypes } from 'sequelize';
import { registerCustomerMergeStep } from './registry.ts';

/** A phone both customers have stays once, on the target; the rest move. */
registerCustomerMergeStep({
  name: 'customer phones',
  handles: [{ table: 'customer_phones', column: 'customer_id' }],
  run: async (cx, { sourceId, targetId }) => {
    await cx.sequelize.query(
      `DELETE FROM customer_phones s USING customer_phones t
        WHERE s.customer_id = :sourceId AND t.customer_id = :targetId AND t.e164 = s.e164`,
      { replacements: { sourceId, targetId }, transaction: cx.tx },
    );
    const moved = await cx.sequelize.query<{ id: string }>(
      `UPDATE customer_phones SET customer_id = :targetId, is_primary = false WHERE customer_id = :sourceId RETURNING id`,
      { replacements: { sourceId, targetId }, transaction: cx.tx, type: QueryTypes.SELECT },
    );
    return moved.length;
  },
});
