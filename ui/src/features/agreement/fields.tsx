// The agreement form's rows and small fields: a scope checklist, a support channel's card, an
// escalation level's row, and the cells, selects and add buttons they are made of. Each edits
// the typed model through \`Edit\` and shows its errors beside itself (ErrorsContext).
import { DateInput } from "../../components/DateInput";
import { CHANNEL_LABEL, CLOCK_NAME_LABEL, optionsOf } from "../../lib/labels";
import { FieldError, PercentInput, RemoveButton, SelectField, TextField, WeekEditor, WindowsEditor, useFieldProps } from "./controls";
import { domId } from "./keys";
import { type AgreementModel, type ChannelHours, type EscalationLevel, SCOPES, type SupportChannel } from "./model";

const ESCALATION_CLOCK_OPTIONS = optionsOf(CLOCK_NAME_LABEL);
const HOURS_OPTIONS = [
  ["calendar", "Business calendar"],
  ["24x7", "Around the clock (24x7)"],
  ["daily", "Own hours, every day"],
  ["weekly", "Own hours, by weekday"],
] as const;
const CHANNEL_OPTIONS = optionsOf(CHANNEL_LABEL);
const SCOPE_NAMES: Record<string, string> = {
  troubleshooting: "Troubleshooting",
  technical_support: "Technical support",
  billing_inquiry: "Billing inquiry",
  service_activation: "Service activation",
};

export type Edit = (change: (d: AgreementModel) => void) => void;

export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="add" onClick={onClick}>
      + {label}
    </button>
  );
}

/** An input in a table row or list, named by aria-label (the column heading is not its label). */
export function CellInput({ k, label, value, onChange, type = "text", placeholder, className }: { k: string; label: string; value: string; onChange: (v: string) => void; type?: string; placeholder?: string; className?: string }) {
  const props = useFieldProps(k);
  return (
    <>
      {type === "date" ? (
        <DateInput {...props} aria-label={label} label={label} value={value} className={className} onChange={onChange} />
      ) : (
        <input {...props} aria-label={label} type={type} value={value} placeholder={placeholder} className={className} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldError k={k} />
    </>
  );
}

export function CellSelect<T extends string>({ k, label, value, options, onChange }: { k: string; label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void }) {
  const props = useFieldProps(k);
  return (
    <>
      <select {...props} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, n]) => (
          <option key={v} value={v}>
            {n}
          </option>
        ))}
      </select>
      <FieldError k={k} />
    </>
  );
}

export function StaffInput({ i, value, onChange }: { i: number; value: string; onChange: (v: string) => void }) {
  const props = useFieldProps(`technical_staff[${i}]`);
  return <input {...props} aria-label={`Technical staff ${i + 1}`} placeholder="Name <email>" value={value} spellCheck={false} onChange={(e) => onChange(e.target.value)} />;
}

/** The four categories of formats.md, plus any other the file names (kept, and removable). */
export function ScopeField({ m, edit }: { m: AgreementModel; edit: Edit }) {
  const group = useFieldProps("scope");
  const values = [...SCOPES, ...m.scope.filter((s) => !(SCOPES as readonly string[]).includes(s))];
  return (
    <div className="field scope" role="group" aria-labelledby="scope-label" aria-invalid={group["aria-invalid"]} aria-describedby={group["aria-describedby"]}>
      <span id="scope-label" className="label">
        Scope
      </span>
      <div className="checks">
        {values.map((v) => {
          const at = m.scope.indexOf(v);
          return (
            <ScopeCheck
              key={v}
              k={at >= 0 ? `scope[${at}]` : `scope.${v}`}
              label={SCOPE_NAMES[v] ?? v}
              checked={at >= 0}
              onChange={(on) => edit((d) => void (d.scope = on ? [...d.scope, v] : d.scope.filter((s) => s !== v)))}
            />
          );
        })}
      </div>
      <FieldError k="scope" />
    </div>
  );
}

