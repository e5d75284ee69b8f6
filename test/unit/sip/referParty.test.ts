import { describe, expect, it } from 'vitest';
import { Grammar } from 'sip.js';
import { referredParty } from '../../../src/main/sip/referParty';

function referral(referTo: string) {
  const header = Grammar.nameAddrHeaderParse(referTo);
  if (!header) throw new Error(`unparsable ${referTo}`);
  const replaces = header.uri.getHeader('Replaces')?.[0];
  return { referTo: header, replaces };
}

describe('referredParty (who a transfer connects us to)', () => {
  it('a blind transfer: the dialled user', () => {
    expect(referredParty(referral('<sip:1003@pbx.test>'))).toEqual({ number: '1003', displayName: null });
  });

  it("an attended transfer: the consultation's identity from the display name, never the contact's token", () => {
    const party = referredParty(referral('"1003" <sip:jd35irdb@10.0.0.5;transport=ws?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>'));
    expect(party).toEqual({ number: '1003', displayName: null });
    const aor = referredParty(referral('"1003@pbx.test" <sip:jd35irdb@10.0.0.5;transport=ws?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>'));
    expect(aor).toEqual({ number: '1003', displayName: null });
  });

  it('an attended transfer to someone who presented a name: the name, no number', () => {
    const party = referredParty(referral('"Carol Carlsson" <sip:jd35irdb@10.0.0.5;transport=ws?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>'));
    expect(party).toEqual({ number: '', displayName: 'Carol Carlsson' });
  });
});
