/**
 * Asterisk Manager Interface (AMI) events → calls. AMI speaks "Key: Value" lines; a blank line ends a
 * message. `AmiStreamParser` cuts a byte stream into events; `AmiCallTracker` follows the channels of
 * one call (Newchannel, DialBegin/DialEnd or the old Dial with SubEvent, Newstate, Hangup) by their
 * Linkedid and turns the call into a `PbxCallReport` when its first channel hangs up, and again when
 * the Cdr event arrives (it carries the billable seconds and the recording); reports of one call share
 * the external id, so the registry updates one row. Pure: no sockets, no clock but what it is given.
 */
export type AmiEvent = Record<string, string>;

export interface PbxCallReport {
  externalId: string;
  direction: 'in' | 'out';
  from: string;
  to: string;
  extension: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  durationSeconds: number;
  status: 'answered' | 'missed' | 'busy' | 'failed';
  recording: string | null;
}

/** Parses one message block ("Key: Value" lines). Keys keep their case; a repeated key keeps the first. */
export function parseAmiBlock(block: string): AmiEvent {
  const event: AmiEvent = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (!(key in event)) event[key] = line.slice(colon + 1).trim();
  }
  return event;
}

/** Feeds text chunks as they arrive; returns the complete messages. The greeting line is skipped. */
export class AmiStreamParser {
  private buffer = '';

  push(chunk: string): AmiEvent[] {
    this.buffer += chunk;
    const out: AmiEvent[] = [];
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const lines = block.split(/\r?\n/).filter((l) => !/^Asterisk Call Manager\//.test(l));
      const event = parseAmiBlock(lines.join('\n'));
      if (Object.keys(event).length) out.push(event);
    }
    // The greeting has no blank line after it: drop it as soon as it is complete.
    const greeting = /^Asterisk Call Manager\/[^\r\n]*\r?\n/.exec(this.buffer);
    if (greeting) this.buffer = this.buffer.slice(greeting[0].length);
    return out;
  }
}

/** Splits a whole transcript (a file of AMI traffic) into events. */
export function parseAmiTranscript(text: string): AmiEvent[] {
  const parser = new AmiStreamParser();
  return parser.push(text.endsWith('\n\n') || text.endsWith('\r\n\r\n') ? text : `${text}\r\n\r\n`);
}

const get = (e: AmiEvent, key: string): string | undefined => {
  if (key in e) return e[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(e)) if (k.toLowerCase() === lower) return e[k];
  return undefined;
};

const meaningful = (v: string | undefined): string | null => (v && v !== '<unknown>' && v !== '' ? v : null);

/** "PJSIP/101-0000002a" → "101"; "SIP/trunk-00000012" → "trunk". */
export function channelPeer(channel: string | undefined): string | null {
  if (!channel) return null;
  const m = /^[A-Za-z0-9]+\/([^-@;]+)/.exec(channel);
  return m ? m[1]! : null;
}

export interface TrackerOptions {
  /** A number of the station's own extensions (default: 2–5 digits). */
  isInternal?: (number: string) => boolean;
  /** The PBX's time zone, for the local times of Cdr events (default UTC). */
  timezone?: string;
}

interface CallState {
  linkedId: string;
  originChannel: string;
  originUniqueId: string;
  callerNum: string | null;
  exten: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
  dialled: string | null;
  busy: boolean;
}

const defaultInternal = (n: string) => /^[0-9]{2,5}$/.test(n);

/** Local wall-clock "YYYY-MM-DD HH:MM:SS" in a time zone → the UTC instant. */
export function localTimeToUtc(text: string, timezone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetAt = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - ms;
  };
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return new Date(guess);
}

export class AmiCallTracker {
  private readonly calls = new Map<string, CallState>();
  private readonly isInternal: (n: string) => boolean;
  private readonly timezone: string;

  constructor(options: TrackerOptions = {}) {
    this.isInternal = options.isInternal ?? defaultInternal;
    this.timezone = options.timezone ?? 'UTC';
  }

  /** Calls being followed (for tests and for dropping stale state). */
  openCalls(): number {
    return this.calls.size;
  }

