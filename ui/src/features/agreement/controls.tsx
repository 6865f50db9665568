// The form's building blocks: labelled inputs that carry the engine's error for their key
// (aria-invalid, aria-describedby and the message beside them), and the weekly-windows editor
// the calendar and the channels share.
import { createContext, type ReactNode, useContext, useState } from "react";
import type { InputError } from "../../lib/ipc";
import { DateInput } from "../../components/DateInput";
import { errorId, domId } from "./keys";
import { ALL_DAY, type Week, WEEKDAYS, WEEKDAY_NAMES, fractionToPercent, joinWindow, percentToFraction, splitWindow } from "./model";

/** The engine's errors, by the key of the field or row that shows them. */
export const ErrorsContext = createContext<ReadonlyMap<string, InputError[]>>(new Map());

/** Moves focus to an element the next render creates (a row just added). */
export function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** What an input needs to be tied to its key's error message. */
export function useFieldProps(k: string, part = "") {
  const errors = useContext(ErrorsContext).get(k);
  return {
    id: domId(k, part),
    "aria-invalid": errors ? true : undefined,
    "aria-describedby": errors ? errorId(k) : undefined,
  } as const;
}

export function FieldError({ k }: { k: string }) {
  const errors = useContext(ErrorsContext).get(k);
  if (!errors) return null;
  return (
    <p className="field-error" id={errorId(k)}>
      {errors.map((e, i) => (
        <span key={i}>{e.reason}</span>
      ))}
    </p>
  );
}

interface TextProps {
  k: string;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  type?: "text" | "date" | "email";
  inputMode?: "text" | "decimal" | "numeric";
  placeholder?: string;
  list?: string;
  className?: string;
  required?: boolean;
}

export function TextField({ k, label, value, onChange, hint, type = "text", inputMode, placeholder, list, className, required }: TextProps) {
  const props = useFieldProps(k);
  const hintId = hint ? `${props.id}--hint` : undefined;
  const describedBy = [props["aria-describedby"], hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={props.id}>
        {label}
        {required && <span className="req" aria-hidden="true"> *</span>}
      </label>
      {type === "date" ? (
        <DateInput {...props} aria-describedby={describedBy} required={required} label={typeof label === "string" ? label : "the date"} value={value} onChange={onChange} />
      ) : (
        <input
          {...props}
          aria-describedby={describedBy}
          type={type}
          value={value}
          inputMode={inputMode}
          placeholder={placeholder}
          list={list}
          required={required}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <small className="field-hint" id={hintId}>
          {hint}
        </small>
      )}
      <FieldError k={k} />
    </div>
  );
}

export function SelectField<T extends string>({
  k,
  label,
  value,
  options,
  onChange,
  className,
}: {
  k: string;
  label: ReactNode;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  className?: string;
}) {
  const props = useFieldProps(k);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={props.id}>{label}</label>
      <select {...props} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, name]) => (
          <option key={v} value={v}>
            {name}
          </option>
        ))}
      </select>
      <FieldError k={k} />
    </div>
  );
}

/**
 * A fraction (0.75) shown and typed as a percent (75). The typed text is kept while it is being
 * typed ("7." stays "7.", not "7"); text that is not a number is passed on as it is, for the
 * engine to name.
 */
export function PercentInput({ k, value, onChange, label }: { k: string; value: string; onChange: (v: string) => void; label: string }) {
  const props = useFieldProps(k);
  const shown = (v: string) => fractionToPercent(v) ?? v;
  const [text, setText] = useState(() => shown(value));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(shown(value));
  }
  return (
    <span className="with-unit">
      <input
        {...props}
        aria-label={label}
        className="num"
        inputMode="decimal"
        value={text}
        onChange={(e) => {
          const t = e.target.value;
          const v = t.trim() === "" ? "" : (percentToFraction(t) ?? t);
          setText(t);
          setSeen(v);
          onChange(v);
        }}
      />
      <span aria-hidden="true">%</span>
    </span>
  );
}

