import type { IncomingMessage } from 'node:http';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../../../deps.ts';
import { SYSTEM_ACTOR } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { RateLimiter } from '../../../platform/rate-limit.ts';
import { normalizePhone } from '../../workshop/rules/phone.ts';
import { poolOf, selectOne } from '../db.ts';
import { receiveWebsiteLead, type LeadFormRow } from '../commands/leads.ts';
import { answerSurveyByToken, findSurveyByToken } from '../commands/surveys.ts';
import { loadCrmSettings } from '../queries/settings.ts';
import { isSpam, readLeadForm } from '../rules/lead-form.ts';
import { publicSurveyBody, tokenParam } from '../crm.schemas.ts';

const MAX_FORM_BYTES = 64 * 1024;

async function readUrlEncoded(req: IncomingMessage): Promise<Record<string, string>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new AppError(413, 'payload_too_large', 'The form is too large');
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function allowOrigin(ctx: Context, form: LeadFormRow): void {
  const origin = ctx.get('origin');
  if (origin && form.allowed_origins.includes(origin)) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Vary', 'Origin');
  }
}

/**
 * Endpoints without a sign-in, for the station's LAN: the website's request form
 * (`POST /api/public/leads/<form key>`, JSON or an ordinary urlencoded form, CORS for the form's
 * origins, a rate limit per client address and form, a honeypot field) and the one-time survey link.
 */
export function publicRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/public' });
  const pool = poolOf(deps.sequelize);
  const limiters = new Map<number, RateLimiter>();
  const limiterFor = (perMinute: number) => {
    let limiter = limiters.get(perMinute);
    if (!limiter) limiters.set(perMinute, (limiter = new RateLimiter(perMinute, 60_000)));
    return limiter;
  };

  const loadForm = async (key: string): Promise<LeadFormRow> => {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(key)) throw notFound('Form');
    const form = await selectOne<LeadFormRow>(pool, `SELECT * FROM lead_forms WHERE key = :key AND active`, {
      key,
    });
    if (!form) throw notFound('Form');
    return form;
  };

  router.options('/leads/:formKey', async (ctx) => {
    const form = await loadForm(ctx.params.formKey!);
    allowOrigin(ctx, form);
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type');
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
  });

  router.post('/leads/:formKey', async (ctx) => {
    const form = await loadForm(ctx.params.formKey!);
    allowOrigin(ctx, form);
    const settings = await loadCrmSettings(pool);
    const wait = limiterFor(settings.leadRateLimitPerMinute).hit(
      `${form.id}:${ctx.ip}`,
      deps.clock.now().getTime(),
    );
    if (wait > 0) {
      ctx.set('Retry-After', String(wait));
      throw new AppError(
        429,
        'rate_limited',
        'Too many requests from this address; try again in a minute',
        undefined,
        {
          retryAfterSeconds: wait,
        },
      );
    }
    const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
    const body: Record<string, unknown> =
      type === 'application/x-www-form-urlencoded'
        ? await readUrlEncoded(ctx.req)
        : ((ctx.request.body as Record<string, unknown> | undefined) ?? {});
    if (typeof body !== 'object' || Array.isArray(body))
      throw new AppError(400, 'validation_failed', 'Send the form fields');
    // A bot gets the same answer as a person, so it learns nothing; nothing is stored.
    if (isSpam(body)) {
      ctx.status = 202;
      ctx.body = { received: true };
      return;
    }
    const fields = readLeadForm(body);
    if (!fields.phone && !fields.email)
      throw new AppError(400, 'validation_failed', 'phone: give a phone number or an e-mail', 'phone');
    let phoneE164: string | null = null;
    if (fields.phone) {
      const result = normalizePhone(fields.phone, deps.config.station.phoneRegion);
      if (!result.ok) throw new AppError(400, 'validation_failed', `phone: ${result.problem}`, 'phone');
      phoneE164 = result.e164;
    }
    if (fields.email && !/^[^@\s]+@[^@\s]+$/.test(fields.email))
      throw new AppError(400, 'validation_failed', 'email: is not an e-mail address', 'email');
    await runCommand(
      deps,
      ctx,
      (cx) => receiveWebsiteLead(cx, form, { ...fields, phoneE164 }, { clientIp: ctx.ip || null }),
      { ...SYSTEM_ACTOR, name: `website form ${form.name}` },
    );
    ctx.status = 202;
    ctx.body = { received: true };
  });

  router.get('/surveys/:token', async (ctx) => {
    const { token } = parse(tokenParam, ctx.params);
    const survey = await findSurveyByToken(pool, token, deps.clock.now());
    const station = await selectOne<{ name: string }>(pool, `SELECT name FROM station_settings WHERE id = 1`);
    ctx.body = {
      station: station?.name ?? null,
      orderNumber: survey.order_number,
      status: survey.status,
      scale: { min: 0, max: 10 },
    };
  });

  router.post('/surveys/:token', async (ctx) => {
    const { token } = parse(tokenParam, ctx.params);
    const type = ctx.get('content-type').split(';')[0]!.trim().toLowerCase();
    const raw =
      type === 'application/x-www-form-urlencoded' ? await readUrlEncoded(ctx.req) : ctx.request.body;
    const input = parse(publicSurveyBody, raw);
    await runCommand(deps, ctx, (cx) => answerSurveyByToken(cx, token, input), {
      ...SYSTEM_ACTOR,
      name: 'survey link',
    });
    ctx.body = { thanks: true };
  });

  return router;
}
