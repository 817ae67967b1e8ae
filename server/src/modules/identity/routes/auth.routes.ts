import Router from '@koa/router';
import type { MeDto, SessionDto, SetupStateDto } from '../../../contracts/dto.ts';
import type { AppDeps } from '../../../deps.ts';
import { AppError } from '../../../platform/errors.ts';
import { userOf } from '../../../platform/http/auth.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { RateLimiter } from '../../../platform/rate-limit.ts';
import { stationOf } from '../../station/index.ts';
import { changeOwnPassword } from '../commands/change-password.ts';
import { createFirstOwner } from '../commands/create-owner.ts';
import { login } from '../commands/login.ts';
import { revokeSession } from '../commands/logout.ts';
import { Session, User } from '../models/index.ts';
import { presentSession, presentUser } from '../identity.presenter.ts';
import { changePasswordBody, idParam, loginBody, setupBody } from '../identity.schemas.ts';
import { permissionsOf } from '../rules/permissions.ts';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.ts';

async function me(deps: AppDeps, user: User): Promise<MeDto> {
  return {
    user: presentUser(user),
    permissions: [...permissionsOf(user.role)],
    station: await stationOf(deps),
  };
}

export function authRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Failed attempts per client address (a password spray); the per-account lock-out is the second line.
  const limiter = new RateLimiter(deps.config.loginFailuresPerMinute, 60_000);
  const nowMs = () => deps.clock.now().getTime();
  const secure = deps.config.secureCookies;

  router.get('/setup', async (ctx) => {
    const station = await stationOf(deps);
    const body: SetupStateDto = {
      needsOwner: (await User.count()) === 0,
      stationName: station.name,
      defaultLocale: station.defaultLocale,
      timezone: station.timezone,
    };
    ctx.body = body;
  });

  router.post('/setup/owner', async (ctx) => {
    const input = parse(setupBody, ctx.request.body);
    const wait = limiter.blocked(ctx.ip, nowMs());
    if (wait)
      throw new AppError(429, 'rate_limited', 'Too many attempts; wait a minute', undefined, {
        retryAfterSeconds: wait,
      });
    const result = await runCommand(deps, ctx, async (cx) => {
      await createFirstOwner(cx, input);
      return login(cx, {
        login: input.login,
        password: input.password,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent'),
        sessionHours: deps.config.sessionHours,
      });
    });
    if (!result.ok) throw new AppError(500, 'internal', 'The owner was created but could not sign in');
    setSessionCookie(ctx, result.token, result.session.expiresAt, secure);
    ctx.status = 201;
    ctx.body = await me(deps, result.user);
  });

  router.post('/auth/login', async (ctx) => {
    const input = parse(loginBody, ctx.request.body);
    const wait = limiter.blocked(ctx.ip, nowMs());
    if (wait) {
      throw new AppError(
        429,
        'rate_limited',
        `Too many sign-in attempts from this computer; try again in ${wait} s`,
        undefined,
        {
          retryAfterSeconds: wait,
        },
      );
    }
    const result = await runCommand(deps, ctx, (cx) =>
      login(cx, {
        ...input,
        ip: ctx.ip,
        userAgent: ctx.get('user-agent') || null,
        sessionHours: deps.config.sessionHours,
      }),
    );
    if (!result.ok) limiter.hit(ctx.ip, nowMs());
    if (!result.ok && result.reason === 'locked_out') {
      throw new AppError(
        429,
        'locked_out',
        `Too many wrong passwords; the account is locked for ${Math.ceil(result.retryAfterSeconds / 60)} min`,
        undefined,
        {
          retryAfterSeconds: result.retryAfterSeconds,
        },
      );
    }
    if (!result.ok) throw new AppError(401, 'invalid_credentials', 'Wrong login or password');
    setSessionCookie(ctx, result.token, result.session.expiresAt, secure);
    ctx.body = await me(deps, result.user);
  });

  router.post('/auth/logout', async (ctx) => {
    const actor = userOf(ctx);
    await runCommand(deps, ctx, (cx) => revokeSession(cx, actor.id, actor.sessionId, 'signed out'));
    clearSessionCookie(ctx, secure);
    ctx.status = 204;
  });

  router.get('/auth/me', async (ctx) => {
    const actor = userOf(ctx);
    const user = await User.findByPk(actor.id);
    if (!user) throw new AppError(401, 'unauthenticated', 'Sign in first');
    ctx.body = await me(deps, user);
  });

  router.get('/auth/sessions', async (ctx) => {
    const actor = userOf(ctx);
    const sessions = await Session.findAll({
      where: { userId: actor.id, revokedAt: null },
      order: [['lastSeenAt', 'DESC']],
    });
    const body: SessionDto[] = sessions
      .filter((s) => s.expiresAt > new Date())
      .map((s) => presentSession(s, actor.sessionId));
    ctx.body = body;
  });

  router.delete('/auth/sessions/:id', async (ctx) => {
    const actor = userOf(ctx);
    const { id } = parse(idParam, ctx.params);
    await runCommand(deps, ctx, (cx) => revokeSession(cx, actor.id, id, 'signed out from another session'));
    if (id === actor.sessionId) clearSessionCookie(ctx, secure);
    ctx.status = 204;
  });

  router.post('/auth/password', async (ctx) => {
    const actor = userOf(ctx);
    const input = parse(changePasswordBody, ctx.request.body);
    await runCommand(deps, ctx, (cx) =>
      changeOwnPassword(cx, { userId: actor.id, sessionId: actor.sessionId, ...input }),
    );
    ctx.status = 204;
  });

  return router;
}
