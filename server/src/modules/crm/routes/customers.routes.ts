import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { notFound } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { checkCustomerAccess, ownScope, permit } from '../crm.policy.ts';
import { int, iso, poolOf, select, selectOne } from '../db.ts';
import { adjustPoints, currentTier, ensureCard, pointsBalance, redeemPoints } from '../commands/loyalty.ts';
import { recomputeSegments } from '../commands/segments.ts';
import { createInterval, deactivateInterval, runServiceDue } from '../commands/service-due.ts';
import { answerSurvey, insertComplaint, resolveComplaint } from '../commands/surveys.ts';
import { csi, periodOf, segmentFlow, segmentMembers, segmentSummary } from '../queries/analytics.ts';
import { computeServiceDue } from '../queries/service-due.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import {
  adjustPointsBody,
  answerSurveyBody,
  complaintBody,
  csiQuery,
  customerParam,
  idParam,
  intervalBody,
  listSurveysQuery,
  monthsQuery,
  redeemBody,
  resolveComplaintBody,
  segmentsQuery,
  serviceDueQuery,
} from '../crm.schemas.ts';

/** Segments, satisfaction, service due and loyalty: what the CRM knows about customers over time. */
export function customerRoutes(deps: AppDeps): Router {
  const router = new Router();
  const pool = poolOf(deps.sequelize);
  const tz = deps.config.station.timezone;

  router.get('/segments', permit('crm.read'), async (ctx) => {
    ctx.body = await segmentSummary(pool);
  });
  router.get('/segments/customers', permit('crm.read'), async (ctx) => {
    const q = parse(segmentsQuery, ctx.query);
    ctx.body = await segmentMembers(
      pool,
      { ...q, vip: q.vip === undefined ? undefined : q.vip === 'true' },
      ownScope(userOf(ctx)),
    );
  });
  router.get('/segments/flow', permit('crm.read'), async (ctx) => {
    const { months } = parse(monthsQuery, ctx.query);
    ctx.body = await segmentFlow(pool, months, tz, deps.clock.now());
  });
  router.post('/segments/recompute', permit('crm.configure'), async (ctx) => {
    ctx.body = await runCommand(deps, ctx, (cx) => recomputeSegments(cx));
  });

  router.get('/surveys', permit('crm.read'), async (ctx) => {
    const q = parse(listSurveysQuery, ctx.query);
    const where: string[] = [];
    if (q.status) where.push('s.status = :status');
    if (q.due === 'true') where.push(`s.status = 'pending' AND s.due_at <= :now`);
    // One customer's answers (the customer card): only a customer the caller may see.
    if (q.customerId) {
      await checkCustomerAccess(pool, userOf(ctx), q.customerId);
      where.push('s.customer_id = :customerId');
    }
    const rows = await select<{
      id: string;
      order_id: string;
      order_number: string;
      customer_id: string;
      customer_name: string;
      advisor_id: string | null;
      department: string;
      status: string;
      due_at: Date;
      score: number | null;
      comment: string | null;
      channel: string | null;
      answered_at: Date | null;
    }>(
      pool,
      `SELECT s.id, s.order_id, o.number AS order_number, s.customer_id, c.name AS customer_name, s.advisor_id, s.department,
              s.status, s.due_at, s.score, s.comment, s.channel, s.answered_at
         FROM surveys s JOIN repair_orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.due_at DESC OFFSET :offset LIMIT :limit`,
      { ...q, now: deps.clock.now() },
    );
    const count = await selectOne<{ n: string }>(
      pool,
      `SELECT count(*) AS n FROM surveys s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      { ...q, now: deps.clock.now() },
    );
    ctx.body = {
      total: int(count?.n),
      offset: q.offset,
      limit: q.limit,
      items: rows.map((r) => ({
        id: r.id,
        order: { id: r.order_id, number: r.order_number },
        customer: { id: r.customer_id, name: r.customer_name },
        advisorId: r.advisor_id,
        department: r.department,
        status: r.status,
        dueAt: iso(r.due_at),
        score: r.score,
        comment: r.comment,
        channel: r.channel,
        answeredAt: iso(r.answered_at),
      })),
    };
  });
  router.post('/surveys/:id/answer', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const input = parse(answerSurveyBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => answerSurvey(cx, id, input));
    ctx.status = 204;
  });
  router.get('/csi', permit('crm.read'), async (ctx) => {
    const q = parse(csiQuery, ctx.query);
    ctx.body = await csi(pool, { ...periodOf(q, deps.clock.now(), tz), groupBy: q.groupBy }, tz);
  });

  router.get('/complaints', permit('crm.read'), async (ctx) => {
    const rows = await select<{
      id: string;
      customer_id: string;
      customer_name: string;
      order_id: string | null;
      department: string | null;
      description: string;
      status: string;
      resolution: string | null;
      created_at: Date;
      resolved_at: Date | null;
    }>(
      pool,
      `SELECT k.id, k.customer_id, c.name AS customer_name, k.order_id, k.department, k.description, k.status, k.resolution,
              k.created_at, k.resolved_at
         FROM complaints k JOIN customers c ON c.id = k.customer_id
        ${ownScope(userOf(ctx)) ? 'WHERE c.owner_id = :own' : ''}
        ORDER BY (k.status = 'open') DESC, k.created_at DESC LIMIT 500`,
      { own: ownScope(userOf(ctx)) },
    );
    ctx.body = {
      items: rows.map((r) => ({
        id: r.id,
        customer: { id: r.customer_id, name: r.customer_name },
        orderId: r.order_id,
        department: r.department,
        description: r.description,
        status: r.status,
        resolution: r.resolution,
        createdAt: iso(r.created_at),
        resolvedAt: iso(r.resolved_at),
      })),
    };
  });
  router.post('/complaints', permit('crm.write'), async (ctx) => {
    const input = parse(complaintBody, ctx.request.body);
    await checkCustomerAccess(pool, userOf(ctx), input.customerId);
    const id = await runCommand(deps, ctx, (cx) => insertComplaint(cx, input));
    ctx.status = 201;
    ctx.body = { id, status: 'open', ...input };
  });
  router.post('/complaints/:id/resolve', permit('crm.write'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    const { resolution } = parse(resolveComplaintBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) => resolveComplaint(cx, id, resolution));
    ctx.status = 204;
  });

  router.get('/service-intervals', permit('crm.read'), async (ctx) => {
    ctx.body = {
      items: await select(
        pool,
        `SELECT id, name, job_kind AS "jobKind", make, vehicle_id AS "vehicleId", months, km, active FROM service_intervals ORDER BY active DESC, name`,
      ),
    };
  });
  router.post('/service-intervals', permit('crm.configure'), async (ctx) => {
    const input = parse(intervalBody, ctx.request.body);
    const id = await runCommand(deps, ctx, (cx) => createInterval(cx, input));
    ctx.status = 201;
    ctx.body = { id, ...input, active: true };
  });
  router.delete('/service-intervals/:id', permit('crm.configure'), async (ctx) => {
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => deactivateInterval(cx, id));
    ctx.status = 204;
  });
  router.get('/service-due', permit('crm.read'), async (ctx) => {
    const q = parse(serviceDueQuery, ctx.query);
    const settings = await loadCrmSettings(pool);
    const items = await computeServiceDue(
      pool,
      deps.clock.now(),
      q.horizonDays ?? settings.serviceDueHorizonDays,
      {
        ownerId: ownScope(userOf(ctx)),
        limit: q.limit,
      },
    );
    ctx.body = { items };
  });
  router.post('/service-due/run', permit('crm.configure'), async (ctx) => {
    ctx.body = await runCommand(deps, ctx, (cx) => runServiceDue(cx));
  });

  router.get('/customers/:customerId/loyalty', permit('crm.read'), async (ctx) => {
    const { customerId } = parse(customerParam, ctx.params);
    await checkCustomerAccess(pool, userOf(ctx), customerId);
    const now = deps.clock.now();
    const [card, balance, tier, ledger, settings] = await Promise.all([
      selectOne<{ number: string; active: boolean; issued_at: Date }>(
        pool,
        `SELECT number, active, issued_at FROM loyalty_cards WHERE customer_id = :customerId`,
        { customerId },
      ),
      pointsBalance(pool, customerId),
      currentTier(pool, customerId, now),
      select<{
        id: string;
        order_id: string | null;
        kind: string;
        points: number;
        basis_minor: string | null;
        at: Date;
        note: string | null;
      }>(
        pool,
        `SELECT id, order_id, kind, points, basis_minor, at, note FROM loyalty_ledger WHERE customer_id = :customerId ORDER BY at DESC, id LIMIT 200`,
        { customerId },
      ),
      loadCrmSettings(pool),
    ]);
    ctx.body = {
      customerId,
      card: card ? { number: card.number, active: card.active, issuedAt: iso(card.issued_at) } : null,
      balance,
      balanceValueMinor: balance * settings.loyaltyRules.pointValueMinor,
      tier: {
        ...tier.tier,
        spendMinor: tier.spendMinor,
        windowMonths: settings.loyaltyRules.tierWindowMonths,
      },
      ledger: ledger.map((l) => ({
        id: l.id,
        orderId: l.order_id,
        kind: l.kind,
        points: l.points,
        basisMinor: l.basis_minor === null ? null : int(l.basis_minor),
        at: iso(l.at),
        note: l.note,
      })),
    };
  });
  router.post('/customers/:customerId/loyalty/card', permit('crm.write'), async (ctx) => {
    const { customerId } = parse(customerParam, ctx.params);
    await checkCustomerAccess(pool, userOf(ctx), customerId);
    const number = await runCommand(deps, ctx, (cx) => ensureCard(cx, customerId));
    ctx.status = 201;
    ctx.body = { customerId, number };
  });
  router.post('/customers/:customerId/loyalty/redeem', permit('crm.write'), async (ctx) => {
    const { customerId } = parse(customerParam, ctx.params);
    const input = parse(redeemBody, ctx.request.body);
    await checkCustomerAccess(pool, userOf(ctx), customerId);
    ctx.body = await runCommand(deps, ctx, (cx) => redeemPoints(cx, customerId, input));
  });
  router.post('/customers/:customerId/loyalty/adjust', permit('crm.configure'), async (ctx) => {
    const { customerId } = parse(customerParam, ctx.params);
    const input = parse(adjustPointsBody, ctx.request.body);
    await checkCustomerAccess(pool, userOf(ctx), customerId);
    const balance = await runCommand(deps, ctx, (cx) => adjustPoints(cx, customerId, input));
    ctx.body = { customerId, balance };
  });

  router.get('/customers/:customerId/summary', permit('crm.read'), async (ctx) => {
    const { customerId } = parse(customerParam, ctx.params);
    await checkCustomerAccess(pool, userOf(ctx), customerId);
    const [segment, deals, tasks, calls, complaints] = await Promise.all([
      selectOne<{
        segment: string;
        vip: boolean;
        paid_visits: number;
        spend_window_minor: string;
        last_visit_at: Date | null;
      }>(
        pool,
        `SELECT segment, vip, paid_visits, spend_window_minor, last_visit_at FROM customer_segments WHERE customer_id = :customerId`,
        { customerId },
      ),
      select(
        pool,
        `SELECT id, number, title, status FROM deals WHERE customer_id = :customerId AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20`,
        { customerId },
      ),
      select(
        pool,
        `SELECT id, title, due_at AS "dueAt", assignee_id AS "assigneeId" FROM crm_tasks WHERE customer_id = :customerId AND status = 'open' AND deleted_at IS NULL ORDER BY due_at LIMIT 20`,
        { customerId },
      ),
      select(
        pool,
        `SELECT id, kind, direction, started_at AS "startedAt", missed, outcome FROM crm_calls WHERE customer_id = :customerId AND deleted_at IS NULL ORDER BY started_at DESC LIMIT 20`,
        { customerId },
      ),
      select(
        pool,
        `SELECT id, status, description, created_at AS "createdAt" FROM complaints WHERE customer_id = :customerId ORDER BY created_at DESC LIMIT 20`,
        { customerId },
      ),
    ]);
    if (!segment && !deals.length && !tasks.length && !calls.length && !complaints.length) {
      const exists = await selectOne(pool, `SELECT 1 AS ok FROM customers WHERE id = :customerId`, {
        customerId,
      });
      if (!exists) throw notFound('Customer');
    }
    ctx.body = {
      customerId,
      segment: segment
        ? {
            segment: segment.segment,
            vip: segment.vip,
            paidVisits: segment.paid_visits,
            spendWindowMinor: int(segment.spend_window_minor),
            lastVisitAt: iso(segment.last_visit_at),
          }
        : null,
      deals,
      openTasks: tasks,
      calls,
      complaints,
    };
  });

  return router;
}
