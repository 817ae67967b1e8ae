import { describe, expect, it } from 'vitest';
import {
  DETECTION_BEEP_OFF_APDU,
  GET_UID_APDU,
  ledBuzzerApdu,
  supportsAcr122Feedback,
  uidFromResponse,
} from '../../../firmware-bridge/src/readers/pcsc/acr122.ts';
import { normaliseUid } from '../../../firmware-bridge/src/readers/card-uid.ts';
import {
  gpiogetArgs,
  gpiomonArgs,
  parseGpiodVersion,
  parseGpiogetOutput,
  parseGpiomonLine,
} from '../../../firmware-bridge/src/sensors/gpio/gpiod-tools.ts';
import { isStateOf, stateFor } from '../../../firmware-bridge/src/sensors/sensor.ts';
import { parseConsoleCommand } from '../../../firmware-bridge/src/console/console-commands.ts';

describe('card UIDs and ACR122U commands', () => {
  it('normalises UIDs to upper-case hex and refuses what is not one', () => {
    expect(normaliseUid('04a1b2c3d4e5f6')).toBe('04A1B2C3D4E5F6');
    expect(normaliseUid('04:a1:b2:c3')).toBe('04A1B2C3');
    expect(normaliseUid(Buffer.from([0x04, 0xa1, 0xb2, 0xc3]))).toBe('04A1B2C3');
    expect(normaliseUid('xyz')).toBeNull();
    expect(normaliseUid('04A')).toBeNull();
  });

  it('reads the UID from a Get Data response in the reader order, only with status 90 00', () => {
    expect(GET_UID_APDU).toEqual(Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]));
    expect(uidFromResponse(Buffer.from([0x04, 0xa1, 0xb2, 0xc3, 0x90, 0x00]))).toBe('04A1B2C3');
    expect(uidFromResponse(Buffer.from([0x63, 0x00]))).toBeNull();
    expect(uidFromResponse(Buffer.from([0x04, 0xa1, 0x6a, 0x81]))).toBeNull();
  });

  it('builds the LED/buzzer pseudo-APDUs: green + one beep, red blinking + three beeps', () => {
    expect([...ledBuzzerApdu('accepted')]).toEqual([0xff, 0x00, 0x40, 0x2e, 0x04, 0x01, 0x00, 0x01, 0x01]);
    expect([...ledBuzzerApdu('rejected')]).toEqual([0xff, 0x00, 0x40, 0x5d, 0x04, 0x02, 0x01, 0x03, 0x01]);
    expect([...DETECTION_BEEP_OFF_APDU]).toEqual([0xff, 0x00, 0x52, 0x00, 0x00]);
    expect(supportsAcr122Feedback('ACS ACR122U PICC Interface 00')).toBe(true);
    expect(supportsAcr122Feedback('ACS ACR1252 1S CL Reader PICC 00')).toBe(false);
  });
});

describe('libgpiod tools', () => {
  it('tells version 1 from version 2', () => {
    expect(parseGpiodVersion('gpiomon (libgpiod) v1.6.3\nCopyright')).toBe(1);
    expect(parseGpiodVersion('gpiomon (libgpiod) v2.1.3')).toBe(2);
    expect(parseGpiodVersion('gpiomon something')).toBeNull();
  });

  it('builds the arguments of each version', () => {
    expect(gpiomonArgs(1, 'gpiochip0', 17, 'pull-up')).toEqual([
      '--line-buffered',
      '--format=%e %o',
      '--bias=pull-up',
      'gpiochip0',
      '17',
    ]);
    expect(gpiomonArgs(2, 'gpiochip0', 17, 'as-is')).toEqual(['--chip=gpiochip0', '--format=%e %o', '17']);
    expect(gpiogetArgs(1, 'gpiochip0', 17, 'as-is')).toEqual(['gpiochip0', '17']);
    expect(gpiogetArgs(2, 'gpiochip4', 5, 'pull-down')).toEqual([
      '--numeric',
      '--chip=gpiochip4',
      '--bias=pull-down',
      '5',
    ]);
  });

  it('maps edges to levels per version, for its own line only', () => {
    expect(parseGpiomonLine(1, '1 17', 17)).toBe(1);
    expect(parseGpiomonLine(1, '0 17', 17)).toBe(0);
    expect(parseGpiomonLine(2, '2 17', 17)).toBe(0);
    expect(parseGpiomonLine(2, '0 17', 17)).toBeNull();
    expect(parseGpiomonLine(1, '1 18', 17)).toBeNull();
    expect(parseGpiomonLine(1, 'event: RISING EDGE', 17)).toBeNull();
  });

  it('reads gpioget output in both styles', () => {
    expect(parseGpiogetOutput('1\n')).toBe(1);
    expect(parseGpiogetOutput('0')).toBe(0);
    expect(parseGpiogetOutput('"17"=active')).toBe(1);
    expect(parseGpiogetOutput('"17"=inactive')).toBe(0);
    expect(parseGpiogetOutput('')).toBeNull();
  });

  it('maps an active input to raised / occupied', () => {
    expect([
      stateFor('lift', true),
      stateFor('lift', false),
      stateFor('bay', true),
      stateFor('bay', false),
    ]).toEqual(['raised', 'lowered', 'occupied', 'free']);
    expect(isStateOf('lift', 'raised')).toBe(true);
    expect(isStateOf('lift', 'free')).toBe(false);
  });
});

describe('simulation console commands', () => {
  it.each([
    ['tap r1 04A1B2C3D4E501', { type: 'tap', readerId: 'r1', uid: '04A1B2C3D4E501' }],
    ['  lift s1 RAISED ', { type: 'sensor', kind: 'lift', sensorId: 's1', state: 'raised' }],
    ['bay s2 free', { type: 'sensor', kind: 'bay', sensorId: 's2', state: 'free' }],
    ['unplug r1', { type: 'reader', readerId: 'r1', attached: false }],
    ['plug r1', { type: 'reader', readerId: 'r1', attached: true }],
    ['status', { type: 'status' }],
    ['help', { type: 'help' }],
    ['', { type: 'none' }],
    ['# a comment', { type: 'none' }],
  ])('parses "%s"', (line, command) => {
    expect(parseConsoleCommand(line)).toEqual(command);
  });

  it('explains wrong commands', () => {
    expect(parseConsoleCommand('tap r1')).toEqual({ type: 'invalid', message: 'usage: tap <reader> <uid>' });
    expect(parseConsoleCommand('jump')).toMatchObject({
      type: 'invalid',
      message: expect.stringContaining('unknown command'),
    });
  });
});
