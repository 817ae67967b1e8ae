import type { ChannelStatusDto } from '../../contracts/notifications.ts';
import type { AppDeps } from '../../deps.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { applyDeliveryReport, type DeliveryReport } from './commands/apply-report.ts';
import type { StationFormat } from './commands/queue-message.ts';
import { recordInbound } from './commands/record-inbound.ts';
import { announceBirthdays, announceTomorrowsAppointments } from './commands/scheduled-triggers.ts';
import { poolOf } from './db.ts';
import { ChannelSet } from './delivery/channel-set.ts';
import type { Channel, ChannelHooks, ChannelStatus } from './delivery/channel.ts';
import { sendDue, recoverStuck, type SendReport } from './delivery/sender.ts';
import { SimulatedOutbox } from './delivery/simulated-channel.ts';
import { channelCounts } from './queries/messages.ts';
import { channelSettings, loadSettings } from './queries/settings.ts';
import { CHANNELS, type ChannelKind } from './rules/message-kinds.ts';

const SYSTEM = { type: 'system', id: null, name: 'notifications' } as const;

/**
 * The live part of the notifications module in one station: the channels (the modem's open port),
 * the simulated outbox, the sender runs, and the hooks for delivery reports and replies.
 */
export class NotificationService {
  readonly simulated = new SimulatedOutbox();
  readonly channels: ChannelSet;
  private chain: Promise<unknown> = Promise.resolve();
  private kickTimer: NodeJS.Timeout | null = null;
  private autoSend = false;
  private closed = false;

  constructor(private readonly deps: AppDeps) {
    const hooks: ChannelHooks = {
      onReport: (report) => void this.report(report),
      onInbound: (message) =>
        void this.inbound(message).catch((err: unknown) =>
          deps.logger.error({ err }, 'recording a reply failed'),
        ),
    };
    this.channels = new ChannelSet(hooks, this.simulated, deps.logger.child({ module: 'notifications' }));
  }

  station(): StationFormat {
    const { timezone, currency, locale } = this.deps.config.station;
    return { timeZone: timezone, currency, defaultLocale: locale };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** One sender run at `now` (the station clock by default); runs never overlap. */
  sendDue(now?: Date): Promise<SendReport> {
    return this.serial(() =>
      sendDue(
        {
          tx: this.deps,
          logger: this.deps.logger,
          timeZone: this.station().timeZone,
          channels: this.channels,
        },
        now ?? this.deps.clock.now(),
      ),
    );
  }

  /** At start: whatever was "sending" when the last process stopped goes back to the queue. */
  recoverAtStart(): Promise<number> {
    return recoverStuck(
      { tx: this.deps, logger: this.deps.logger, timeZone: this.station().timeZone, channels: this.channels },
      this.deps.clock.now(),
      0,
    );
  }

  /** Sends soon after a message is queued, not only on the minute (when the job runner runs). */
  enableAutoSend(): void {
    this.autoSend = true;
    this.deps.bus.subscribe((event) => {
      if (event.type === 'notifications.queued') this.kick();
    });
  }

  kick(): void {
    if (!this.autoSend || this.closed || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.sendDue().catch((err: unknown) =>
        this.deps.logger.error({ err }, 'notification sender run failed'),
      );
    }, 250);
  }

  async report(report: DeliveryReport, retry = true): Promise<boolean> {
    try {
      const found = await inTransaction(this.deps, SYSTEM, (cx) => applyDeliveryReport(cx, report));
      // A report can overtake the commit of "sent": look once more a moment later.
      if (!found && retry && !this.closed) setTimeout(() => void this.report(report, false), 2_000).unref();
      return found;
    } catch (err) {
      this.deps.logger.error({ err, report }, 'applying a delivery report failed');
      return false;
    }
  }

  inbound(message: { source: string; from: string; text: string; receivedAt: Date }) {
    return inTransaction(this.deps, SYSTEM, (cx) =>
      recordInbound(cx, {
        source: message.source === 'gateway' ? 'gateway' : 'modem',
        from: message.from,
        text: message.text,
        receivedAt: message.receivedAt,
        phoneRegion: this.deps.config.station.phoneRegion,
      }),
    );
  }

  remindTomorrow(now?: Date): Promise<number> {
    return inTransaction({ ...this.deps, clock: { now: () => now ?? this.deps.clock.now() } }, SYSTEM, (cx) =>
      announceTomorrowsAppointments(cx, this.station().timeZone),
    );
  }

  greetBirthdays(now?: Date): Promise<number> {
    return inTransaction({ ...this.deps, clock: { now: () => now ?? this.deps.clock.now() } }, SYSTEM, (cx) =>
      announceBirthdays(cx, this.station().timeZone),
    );
  }

  async channel(kind: ChannelKind): Promise<Channel> {
    return this.channels.get(kind, await loadSettings(poolOf(this.deps.sequelize)));
  }

  /** What the desk shows per channel: switched on, which provider, its state, and the queue behind it. */
  async status(): Promise<ChannelStatusDto[]> {
    const settings = await loadSettings(poolOf(this.deps.sequelize));
    const now = this.deps.clock.now();
    const out: ChannelStatusDto[] = [];
    for (const kind of CHANNELS) {
      const config = channelSettings(settings, kind);
      const counts = await channelCounts(poolOf(this.deps.sequelize), kind, now);
      let status: ChannelStatus;
      if (!config.enabled) {
        status = {
          channel: kind,
          provider: config.provider,
          state: 'off',
          detail: `${kind === 'sms' ? 'SMS' : 'E-mail'} messages are switched off`,
          checkedAt: now.toISOString(),
        };
      } else {
        const channel = await this.channels.get(kind, settings);
        status = await this.serial(() => channel.status());
      }
      out.push({ ...status, enabled: config.enabled, ...counts });
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.kickTimer) clearTimeout(this.kickTimer);
    await this.chain.catch(() => undefined);
    await this.channels.close();
  }
}
