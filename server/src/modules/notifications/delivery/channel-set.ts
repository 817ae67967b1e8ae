import type { Logger } from '../../../platform/logger.ts';
import type { NotificationSettings } from '../queries/settings.ts';
import type { ChannelKind } from '../rules/message-kinds.ts';
import type { Channel, ChannelHooks } from './channel.ts';
import { GatewayChannel } from './gateway-channel.ts';
import { ModemChannel } from './modem/modem-channel.ts';
import type { SimulatedOutbox } from './simulated-channel.ts';
import { SmtpChannel } from './smtp-channel.ts';

/**
 * The live channel of each kind, built from the settings and rebuilt (the old one closed) when the
 * settings that shape it change, so a manager's edit takes effect on the next send.
 */
export class ChannelSet {
  private readonly live = new Map<ChannelKind, { key: string; channel: Channel }>();

  constructor(
    private readonly hooks: ChannelHooks,
    private readonly simulated: SimulatedOutbox,
    private readonly logger: Logger,
  ) {}

  private build(kind: ChannelKind, settings: NotificationSettings): { key: string; make: () => Channel } {
    if (kind === 'sms') {
      switch (settings.sms.provider) {
        case 'modem':
          return {
            key: JSON.stringify(['modem', settings.modem]),
            make: () => new ModemChannel(settings.modem, this.hooks, this.logger.child({ channel: 'modem' })),
          };
        case 'gateway':
          return {
            key: JSON.stringify(['gateway', settings.gateway]),
            make: () => new GatewayChannel(settings.gateway),
          };
        case 'simulated':
          return { key: 'simulated', make: () => this.simulated.channel('sms') };
      }
    }
    if (settings.email.provider === 'smtp')
      return { key: JSON.stringify(['smtp', settings.smtp]), make: () => new SmtpChannel(settings.smtp) };
    return { key: 'simulated', make: () => this.simulated.channel('email') };
  }

  async get(kind: ChannelKind, settings: NotificationSettings): Promise<Channel> {
    const wanted = this.build(kind, settings);
    const current = this.live.get(kind);
    if (current?.key === wanted.key) return current.channel;
    if (current)
      await current.channel
        .close()
        .catch((err: unknown) => this.logger.warn({ err }, 'closing a channel failed'));
    const channel = wanted.make();
    this.live.set(kind, { key: wanted.key, channel });
    return channel;
  }

  async close(): Promise<void> {
    for (const { channel } of this.live.values()) await channel.close().catch(() => undefined);
    this.live.clear();
  }
}
