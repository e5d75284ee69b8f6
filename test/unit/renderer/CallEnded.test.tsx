// @vitest-environment jsdom
/** A failed call says why on its card, in the user's language, until it goes or is dismissed (issue 14). */
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CallPanel } from '../../../src/renderer/src/components/phone/CallPanel';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { text } from '../../../src/shared/text';
import type { CallView } from '../../../src/shared/ipc';
import { fakeSoftphone, showInLanguage } from './dom';

const NOW = '2026-12-02T08:00:00.000Z';
const call = (id: string, changes: Partial<CallView>): CallView => ({
  id,
  direction: 'outgoing',
  state: 'dialing',
  party: { number: '1099', displayName: null },
  calledNumber: null,
  calledType: null,
  queueName: null,
  held: false,
  muted: false,
  startedAt: NOW,
  answeredAt: null,
  endedAt: null,
  endReason: null,
  ...changes,
});

const showCalls = (calls: CallView[]) => act(() => useSoftphone.setState({ calls }));

describe('the card of a failed call', () => {
  it('says what happened and what to do, and goes when main lets the call go', () => {
    showInLanguage('en');
    showCalls([call('c-1', { state: 'ended', endedAt: NOW, endReason: text('callEnd.notFound') })]);
    render(<CallPanel />);
    const card = screen.getByRole('status', { name: 'Call to 1099 did not go through' });
    expect(card.textContent).toContain('Number not found');
    expect(card.textContent).toContain('Check the number and call again.');
    // there is no call in progress: the panel says so too
    expect(screen.getByText('No calls right now.')).toBeTruthy();
    showCalls([]);
    expect(screen.queryByTestId('call-ended')).toBeNull();
  });

  it('speaks Swedish, and names the party as everywhere else', () => {
    showInLanguage('sv');
    showCalls([call('c-1', { state: 'ended', party: { number: '+46855501002', displayName: null }, endReason: text('callEnd.declined') })]);
    render(<CallPanel />);
    const card = screen.getByTestId('call-ended');
    expect(card.textContent).toContain('Samtalet till 08-555 010 02 gick inte fram');
    expect(card.textContent).toContain('Avvisat');
    expect(card.textContent).toContain('Försök igen senare eller skicka ett meddelande.');
  });

  it('is dismissed by the user and stays dismissed', async () => {
    showInLanguage('en');
    const user = userEvent.setup();
    showCalls([call('c-1', { state: 'ended', endReason: text('callEnd.busy') })]);
    render(<CallPanel />);
    await user.click(screen.getByRole('button', { name: 'Dismiss: call to 1099' }));
    expect(screen.queryByTestId('call-ended')).toBeNull();
    showCalls([call('c-1', { state: 'ended', endReason: text('callEnd.busy') })]);
    expect(screen.queryByTestId('call-ended')).toBeNull();
  });

  it('sits after the call in progress, whose controls stay there', () => {
    showInLanguage('en');
    fakeSoftphone({});
    showCalls([
      call('c-1', { state: 'ended', endReason: text('callEnd.busy') }),
      call('c-2', { state: 'active', party: { number: '1003', displayName: null }, answeredAt: NOW }),
    ]);
    render(<CallPanel />);
    const panel = screen.getByRole('region', { name: 'Calls' });
    const inCall = within(panel).getByRole('article');
    const failed = within(panel).getByTestId('call-ended');
    expect(inCall.compareDocumentPosition(failed) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(inCall).getByRole('button', { name: 'Hang up' })).toBeTruthy();
    expect(screen.queryByText('No calls right now.')).toBeNull();
  });

  it('says nothing for a call that ended the ordinary way', () => {
    showInLanguage('en');
    showCalls([
      call('c-1', { state: 'ended', endReason: text('callEnd.cancelled') }),
      call('c-2', { state: 'ended', answeredAt: NOW, endReason: text('callEnd.otherHungUp') }),
    ]);
    render(<CallPanel />);
    expect(screen.queryByTestId('call-ended')).toBeNull();
  });

  it('says why an answered call broke off', () => {
    showInLanguage('en');
    showCalls([call('c-1', { state: 'ended', answeredAt: NOW, endReason: text('callEnd.pathLost') })]);
    render(<CallPanel />);
    expect(screen.getByRole('status', { name: 'Call with 1099 ended' }).textContent).toContain('The connection to the other party was lost');
  });
});