export function PercentField({ k, label, value, onChange, hint }: { k: string; label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={domId(k)}>{label}</label>
      <PercentInput k={k} label={label} value={value} onChange={onChange} />
      {hint && <small className="field-hint">{hint}</small>}
      <FieldError k={k} />
    </div>
  );
}

/** Half-hour suggestions for window ends; any HH:MM can be typed. */
export const TIME_LIST_ID = "agreement-times";
export function TimeSuggestions() {
  const times: string[] = [];
  for (let h = 0; h <= 24; h++) for (const m of h === 24 ? ["00"] : ["00", "30"]) times.push(`${String(h).padStart(2, "0")}:${m}`);
  return (
    <datalist id={TIME_LIST_ID}>
      {times.map((t) => (
        <option key={t} value={t} />
      ))}
    </datalist>
  );
}

function WindowRow({ k, name, window, onChange, onRemove }: { k: string; name: string; window: string; onChange: (w: string) => void; onRemove: () => void }) {
  const from = useFieldProps(k, "from");
  const to = useFieldProps(k, "to");
  const [a, b] = splitWindow(window) ?? [window, ""];
  return (
    <li className="window">
      <input {...from} className="time" aria-label={`${name} from`} value={a} placeholder="HH:MM" list={TIME_LIST_ID} onChange={(e) => onChange(joinWindow(e.target.value, b))} />
      <span aria-hidden="true">–</span>
      <input {...to} className="time" aria-label={`${name} to`} value={b} placeholder="HH:MM" list={TIME_LIST_ID} onChange={(e) => onChange(joinWindow(a, e.target.value))} />
      <button type="button" className="icon" aria-label={`Remove ${name}`} title={`Remove ${name}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

/**
 * One day's (or every day's) windows: each "from–to" with its own inputs, "Closed" when there
 * are none. "24:00" is typed as such: a time input could not say the end of the day.
 */
export function WindowsEditor({
  k,
  name,
  windows,
  onChange,
  fresh = "08:00-17:00",
  dayError = true,
}: {
  k: string;
  name: string;
  windows: string[];
  onChange: (ws: string[]) => void;
  fresh?: string;
  /** False where another control already shows the errors of `k` itself. */
  dayError?: boolean;
}) {
  const allDay = windows.length === 1 && windows[0] === ALL_DAY;
  const add = () => {
    onChange([...windows, fresh]);
    focusSoon(domId(`${k}[${windows.length}]`, "from"));
  };
  return (
    <div className="windows">
      <ul aria-label={`${name} hours`}>
        {windows.map((w, j) => (
          <WindowRow
            key={j}
            k={`${k}[${j}]`}
            name={`${name} window ${j + 1}`}
            window={w}
            onChange={(nw) => onChange(windows.map((x, i) => (i === j ? nw : x)))}
            onRemove={() => onChange(windows.filter((_, i) => i !== j))}
          />
        ))}
        {windows.length === 0 && <li className="closed">Closed</li>}
      </ul>
      <span className="window-actions">
        <button type="button" className="small" aria-label={`Add ${name} window`} onClick={add}>
          + Window
        </button>
        {!allDay && (
          <button type="button" className="small" aria-label={`${name} all day`} onClick={() => onChange([ALL_DAY])}>
            All day
          </button>
        )}
      </span>
      {dayError && <FieldError k={k} />}
    </div>
  );
}

/** Mon..Sun, a row each; `k` is the prefix of the day keys ("calendar." or "channels[0].hours."). */
export function WeekEditor({ k, name, week, onChange }: { k: string; name?: string; week: Week; onChange: (w: Week) => void }) {
  return (
    <div className="week" role="group" aria-label={name ? `${name} weekly hours` : "Weekly hours"}>
      {WEEKDAYS.map((d) => (
        <div className="day" key={d}>
          <span className="day-name">{WEEKDAY_NAMES[d]}</span>
          <WindowsEditor
            k={`${k}${d}`}
            name={name ? `${name} ${WEEKDAY_NAMES[d]}` : WEEKDAY_NAMES[d]}
            windows={week[d]}
            onChange={(ws) => onChange({ ...week, [d]: ws })}
          />
        </div>
      ))}
    </div>
  );
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="icon" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}