  /** `now` is when the event arrived; an event's own Timestamp (timestampevents=yes) wins. */
  feed(event: AmiEvent, now: Date): PbxCallReport[] {
    const name = get(event, 'Event');
    if (!name) return [];
    const stamp = get(event, 'Timestamp');
    const at = stamp && /^\d+(\.\d+)?$/.test(stamp) ? new Date(Math.round(Number(stamp) * 1000)) : now;
    const linkedId = get(event, 'Linkedid') ?? get(event, 'Uniqueid') ?? '';
    switch (name) {
      case 'Newchannel': {
        if (!linkedId || this.calls.has(linkedId)) return [];
        this.calls.set(linkedId, {
          linkedId,
          originChannel: get(event, 'Channel') ?? '',
          originUniqueId: get(event, 'Uniqueid') ?? linkedId,
          callerNum: meaningful(get(event, 'CallerIDNum')),
          exten: meaningful(get(event, 'Exten')),
          startedAt: at,
          answeredAt: null,
          answeredBy: null,
          dialled: null,
          busy: false,
        });
        return [];
      }
      case 'DialBegin':
      case 'DialEnd':
      case 'Dial': {
        const call = this.calls.get(linkedId);
        if (!call) return [];
        const sub = (get(event, 'SubEvent') ?? '').toLowerCase();
        const isBegin = name === 'DialBegin' || sub === 'begin';
        const destChannel = get(event, 'DestChannel') ?? get(event, 'Destination');
        const destNum = meaningful(get(event, 'DestCallerIDNum')) ?? channelPeer(destChannel);
        if (isBegin) {
          call.dialled = call.dialled ?? meaningful(get(event, 'DialString')) ?? destNum;
          return [];
        }
        const status = (get(event, 'DialStatus') ?? '').toUpperCase();
        if (status === 'ANSWER' && !call.answeredAt) {
          call.answeredAt = at;
          call.answeredBy = destNum;
        } else if (status === 'BUSY') call.busy = true;
        return [];
      }
      case 'Hangup': {
        const call = this.calls.get(linkedId);
        if (!call || get(event, 'Uniqueid') !== call.originUniqueId) return [];
        this.calls.delete(linkedId);
        return [this.report(call, at)];
      }
      case 'Cdr':
        return this.fromCdr(event, now);
      default:
        return [];
    }
  }

  private direction(from: string | null, to: string | null): 'in' | 'out' {
    return from && this.isInternal(from) && !(to && this.isInternal(to)) ? 'out' : 'in';
  }

  private report(call: CallState, endedAt: Date): PbxCallReport {
    const direction = this.direction(call.callerNum, call.exten);
    const from = call.callerNum ?? '';
    const to = direction === 'in' ? (call.exten ?? '') : (call.exten ?? call.dialled ?? '');
    return {
      externalId: call.linkedId,
      direction,
      from,
      to,
      extension: direction === 'in' ? call.answeredBy : call.callerNum,
      startedAt: call.startedAt,
      answeredAt: call.answeredAt,
      endedAt,
      durationSeconds: call.answeredAt
        ? Math.max(0, Math.round((endedAt.getTime() - call.answeredAt.getTime()) / 1000))
        : 0,
      status: call.answeredAt ? 'answered' : call.busy ? 'busy' : 'missed',
      recording: null,
    };
  }

  private fromCdr(event: AmiEvent, now: Date): PbxCallReport[] {
    const externalId = get(event, 'UniqueID') ?? get(event, 'Uniqueid');
    if (!externalId) return [];
    const from = meaningful(get(event, 'Source')) ?? '';
    const to = meaningful(get(event, 'Destination')) ?? '';
    const time = (key: string) => {
      const v = meaningful(get(event, key));
      return v ? localTimeToUtc(v, this.timezone) : null;
    };
    const startedAt = time('StartTime') ?? now;
    const answeredAt = time('AnswerTime');
    const endedAt = time('EndTime') ?? now;
    const disposition = (get(event, 'Disposition') ?? '').toUpperCase();
    const status: PbxCallReport['status'] =
      disposition === 'ANSWERED'
        ? 'answered'
        : disposition === 'BUSY'
          ? 'busy'
          : disposition === 'FAILED'
            ? 'failed'
            : 'missed';
    const direction = this.direction(from, to);
    const destPeer = channelPeer(get(event, 'DestinationChannel'));
    const billable = Number(get(event, 'BillableSeconds') ?? '0');
    const userField = meaningful(get(event, 'UserField'));
    return [
      {
        externalId,
        direction,
        from,
        to,
        extension: direction === 'in' ? (status === 'answered' ? destPeer : null) : from,
        startedAt,
        answeredAt: status === 'answered' ? (answeredAt ?? startedAt) : null,
        endedAt,
        durationSeconds: Number.isFinite(billable) ? billable : 0,
        status,
        recording: userField && /\.(wav|mp3|gsm|ogg|WAV)$/.test(userField) ? userField : null,
      },
    ];
  }
}
