import { useState } from 'react';
import { useT } from '../../i18n';
import { TabList, tabPanelProps } from '../common/Tabs';
import { NARROW, useMediaQuery } from '../common/useMediaQuery';
import { Dialer } from './Dialer';
import { DirectorySearch } from './DirectorySearch';

type Part = 'dialer' | 'directory';

/** Dial pad and directory: side by side when there is room, one at a time (tabs) when not. */
export function PhoneView() {
  const t = useT();
  const narrow = useMediaQuery(NARROW);
  const [part, setPart] = useState<Part>('dialer');
  if (!narrow) {
    return (
      <div className="phone-view">
        <Dialer />
        <DirectorySearch />
      </div>
    );
  }
  return (
    <div className="phone-view narrow">
      <TabList
        label={t('phone.parts')}
        idPrefix="phone"
        tabs={[
          { key: 'dialer', label: t('dialer.keypad'), icon: 'keypad' },
          { key: 'directory', label: t('directory.title'), icon: 'directory' },
        ]}
        selected={part}
        onSelect={setPart}
      />
      <div {...tabPanelProps('phone', part)}>{part === 'dialer' ? <Dialer /> : <DirectorySearch />}</div>
    </div>
  );
}
