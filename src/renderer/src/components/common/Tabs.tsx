import { useRef, type KeyboardEvent } from 'react';
import { Icon, type IconName } from './Icon';

/**
 * The WAI-ARIA tabs pattern: one tab in the tab order, arrows/Home/End move between tabs and
 * select them, the panel is labelled by its tab.
 */
export function TabList<K extends string>(props: {
  label: string;
  idPrefix: string;
  tabs: { key: K; label: string; badge?: number; icon?: IconName }[];
  selected: K;
  onSelect: (key: K) => void;
  orientation?: 'horizontal' | 'vertical';
}) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent) => {
    const index = props.tabs.findIndex((t) => t.key === props.selected);
    const vertical = props.orientation === 'vertical';
    const step: Record<string, number> = vertical ? { ArrowDown: 1, ArrowUp: -1 } : { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in step) next = (index + (step[event.key] ?? 0) + props.tabs.length) % props.tabs.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = props.tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    const tab = props.tabs[next];
    if (!tab) return;
    props.onSelect(tab.key);
    refs.current.get(tab.key)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} aria-orientation={props.orientation ?? 'horizontal'} className={`tablist ${props.orientation ?? 'horizontal'}`} onKeyDown={onKeyDown}>
      {props.tabs.map((tab) => (
        <button
          key={tab.key}
          ref={(node) => {
            if (node) refs.current.set(tab.key, node);
            else refs.current.delete(tab.key);
          }}
          type="button"
          role="tab"
          id={`${props.idPrefix}-tab-${tab.key}`}
          aria-selected={tab.key === props.selected}
          aria-controls={`${props.idPrefix}-panel-${tab.key}`}
          tabIndex={tab.key === props.selected ? 0 : -1}
          className="tab"
          onClick={() => props.onSelect(tab.key)}
        >
          {tab.icon ? <Icon name={tab.icon} /> : null}
          <span className="tab-label">{tab.label}</span>
          {tab.badge ? <span className="badge" aria-label={`(${tab.badge})`}>{tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}

export function tabPanelProps(idPrefix: string, key: string) {
  return { role: 'tabpanel' as const, id: `${idPrefix}-panel-${key}`, 'aria-labelledby': `${idPrefix}-tab-${key}`, tabIndex: 0 };
}
