import { SessionState, type Invitation, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { AnswerPreparingFactory } from '../media/bridgedSessionDescriptionHandler';

/**
 * A ringing call's offer goes to the media engine now (when the media factory can take it
 * ahead: the bridge), so answering only has to make the answer and the user hears the caller
 * sooner. Released when the call ends unanswered.
 */
export function prepareAnswer(mediaFactory: SessionDescriptionHandlerFactory, invitation: Invitation): void {
  const factory = mediaFactory as AnswerPreparingFactory;
  const offer = invitation.body;
  const contentType = invitation.request.getHeader('Content-Type') ?? '';
  if (!factory.prepareAnswer || !offer || !/^application\/sdp\b/i.test(contentType)) return;
  const release = factory.prepareAnswer(invitation, offer);
  invitation.stateChange.addListener((state) => {
    if (state === SessionState.Established || state === SessionState.Terminated) release();
  });
}
