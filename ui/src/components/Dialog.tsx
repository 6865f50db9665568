// Modal dialogs: a question that must be answered before anything else is done (how an edit of
// the terms applies, issuing a statement, leaving unsaved changes). Built on a plain element, not
// <dialog>, for the older WebKit of some desktops: labelled by its title, the rest of the window
// inert while it is open, Tab kept inside, Escape closes, and focus goes back to where it was.
import { type ReactNode, useEffect, useId, useRef } from "react";
import { createPortal } from "react-dom";
import "../styles/dialog.css";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

// The dialogs open, innermost last: only that one answers Escape; the window stays inert until
// the last one closes.
const stack: symbol[] = [];

function focusables(box: HTMLElement): HTMLElement[] {
  return Array.from(box.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.getClientRects().length > 0);
}

export interface DialogProps {
  title: ReactNode;
  /** Escape, and the dialog's own Cancel. */
  onClose: () => void;
  children: ReactNode;
  /** The buttons, at the foot (kept in view while the body scrolls). */
  actions: ReactNode;
  className?: string;
  /** The id of what describes the dialog, said with its title. */
  describedBy?: string;
  /** While busy, Escape does not close (the answer is on its way). */
  busy?: boolean;
  /** Focus goes to the title first (a dialog to read before anything in it is answered). */
  focusTitle?: boolean;
}

/**
 * A modal dialog. The title gets focus first with `focusTitle`, else the element marked
 * `data-autofocus`, else the first field or button.
 */
export function Dialog({ title, onClose, children, actions, className, describedBy, busy = false, focusTitle = false }: DialogProps) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const busyNow = useRef(busy);
  busyNow.current = busy;

  useEffect(() => {
    const me = Symbol("dialog");
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = document.getElementById("root");
    stack.push(me);
    root?.setAttribute("inert", "");
    const el = box.current;
    (el?.querySelector<HTMLElement>("[data-autofocus]") ?? (el && focusables(el)[0]) ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || stack[stack.length - 1] !== me) return;
      // Answered here: nothing behind the dialog closes as well.
      e.preventDefault();
      e.stopPropagation();
      if (!busyNow.current) close.current();
    };
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      stack.splice(stack.indexOf(me), 1);
      if (stack.length === 0) root?.removeAttribute("inert");
      // Back where it was opened from (once the window is no longer inert).
      if (before?.isConnected) before.focus();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== "Tab" || !box.current) return;
    const list = focusables(box.current);
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const at = document.activeElement;
    // Back from the first stop, the dialog itself or its title: to the last.
    if (e.shiftKey && (at === first || at === box.current || !(at instanceof HTMLElement) || !list.includes(at))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && at === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div
      className="dialog-backdrop"
      // A click beside the dialog keeps focus in it (and closes nothing: an answer is asked for).
      onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}
    >
      <div
        ref={box}
        className={`dialog${className ? ` ${className}` : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        aria-busy={busy || undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title" tabIndex={focusTitle ? -1 : undefined} data-autofocus={focusTitle || undefined}>
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>,
    document.body,
  );
}

/** A yes-or-no question: the safe answer (`cancel`) has focus first. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  cancel = "Cancel",
  onConfirm,
  onCancel,
  busy = false,
  busyLabel,
  tone = "primary",
}: {
  title: ReactNode;
  children: ReactNode;
  confirm: string;
  cancel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  busyLabel?: string;
  /** `danger` for an answer that loses something (unsaved changes). */
  tone?: "primary" | "danger";
}) {
  const bodyId = useId();
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      busy={busy}
      describedBy={bodyId}
      className="confirm"
      actions={
        <>
          {/* Busy buttons stay focusable (aria-disabled), so focus is not lost while the answer comes. */}
          <button type="button" onClick={() => !busy && onCancel()} aria-disabled={busy || undefined} data-autofocus>
            {cancel}
          </button>
          <button type="button" className={tone} onClick={() => !busy && onConfirm()} aria-disabled={busy || undefined}>
            {busy ? (busyLabel ?? confirm) : confirm}
          </button>
        </>
      }
    >
      <div id={bodyId}>{children}</div>
    </Dialog>
  );
}
