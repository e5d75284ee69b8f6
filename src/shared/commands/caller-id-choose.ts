/**
 * Choose the number presented on outgoing calls (null: hidden). Like queue toggles, the choice
 * holds while the profile in effect when it was made stays in effect.
 */
import { z } from 'zod';
import { sameNumber } from '../phone';
import { defineSyncedCommand, effectiveIn, effectiveOrRefuse, refuse } from './define';
import { text } from '../text';

export const callerIdChoose = defineSyncedCommand({
  name: 'callerId.choose',
  args: z.object({ number: z.string().max(40).nullable() }),
  route: {
    method: 'POST',
    path: '/me/caller-id',
    summary: 'Choose the outgoing caller ID; null hides the number (idempotent)',
  },
  who: 'caller',
  changes: ['callerIdOverride'],
  reason: 'caller-id',
  validate(snapshot, { number }, now) {
    let resolved = number;
    if (number !== null) {
      const entry = snapshot.allowedCallerIds.find(
        (n) => sameNumber(n.number, number),
      );
      if (entry === undefined) {
        const allowed = snapshot.allowedCallerIds.map((n) => n.number).join(', ') || 'none';
        refuse(
          'forbidden',
          'command.callerIdNotAllowed',
          { number, allowed },
          `You may not present ${number}; choose one of: ${allowed}`,
        );
      }
      // The number as the allowed list spells it, however it was typed.
      resolved = entry.number;
    }
    effectiveOrRefuse(snapshot, now);
    return { number: resolved };
  },
  apply(snapshot, { number }, now) {
    if (number !== null && !snapshot.allowedCallerIds.some((n) => n.number === number))
      return snapshot;
    const effective = effectiveIn(snapshot, now);
    if (effective === null) return snapshot;
    return {
      ...snapshot,
      callerIdOverride: { number, profileId: effective.profile.id, setAt: now.toISOString() },
    };
  },
  describe: ({ number }) =>
    number === null ? text('notice.command.hideNumber') : text('notice.command.callerId', { number }),
});