function ScopeCheck({ k, label, checked, onChange }: { k: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  const props = useFieldProps(k);
  return (
    <label className="check">
      <input {...props} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      <FieldError k={k} />
    </label>
  );
}

/** A visible short label ("Kind") that names its row for a screen reader ("Channel 2 Kind"). */
function RowLabel({ row, text }: { row: string; text: string }) {
  return (
    <>
      <span className="visually-hidden">{row} </span>
      {text}
    </>
  );
}

function hoursFor(mode: ChannelHours["mode"], current: ChannelHours, m: AgreementModel): ChannelHours {
  if (mode === "calendar" || mode === "24x7") return { mode };
  // A new custom schedule starts from what the channel or the calendar already says.
  if (mode === "daily") {
    const windows = current.mode === "weekly" ? current.week.mon : m.calendar.week.mon;
    return { mode, windows: windows.length ? [...windows] : ["08:00-17:00"] };
  }
  if (current.mode === "daily") return { mode, week: { mon: [...current.windows], tue: [...current.windows], wed: [...current.windows], thu: [...current.windows], fri: [...current.windows], sat: [...current.windows], sun: [...current.windows] } };
  return { mode, week: structuredClone(m.calendar.week) };
}

export function ChannelCard({ i, c, m, edit }: { i: number; c: SupportChannel; m: AgreementModel; edit: Edit }) {
  const p = `channels[${i}]`;
  const name = `Channel ${i + 1}`;
  return (
    <li className="card-row" id={domId(p)} aria-label={`${name}: ${CHANNEL_LABEL[c.kind]}`}>
      <div className="grid channel">
        <SelectField k={`${p}.kind`} label={<RowLabel row={name} text="Kind" />} value={c.kind} options={CHANNEL_OPTIONS} onChange={(v) => edit((d) => void (d.channels[i]!.kind = v))} />
        <SelectField k={`${p}.hours`} label={<RowLabel row={name} text="Hours" />} value={c.hours.mode} options={HOURS_OPTIONS} onChange={(v) => edit((d) => void (d.channels[i]!.hours = hoursFor(v, c.hours, m)))} />
        <TextField k={`${p}.after_hours`} label={<RowLabel row={name} text="After hours" />} placeholder="What happens outside its hours" value={c.after_hours} onChange={(v) => edit((d) => void (d.channels[i]!.after_hours = v))} />
        <RemoveButton label={`Remove channel ${i + 1}`} onClick={() => edit((d) => void d.channels.splice(i, 1))} />
      </div>
      <FieldError k={p} />
      {c.hours.mode === "daily" && (
        <div className="day channel-hours">
          <span className="day-name">Every day</span>
          <WindowsEditor k={`${p}.hours`} name={name} dayError={false} windows={c.hours.windows} onChange={(ws) => edit((d) => void (d.channels[i]!.hours = { mode: "daily", windows: ws }))} />
        </div>
      )}
      {c.hours.mode === "weekly" && (
        <div className="channel-hours">
          <WeekEditor k={`${p}.hours.`} name={name} week={c.hours.week} onChange={(w) => edit((d) => void (d.channels[i]!.hours = { mode: "weekly", week: w }))} />
        </div>
      )}
    </li>
  );
}

export function EscalationRow({ i, e, edit }: { i: number; e: EscalationLevel; edit: Edit }) {
  const p = `escalation[${i}]`;
  const name = `Escalation ${i + 1}`;
  return (
    <tr id={domId(p)}>
      <td>
        <CellInput k={`${p}.level`} className="num level-input" label={`${name} level`} value={e.level} onChange={(v) => edit((d) => void (d.escalation[i]!.level = v))} />
        <FieldError k={p} />
      </td>
      <td className="grow">
        <CellInput k={`${p}.name`} label={`${name} name`} value={e.name} onChange={(v) => edit((d) => void (d.escalation[i]!.name = v))} />
      </td>
      <td>
        <CellSelect k={`${p}.clock`} label={`${name} clock`} value={e.clock} options={ESCALATION_CLOCK_OPTIONS} onChange={(v) => edit((d) => void (d.escalation[i]!.clock = v))} />
      </td>
      <td>
        <PercentInput k={`${p}.at`} label={`${name} at percent of target`} value={e.at} onChange={(v) => edit((d) => void (d.escalation[i]!.at = v))} />
        <FieldError k={`${p}.at`} />
      </td>
      <td className="grow">
        <CellInput k={`${p}.contact`} label={`${name} contact`} value={e.contact} onChange={(v) => edit((d) => void (d.escalation[i]!.contact = v))} />
      </td>
      <td>
        <RemoveButton label={`Remove escalation level ${i + 1}`} onClick={() => edit((d) => void d.escalation.splice(i, 1))} />
      </td>
    </tr>
  );
}
