import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

/** Space kept between the panel and the window's edges. */
const MARGIN = 8;

/**
 * Where the panel goes: below the button, moved left so it stays inside the window, above the
 * button when there is more room there, and scrolling inside itself when neither side fits.
 */
function placePanel(
  button: { left: number; top: number; bottom: number },
  panel: { width: number; height: number },
  view: { width: number; height: number },
): CSSProperties {
  const width = Math.min(panel.width, view.width - 2 * MARGIN);
  const left = Math.max(MARGIN, Math.min(button.left, view.width - width - MARGIN));
  const below = view.height - button.bottom - MARGIN - 6;
  const above = button.top - MARGIN - 6;
  if (panel.height <= below || below >= above) {
    return { left, top: button.bottom + 6, maxHeight: Math.max(below, 120), maxWidth: view.width - 2 * MARGIN };
  }
  const height = Math.min(panel.height, above);
  return { left, top: button.top - 6 - height, maxHeight: above, maxWidth: view.width - 2 * MARGIN };
}

/** Before the first measurement (never painted: measured before the browser draws). */
const unplaced: CSSProperties = { left: MARGIN, top: MARGIN };

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
  const [place, setPlace] = useState<CSSProperties>(unplaced);

  useLayoutEffect(() => {
    if (!open) return;
    const measure = () => {
      const button = buttonRef.current?.getBoundingClientRect();
      const panel = panelRef.current;
      if (!button || !panel) return;
      // scrollHeight: the content's whole height, also when a limit already makes it scroll.
      setPlace(placePanel(button, { width: panel.offsetWidth, height: panel.scrollHeight }, { width: window.innerWidth, height: window.innerHeight }));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [open]);

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
        onClick={() => {
          setPlace(unplaced);
          setOpen((value) => !value);
        }}
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
          style={place}
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
