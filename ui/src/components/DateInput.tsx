// A date field people can type into: ISO text (YYYY-MM-DD) in a plain text input, with the
// webview's calendar beside it where it has one. The browser's own `type="date"` field cannot be
// relied on for typing: WebKitGTK reports it empty until every part is typed, and a controlled
// React input then writes that empty value back, wiping what was typed. What is typed goes to
// the model as typed; the engine's reader names a wrong date in a sentence beside the field.
import { type InputHTMLAttributes, useRef } from "react";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "onChange"> & {
  value: string;
  onChange: (v: string) => void;
  /** The field's name, for the calendar button's tooltip. */
  label: string;
};

/** Whether the webview can open a date picker on request (`showPicker`). */
const canPick = typeof HTMLInputElement !== "undefined" && typeof HTMLInputElement.prototype.showPicker === "function";

export function DateInput({ value, onChange, label, className, ...rest }: Props) {
  const picker = useRef<HTMLInputElement>(null);
  const open = () => {
    try {
      picker.current?.showPicker();
    } catch {
      // No calendar for this field here: typing still works.
    }
  };
  return (
    <span className={`date-input ${className ?? ""}`}>
      <input
        {...rest}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="YYYY-MM-DD"
        maxLength={10}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {canPick && (
        <>
          <button type="button" className="date-pick" onClick={open} aria-label="Pick from a calendar" title={`Pick ${label.toLowerCase()} from a calendar`}>
            <span aria-hidden="true">▦</span>
          </button>
          <input
            ref={picker}
            type="date"
            className="date-proxy"
            tabIndex={-1}
            aria-hidden="true"
            value={/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : ""}
            onChange={(e) => e.target.value && onChange(e.target.value)}
          />
        </>
      )}
    </span>
  );
}
