// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LinkStatus } from '../../../src/renderer/src/components/status/LinkStatus';
import { useSoftphone } from '../../../src/renderer/src/store/store';
import { showInLanguage } from './dom';
import type { ClientSnapshot } from '../../../src/shared/ipc';

function showLinks(registration: ClientSnapshot['registration']['status'], connection: ClientSnapshot['connection']['status']) {
  useSoftphone.setState((s) => ({
    registration: { ...s.registration, status: registration, reason: null },
    connection: { ...s.connection, status: connection, error: null },
  }));
  render(<LinkStatus />);
  return screen.getAllByRole('status')[0]?.textContent;
}

describe('the phone status in the status bar', () => {
  it('says "Phone ready" only when registered and the server that routes calls answers', () => {
    showInLanguage('en');
    expect(showLinks('registered', 'online')).toBe('Phone ready');
  });

  it('says calls cannot work while the server is offline, even though the PBX registration holds', () => {
    showInLanguage('sv');
    expect(showLinks('registered', 'offline')).toBe('Samtal fungerar inte: servern kan inte nås');
  });

  it('waits for the server before saying ready', () => {
    showInLanguage('en');
    expect(showLinks('registered', 'connecting')).toBe('Phone connected, reaching the server…');
  });
});
