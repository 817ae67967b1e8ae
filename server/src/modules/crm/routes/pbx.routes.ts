import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../../deps.ts';
import { hashToken } from '../../../platform/ids.ts';
import { unauthenticated } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { poolOf, selectOne } from '../db.ts';
import { recordPbxCall } from '../commands/calls.ts';
import { AmiCallTracker, parseAmiTranscript } from '../pbx/ami-parser.ts';
import { amiEventsBody, pbxCallBody } from '../crm.schemas.ts';

/**
 * The station PBX reports calls here with its own token (`Authorization: Bearer <token>`, made in
 * /api/crm/pbx). `POST /api/pbx/calls` takes one call in the documented JSON shape (crm/README.md);
 * `POST /api/pbx/ami` takes raw Asterisk AMI traffic (a forwarder pipes the manager socket's text) and
 * follows the calls across requests, one tracker per PBX.
 */
export function pbxRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/pbx' });
  const pool = poolOf(deps.sequelize);
  const trackers = new Map<string, AmiCallTracker>();

  const authenticatePbx = async (ctx: Context) => {
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(ctx.get('authorization'));
    if (!m) throw unauthenticated('This endpoint needs the PBX token');
    const pbx = await selectOne<{ id: string; name: string }>(
      pool,
      `SELECT id, name FROM pbx_endpoints WHERE token_hash = :hash AND active`,
      { hash: hashToken(m[1]!) },
    );
    if (!pbx) throw unauthenticated('The PBX token is not valid');
    return pbx;
  };

  router.post('/calls', async (ctx) => {
    const pbx = await authenticatePbx(ctx);
    const input = parse(pbxCallBody, ctx.request.body);
    const result = await runCommand(
      deps,
      ctx,
      (cx) => recordPbxCall(cx, pbx.id, input, deps.config.station.phoneRegion),
      { type: 'system', id: null, name: `PBX ${pbx.name}` },
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = result;
  });

  router.post('/ami', async (ctx) => {
    const pbx = await authenticatePbx(ctx);
    const input = parse(amiEventsBody, ctx.request.body);
    let tracker = trackers.get(pbx.id);
    if (!tracker)
      trackers.set(pbx.id, (tracker = new AmiCallTracker({ timezone: deps.config.station.timezone })));
    const now = input.receivedAt ?? deps.clock.now();
    const reports = parseAmiTranscript(input.transcript).flatMap((e) => tracker.feed(e, now));
    const calls: Array<{ id: string; created: boolean }> = [];
    for (const report of reports) {
      calls.push(
        await runCommand(
          deps,
          ctx,
          (cx) =>
            recordPbxCall(
              cx,
              pbx.id,
              { ...report, callId: report.externalId },
              deps.config.station.phoneRegion,
            ),
          { type: 'system', id: null, name: `PBX ${pbx.name}` },
        ),
      );
    }
    ctx.body = { events: reports.length, calls, following: tracker.openCalls() };
  });

  return router;
}
