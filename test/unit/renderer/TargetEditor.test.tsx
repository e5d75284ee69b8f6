// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Target } from '../../../src/shared/model';
import { TargetEditor } from '../../../src/renderer/src/components/profiles/TargetEditor';
import { showInLanguage } from './dom';
import { useSoftphone } from '../../../src/renderer/src/store/store';

/** The editor is controlled: this parent holds the value as the profile editor does and records each change. */
function Holder(props: { initial: Target; onChange: (value: Target) => void }) {
  const [value, setValue] = useState(props.initial);
  return (
    <TargetEditor
      label="Calls to any of my numbers"
      value={value}
      onChange={(next) => {
        props.onChange(next);
        setValue(next);
      }}
    />
  );
}

function renderTarget(initial: Target) {
  useSoftphone.setState((s) => ({
    ui: {
      ...s.ui,
      destinations: {
        announcements: [{ id: 'ann-1', name: 'Closed for lunch' }],
        applications: [
          { id: 'app-1', name: 'IVR' },
          { id: 'app-2', name: 'Switchboard' },
        ],
        codes: { queuesPause: '*20', queuesResume: '*21', defaultProfile: '*30', listenVoicemail: '*98' },
      },
    },
  }));
  const onChange = vi.fn<(value: Target) => void>();
  render(<Holder initial={initial} onChange={onChange} />);
  return { onChange, group: within(screen.getByRole('group', { name: 'Calls to any of my numbers' })), last: () => onChange.mock.lastCall?.[0] };
}

describe('TargetEditor', () => {
  it('rings devices with a delay each and never lets the last device go', async () => {
    const user = userEvent.setup();
    const { group, last, onChange } = renderTarget({ kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] });
    expect(group.getByRole('combobox', { name: 'Action' })).toHaveProperty('value', 'ring');
    expect(group.queryByRole('spinbutton', { name: 'Seconds before the mobile rings' })).toBeNull();

    await user.click(group.getByRole('checkbox', { name: 'mobile' }));
    await user.clear(group.getByRole('spinbutton', { name: 'Seconds before the mobile rings' }));
    await user.type(group.getByRole('spinbutton', { name: 'Seconds before the mobile rings' }), '15');
    expect(last()).toEqual({
      kind: 'ring',
      devices: [
        { device: 'softphone', delaySeconds: 0 },
        { device: 'mobile', delaySeconds: 15 },
      ],
    });

    await user.click(group.getByRole('checkbox', { name: 'softphone' }));
    expect(last()).toEqual({ kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 15 }] });
    const changes = onChange.mock.calls.length;
    await user.click(group.getByRole('checkbox', { name: 'mobile' }));
    expect(group.getByRole('checkbox', { name: 'mobile' })).toHaveProperty('checked', true);
    expect(onChange.mock.calls.length).toBe(changes + 1);
    expect(last()).toEqual({ kind: 'ring', devices: [{ device: 'mobile', delaySeconds: 15 }] });
  });

  it('starts each action from its own blank and offers the fields it needs', async () => {
    const user = userEvent.setup();
    const { group, last } = renderTarget({ kind: 'voicemail' });
    expect(group.queryByRole('checkbox')).toBeNull();

    await user.selectOptions(group.getByRole('combobox', { name: 'Action' }), 'Transfer to a number');
    expect(last()).toEqual({ kind: 'number', number: '' });
    await user.type(group.getByRole('textbox', { name: 'Number' }), '+46701234567 ');
    expect(last()).toEqual({ kind: 'number', number: '+46701234567' });

    // Messages and applications are picked by name from the company's (never typed as ids)
    await user.selectOptions(group.getByRole('combobox', { name: 'Action' }), 'Play a message');
    expect(group.queryByRole('textbox', { name: 'Number' })).toBeNull();
    expect(group.queryByRole('textbox', { name: 'Message' })).toBeNull();
    await user.selectOptions(group.getByRole('combobox', { name: 'Message' }), 'Closed for lunch');
    expect(last()).toEqual({ kind: 'message', messageId: 'ann-1', label: 'Closed for lunch' });

    await user.selectOptions(group.getByRole('combobox', { name: 'Action' }), 'An application');
    expect(group.queryByRole('textbox', { name: 'Application' })).toBeNull();
    await user.selectOptions(group.getByRole('combobox', { name: 'Application' }), 'Switchboard');
    expect(last()).toEqual({ kind: 'application', applicationId: 'app-2', label: 'Switchboard' });

    await user.selectOptions(group.getByRole('combobox', { name: 'Action' }), 'Ring my devices');
    expect(last()).toEqual({ kind: 'ring', devices: [{ device: 'softphone', delaySeconds: 0 }] });
    expect(group.getByRole('checkbox', { name: 'softphone' })).toHaveProperty('checked', true);

    await user.selectOptions(group.getByRole('combobox', { name: 'Action' }), 'Reject the call');
    expect(last()).toEqual({ kind: 'reject' });
  });

  it('speaks the user’s language', () => {
    showInLanguage('sv');
    const { group } = renderTarget({ kind: 'ring', devices: [{ device: 'deskphone', delaySeconds: 5 }] });
    expect(group.getByRole('combobox', { name: 'Åtgärd' })).toHaveProperty('value', 'ring');
    expect(group.getByRole('spinbutton', { name: 'Sekunder innan bordstelefon ringer' })).toHaveProperty('value', '5');
  });
});
