import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A button that opens a small non-modal panel. Focus moves into the panel on open and back to
 * the button on close (Escape, outside click, or `close()` from the content).
 */
export function Popover(props: {
  label: string;
  buttonContent: ReactNode;
  buttonClassName?: string;
  panelLabel: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const panel = panelRef.current;
    const preferred = panel?.querySelector<HTMLElement>('[data-autofocus], input:checked') ?? panel?.querySelector<HTMLElement>(focusable);
    preferred?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  // Found by id rather than through the ref: content calls this during its own render setup.
  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };

  return (
    <div className="popover">
      <button
        ref={buttonRef}
        id={buttonId}
        type="button"
        className={props.buttonClassName ?? 'chip'}
        aria-label={props.label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {props.buttonContent}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="dialog"
          aria-label={props.panelLabel}
          className="popover-panel"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          {props.children(close)}
        </div>
      )}
    </div>
  );
}
