import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPANY_CODES, SipUri } from '../../../src/shared/model';
import { duplicateCompanyCodes, speedDialProblems, targetsOf } from '../../../src/shared/rules';

const p = (name: string, speedDial: string | null) => ({ name, speedDial });

describe('feature codes', () => {
  it('finds a speed dial used twice (the second one) and one that is a company code', () => {
    const problems = speedDialProblems([p('Available', '*40'), p('Meeting', '*41'), p('Lunch', '*41'), p('Pause', '*20'), p('Off', null)], DEFAULT_COMPANY_CODES);
    expect(problems.map((x) => [x.index, x.text.key])).toEqual([
      [2, 'validation.speedDialTaken'],
      [3, 'validation.speedDialCompanyCode'],
    ]);
    expect(problems[0]!.message).toBe('Speed dial *41 is already used by the profile Meeting. Speed dials must be unique.');
    expect(problems[1]!.message).toBe("Speed dial *20 is the company's code to pause all queues. Choose another speed dial.");
    expect(speedDialProblems([p('A', '*41'), p('B', '*42')], DEFAULT_COMPANY_CODES)).toEqual([]);
    // a code the company switched off is free for profiles
    expect(speedDialProblems([p('A', '*20')], { ...DEFAULT_COMPANY_CODES, queuesPause: null })).toEqual([]);
  });

  it('finds a company code used for two actions; switched-off codes never clash', () => {
    expect(duplicateCompanyCodes({ queuesPause: '*20', queuesResume: '*20', defaultProfile: null, listenVoicemail: null })).toEqual(['*20']);
    expect(duplicateCompanyCodes({ queuesPause: null, queuesResume: null, defaultProfile: '*30', listenVoicemail: '*98' })).toEqual([]);
  });

  it('lists every target of a profile, exceptions included', () => {
    const targets = targetsOf({
      routing: { any: { kind: 'voicemail' }, mobile: { kind: 'message', messageId: 'm' } },
      exceptions: { busy: { kind: 'application', applicationId: 'a' }, noAnswer: { afterSeconds: 20, target: { kind: 'reject' } }, unreachable: null },
    });
    expect(targets.map((t) => t.kind)).toEqual(['voicemail', 'message', 'application', 'reject']);
  });

  it('accepts sip: and sips: addresses only', () => {
    for (const good of ['sip:ivr@example.com', 'sips:switchboard@pbx.example.com:5061', 'sip:127.0.0.1:5099', 'sip:ivr@127.0.0.1:5099;transport=tcp']) expect(SipUri.safeParse(good).success, good).toBe(true);
    for (const bad of ['http://example.com', 'sip:', 'ivr@example.com', 'sip:a b@example.com', 'sip:<x>@y', 'tel:+4612345']) expect(SipUri.safeParse(bad).success, bad).toBe(false);
  });
});
