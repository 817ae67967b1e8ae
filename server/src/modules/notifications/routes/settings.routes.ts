import Router from '@koa/router';
import type { AppDeps } from '../../../deps.ts';
import { runCommand } from '../../../platform/http/command.ts';
import { parse } from '../../../platform/http/validate.ts';
import { badRequest } from '../../../platform/errors.ts';
import { permit } from '../../identity/identity.policy.ts';
import { updateSettings } from '../commands/update-settings.ts';
import { poolOf } from '../db.ts';
import { ChannelError } from '../delivery/channel.ts';
import { presentSettings } from '../notifications.presenter.ts';
import { channelParam, settingsBody, testMessageBody } from '../notifications.schemas.ts';
import { loadSettings } from '../queries/settings.ts';
import { serviceOf } from '../runtime.ts';

export function settingsRoutes(deps: AppDeps): Router {
  const router = new Router();
  // Per route, not router.use: this router has no prefix of its own and shares /notifications.
  const manage = permit('notifications.manage');

  router.get('/settings', manage, async (ctx) => {
    ctx.body = presentSettings(await loadSettings(poolOf(deps.sequelize)));
  });

  router.patch('/settings', manage, async (ctx) => {
    const input = parse(settingsBody, ctx.request.body);
    const settings = await runCommand(deps, ctx, (cx) => updateSettings(cx, input));
    ctx.body = presentSettings(settings);
  });

  router.get('/channels', manage, async (ctx) => {
    ctx.body = await serviceOf(deps).status();
  });

  /** Sends one test message straight through the channel (not the outbox) and tells what happened. */
  router.post('/channels/:channel/test', manage, async (ctx) => {
    const { channel: kind } = parse(channelParam, ctx.params);
    const input = parse(testMessageBody, ctx.request.body);
    if (kind === 'sms' && !/^\+[1-9]\d{5,14}$/.test(input.to))
      throw badRequest('to: must be a phone number in +E.164 form', 'to');
    if (kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(input.to))
      throw badRequest('to: must be an e-mail address', 'to');
    const channel = await serviceOf(deps).channel(kind);
    try {
      const result = await channel.send({
        id: `test-${Date.now()}`,
        channel: kind,
        recipient: input.to,
        subject: kind === 'email' ? 'Pitwall test message' : null,
        body: input.text ?? 'Pitwall: this is a test message.',
        attachments: [],
      });
      ctx.body = { ok: true, provider: channel.provider, providerId: result.providerId ?? null };
    } catch (err) {
      const error = err instanceof ChannelError ? err : new ChannelError('transient', (err as Error).message);
      ctx.body = {
        ok: false,
        provider: channel.provider,
        kind: error.kind,
        state: error.state,
        error: error.message,
      };
    }
  });

  return router;
}
