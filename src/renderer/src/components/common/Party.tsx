/**
 * The other party of a call as people read it (issue 14): the colleague's name when the
 * directory knows the number or SIP identity, else the name the caller presented, and the
 * number formatted for reading in the user's country; never a bare SIP token.
 */
import { useCallback } from 'react';
import { describeParty } from '../../../../shared/people';
import { useSoftphone } from '../../store/store';
import { useT } from '../../i18n';

type PartyInput = { number: string; displayName: string | null };
interface PartyView {
  /** A name, or the number when no name is known, or "Withheld number". */
  title: string;
  /** The number for reading under a name; empty when the title already is the number. */
  detail: string;
  /** Name and number in one line, for labels ("Carol Berg (1003)"). */
  label: string;
}

/** Describes parties with the current directory and country (for lists: one hook, many parties). */
export function usePartyNamer(): (party: PartyInput) => PartyView {
  const t = useT();
  const people = useSoftphone((s) => s.people);
  const countryCode = useSoftphone((s) => s.settings.countryCode);
  return useCallback(
    (party) => {
      const { name, number } = describeParty(party, people, countryCode);
      if (!name && !number) {
        const title = t(party.number === 'anonymous' ? 'party.withheld' : 'party.unknown');
        return { title, detail: '', label: title };
      }
      if (!name) return { title: number, detail: '', label: number };
      return { title: name, detail: number, label: number ? `${name} (${number})` : name };
    },
    [people, countryCode, t],
  );
}

export function Party(props: { party: PartyInput; as?: 'span' | 'div' }) {
  const view = usePartyNamer()(props.party);
  const Tag = props.as ?? 'span';
  return (
    <Tag className="party" data-testid="party">
      <span className="party-name">{view.title}</span>
      {view.detail && <span className="party-number muted small"> {view.detail}</span>}
    </Tag>
  );
}
