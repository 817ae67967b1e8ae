import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AmiCallTracker,
  AmiStreamParser,
  channelPeer,
  localTimeToUtc,
  parseAmiBlock,
  parseAmiTranscript,
  type PbxCallReport,
} from '../../../server/src/modules/crm/pbx/ami-parser.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

function run(
  transcript: string,
  timezone = 'Europe/Moscow',
  now = new Date('2026-03-10T08:30:00Z'),
): PbxCallReport[] {
  const tracker = new AmiCallTracker({ timezone });
  return parseAmiTranscript(transcript).flatMap((e) => tracker.feed(e, now));
}

describe('AMI parsing', () => {
  it('reads a block of Key: Value lines, keeping the first of a repeated key and values with colons', () => {
    expect(parseAmiBlock('Event: Cdr\r\nStartTime: 2026-03-10 10:00:00\r\nEvent: Other\r\nnoise')).toEqual({
      Event: 'Cdr',
      StartTime: '2026-03-10 10:00:00',
    });
  });

  it('cuts a stream into messages whatever the chunk boundaries, and skips the greeting', () => {
    const text = crlf(fixture('ami-inbound-answered.txt'));
    const whole = new AmiStreamParser().push(text);
    const parser = new AmiStreamParser();
    const pieces: ReturnType<AmiStreamParser['push']> = [];
    for (let i = 0; i < text.length; i += 7) pieces.push(...parser.push(text.slice(i, i + 7)));
    expect(pieces).toEqual(whole);
    expect(whole[0]).toEqual({ Response: 'Success', Message: 'Authentication accepted' });
    expect(whole.filter((e) => e.Event === 'Newchannel')).toHaveLength(2);
  });

  it('names the peer of a channel', () => {
    expect(channelPeer('PJSIP/101-00000013')).toBe('101');
    expect(channelPeer('SIP/trunk-0000002a')).toBe('trunk');
    expect(channelPeer(undefined)).toBeNull();
  });

  it('reads PBX-local CDR times in the station zone', () => {
    expect(localTimeToUtc('2026-03-10 10:00:09', 'Europe/Moscow')?.toISOString()).toBe(
      '2026-03-10T07:00:09.000Z',
    );
    expect(localTimeToUtc('2026-07-01 12:00:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-07-01T10:00:00.000Z',
    );
    expect(localTimeToUtc('not a time', 'UTC')).toBeNull();
  });
});

describe('AMI call tracking (Asterisk 13+ with DialBegin/DialEnd and Cdr)', () => {
  it('an answered inbound call: one report at hang-up and one from the CDR with the same id, recording and billable time', () => {
    const reports = run(crlf(fixture('ami-inbound-answered.txt')));
    expect(reports).toHaveLength(2);
    const [hangup, cdr] = reports as [PbxCallReport, PbxCallReport];
    expect(hangup).toMatchObject({
      externalId: '1773126000.18',
      direction: 'in',
      from: '79161234567',
      to: '74951234567',
      extension: '101',
      status: 'answered',
      durationSeconds: 93,
      recording: null,
    });
    expect(hangup.startedAt.toISOString()).toBe('2026-03-10T07:00:00.123Z');
    expect(hangup.answeredAt?.toISOString()).toBe('2026-03-10T07:00:09.500Z');
    expect(cdr).toMatchObject({
      externalId: '1773126000.18',
      direction: 'in',
      extension: '101',
      status: 'answered',
      durationSeconds: 93,
      recording: '/var/spool/asterisk/monitor/2026/03/10/in-79161234567-1773126000.18.wav',
    });
    expect(cdr.startedAt.toISOString()).toBe('2026-03-10T07:00:00.000Z');
    expect(cdr.endedAt.toISOString()).toBe('2026-03-10T07:01:42.000Z');
  });

  it('ignores the hang-up of a second leg and forgets a call once it ends', () => {
    const tracker = new AmiCallTracker({ timezone: 'Europe/Moscow' });
    const events = parseAmiTranscript(fixture('ami-inbound-answered.txt'));
    const now = new Date('2026-03-10T08:30:00Z');
    const counts = events.map((e) => tracker.feed(e, now).length);
    const hangups = events.map((e, i) => (e.Event === 'Hangup' ? counts[i] : null)).filter((c) => c !== null);
    expect(hangups).toEqual([0, 1]);
    expect(tracker.openCalls()).toBe(0);
  });
});

describe('AMI call tracking (Asterisk 1.8 with Dial SubEvent, no Linkedid, no timestamps)', () => {
  const reports = run(fixture('ami-18-missed-and-outbound.txt'));

  it('a missed inbound call: missed at hang-up and in the CDR', () => {
    const missed = reports.filter((r) => r.externalId === '1773130000.42');
    expect(missed).toHaveLength(2);
    for (const r of missed)
      expect(r).toMatchObject({
        direction: 'in',
        from: '89035556677',
        to: '74951234500',
        status: 'missed',
        answeredAt: null,
        durationSeconds: 0,
      });
    expect(missed[1]!.extension).toBeNull();
  });

  it('an outgoing call from an extension', () => {
    const out = reports.find((r) => r.externalId === '1773130100.44');
    expect(out).toMatchObject({
      direction: 'out',
      from: '103',
      to: '89161112233',
      extension: '103',
      status: 'answered',
    });
  });

  it('a busy destination is busy, not missed', () => {
    const tracker = new AmiCallTracker();
    const now = new Date('2026-03-10T08:00:00Z');
    tracker.feed(
      {
        Event: 'Newchannel',
        Channel: 'SIP/trunk-1',
        CallerIDNum: '79990001122',
        Exten: '74950000000',
        Uniqueid: '9.1',
      },
      now,
    );
    tracker.feed(
      { Event: 'DialEnd', Uniqueid: '9.1', Linkedid: '9.1', DialStatus: 'BUSY', DestChannel: 'SIP/101-2' },
      now,
    );
    const [report] = tracker.feed(
      { Event: 'Hangup', Uniqueid: '9.1', Linkedid: '9.1' },
      new Date('2026-03-10T08:00:05Z'),
    );
    expect(report).toMatchObject({ status: 'busy', direction: 'in', durationSeconds: 0 });
  });

  it('events of calls it never saw begin are ignored', () => {
    const tracker = new AmiCallTracker();
    expect(tracker.feed({ Event: 'Hangup', Uniqueid: 'x', Linkedid: 'x' }, new Date())).toEqual([]);
    expect(tracker.feed({ Event: 'Cdr' }, new Date())).toEqual([]);
    expect(tracker.feed({ Response: 'Success' }, new Date())).toEqual([]);
  });
});
