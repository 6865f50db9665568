// The agreement as a form, section by section in the order of formats.md, for people who
// should never have to write TOML. It edits the typed model; the editor writes it back to the
// TOML of record and the engine's check of that TOML comes back here, each error beside the
// field its key names.
import { type ReactNode, useMemo } from "react";
import type { InputError } from "../../lib/ipc";
import { CLOCK_KIND_LABEL, PRIORITY_LABEL, PRIORITY_WORD, TIER_LABEL, optionsOf } from "../../lib/labels";
import "../../styles/form.css";
import {
  ErrorsContext,
  FieldError,
  PercentField,
  PercentInput,
  RemoveButton,
  SelectField,
  TextField,
  TimeSuggestions,
  WeekEditor,
  focusSoon,
} from "./controls";
import { AmendmentList } from "./Amendments";
import { AddButton, CellInput, CellSelect, ChannelCard, EscalationRow, ScopeField, StaffInput } from "./fields";
import type { StoredAgreement } from "./HolidayImport";
import { Holidays } from "./Holidays";
import { SECTIONS, domId, fieldKeys, placeErrors } from "./keys";
import {
  type AgreementModel,
  CHANNEL_KINDS,
  PRIORITIES,
} from "./model";

const TIER_OPTIONS = optionsOf(TIER_LABEL);
const CLOCK_OPTIONS = optionsOf(CLOCK_KIND_LABEL);
const PERIOD_OPTIONS = [
  ["month", "Month"],
  ["quarter", "Quarter"],
] as const;
const DURATION_HINT = "e.g. 30m, 4h, 2h30m, 2d (d = 24 h)";

/** IANA zones from the browser, or the ones Accord's customers use most when it has none. */
const TIME_ZONES: readonly string[] = (() => {
  try {
    const zones = Intl.supportedValuesOf("timeZone");
    if (zones.length) return zones;
  } catch {
    // An older engine: the fallback below.
  }
  return [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Halifax",
    "America/St_Johns",
    "America/Toronto",
    "America/Winnipeg",
    "America/Edmonton",
    "America/Vancouver",
    "Pacific/Honolulu",
    "Europe/London",
    "Europe/Paris",
    "UTC",
  ];
})();

export interface AgreementFormProps {
  model: AgreementModel;
  onChange: (m: AgreementModel) => void;
  /** The engine's errors for the TOML this model was written to. */
  errors: readonly InputError[];
  /** Comments in the TOML the model was read from, which the form's edits do not keep. */
  comments: number;
  /** The agreement as stored, when it is (a new one is not yet): what adds holidays from a file needs. */
  stored?: StoredAgreement;
}

function Section({ id, title, children, count }: { id: string; title: string; children: ReactNode; count: number }) {
  return (
    <fieldset className="form-section" id={id}>
      <legend>
        {title}
        {count > 0 && <span className="section-errors">{count === 1 ? "1 problem" : `${count} problems`}</span>}
      </legend>
      {children}
    </fieldset>
  );
}

/** How many errors each section holds, for the sections' headings and the index. */
export function sectionCounts(errors: readonly InputError[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of SECTIONS) out[s.id] = errors.filter((e) => s.keys.test(e.key)).length;
  return out;
}

export function SectionIndex({ errors }: { errors: readonly InputError[] }) {
  const counts = sectionCounts(errors);
  return (
    <nav className="section-index" aria-label="Agreement sections">
      <h2>Sections</h2>
      <ol>
        {SECTIONS.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className="link"
              onClick={() => {
                const el = document.getElementById(s.id);
                el?.scrollIntoView({ block: "start" });
                el?.querySelector<HTMLElement>("input, select, button")?.focus({ preventScroll: true });
              }}
            >
              {s.title}
            </button>
            {(counts[s.id] ?? 0) > 0 && (
              <span className="section-errors" aria-label={`${counts[s.id]} problems`}>
                {counts[s.id]}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function AgreementForm({ model: m, onChange, errors, comments, stored }: AgreementFormProps) {
  const placed = useMemo(() => placeErrors(errors, new Set(fieldKeys(m))), [errors, m]);
  const counts = sectionCounts(errors);
  // The amendments' problems are listed in their own section.
  const unplaced = placed.unplaced.filter((e) => !/^amendments\b/.test(e.key));
  /** A copy of the model to change, then hand on: the model is never mutated in place. */
  const edit = (change: (d: AgreementModel) => void) => {
    const d = structuredClone(m);
    change(d);
    onChange(d);
  };

  return (
    <ErrorsContext.Provider value={placed.byKey}>
      <form className="agreement-form" onSubmit={(e) => e.preventDefault()} aria-label="Agreement form" noValidate>
        {comments > 0 && (
          <p className="form-note">
            The TOML has {comments === 1 ? "a comment" : `${comments} comments`}. A change made here rewrites the file without
            {comments === 1 ? " it" : " them"}; to keep {comments === 1 ? "it" : "them"}, edit in the TOML tab.
          </p>
        )}
        {unplaced.length > 0 && (
          <div className="form-summary" id="form-summary">
            <h2>Problems not tied to one field</h2>
            <ul>
              {unplaced.map((e, i) => (
                <li key={i}>
                  {e.key && <code>{e.key}</code>} {e.reason}
                  {e.line > 0 && <span className="muted"> (line {e.line})</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        <TimeSuggestions />

        <Section id="sec-general" title="General" count={counts["sec-general"] ?? 0}>
          <div className="grid cols-4">
            <TextField k="title" label="Title" value={m.title} required className="span-4" onChange={(v) => edit((d) => void (d.title = v))} />
            <TextField k="id" label="Id" value={m.id} required className="span-2" hint="A-Z a-z 0-9 . _ - (up to 64)" onChange={(v) => edit((d) => void (d.id = v))} />
            <SelectField k="tier" label="Tier" value={m.tier} options={TIER_OPTIONS} onChange={(v) => edit((d) => void (d.tier = v))} />
            <TextField k="region" label="Region" value={m.region} required onChange={(v) => edit((d) => void (d.region = v))} />
            <TextField k="provider" label="Provider" value={m.provider} required className="span-2" onChange={(v) => edit((d) => void (d.provider = v))} />
            <TextField k="alliance" label="Alliance" value={m.alliance} required className="span-2" onChange={(v) => edit((d) => void (d.alliance = v))} />
            <TextField k="effective_from" type="date" label="Effective from" value={m.effective_from} required onChange={(v) => edit((d) => void (d.effective_from = v))} />
            <TextField k="effective_to" type="date" label="Effective to" hint="Empty: no end date" value={m.effective_to} onChange={(v) => edit((d) => void (d.effective_to = v))} />
            <TextField k="monthly_fee" label="Monthly fee" inputMode="decimal" placeholder="12500.00" value={m.monthly_fee} required onChange={(v) => edit((d) => void (d.monthly_fee = v))} />
            <TextField k="currency" label="Currency" placeholder="USD" value={m.currency} required onChange={(v) => edit((d) => void (d.currency = v.toUpperCase()))} />
          </div>
          <ScopeField m={m} edit={edit} />
        </Section>

        <Section id="sec-people" title="Tier people" count={counts["sec-people"] ?? 0}>
          <div className="grid cols-2">
            <TextField
              k="account_manager"
              label="Account manager"
              hint={
                m.tier === "premium"
                  ? "Required for Premium: the dedicated account manager"
                  : m.tier === "enterprise"
                    ? "The dedicated account manager"
                    : "Optional for Basic"
              }
              required={m.tier === "premium"}
              value={m.account_manager}
              onChange={(v) => edit((d) => void (d.account_manager = v))}
            />
          </div>
          {(m.tier === "enterprise" || m.technical_staff.length > 0) && (
            <div className="subsection">
              <h3 id="staff-title">Dedicated technical staff</h3>
              <p className="field-hint">
                {m.tier === "enterprise" ? "Enterprise promises named technical staff: one person a row, e.g. Ana Ruiz <ana@example.com>." : "Technical staff is an Enterprise promise; this agreement is not Enterprise."}
              </p>
              <ol className="rows" aria-labelledby="staff-title">
                {m.technical_staff.map((s, i) => (
                  <li key={i} className="row-line">
                    <StaffInput i={i} value={s} onChange={(v) => edit((d) => void (d.technical_staff[i] = v))} />
                    <RemoveButton label={`Remove technical staff ${i + 1}`} onClick={() => edit((d) => void d.technical_staff.splice(i, 1))} />
                    <FieldError k={`technical_staff[${i}]`} />
                  </li>
                ))}
              </ol>
              <FieldError k="technical_staff" />
              <AddButton
                label="Add technical staff"
                onClick={() => {
                  edit((d) => void d.technical_staff.push(""));
                  focusSoon(domId(`technical_staff[${m.technical_staff.length}]`));
                }}
              />
            </div>
          )}
        </Section>

        <Section id="sec-calendar" title="Business calendar" count={counts["sec-calendar"] ?? 0}>
          <div className="grid cols-4">
            <TextField
              className="span-2"
              k="calendar.time_zone"
              label="Time zone"
              list="agreement-time-zones"
              placeholder="America/New_York"
              hint="An IANA time zone; type to search. Hours and holidays are in this zone."
              value={m.calendar.time_zone}
              required
              onChange={(v) => edit((d) => void (d.calendar.time_zone = v))}
            />
            <datalist id="agreement-time-zones">
              {TIME_ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
          <div className="subsection">
            <h3>Business hours</h3>
            <WeekEditor k="calendar." week={m.calendar.week} onChange={(w) => edit((d) => void (d.calendar.week = w))} />
          </div>
          <Holidays m={m} edit={edit} stored={stored} />
        </Section>

        <Section id="sec-targets" title="Targets" count={counts["sec-targets"] ?? 0}>
          <table className="rows-table targets">
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">First response</th>
                <th scope="col">Resolution</th>
                <th scope="col">Clock</th>
              </tr>
            </thead>
            <tbody>
              {PRIORITIES.map((p) => {
                const t = m.targets[p];
                const name = PRIORITY_LABEL[p];
                return (
                  <tr key={p} id={domId(`targets.${p}`)}>
                    <th scope="row">
                      <span className={`badge prio-${p}`}>{p.toUpperCase()}</span> {PRIORITY_WORD[p]}
                      <FieldError k={`targets.${p}`} />
                    </th>
                    <td>
                      <CellInput k={`targets.${p}.first_response`} label={`${name} first response`} value={t.first_response} placeholder="1h" onChange={(v) => edit((d) => void (d.targets[p].first_response = v))} />
                    </td>
                    <td>
                      <CellInput k={`targets.${p}.resolution`} label={`${name} resolution`} value={t.resolution} placeholder="8h" onChange={(v) => edit((d) => void (d.targets[p].resolution = v))} />
                    </td>
                    <td>
                      <CellSelect k={`targets.${p}.clock`} label={`${name} clock`} value={t.clock} options={CLOCK_OPTIONS} onChange={(v) => edit((d) => void (d.targets[p].clock = v))} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="field-hint">Durations: {DURATION_HINT}. Business-hours clocks count only the calendar's hours.</p>
        </Section>

        <Section id="sec-channels" title="Channels" count={counts["sec-channels"] ?? 0}>
          {m.channels.length === 0 && <p className="muted empty-rows">No support channels listed.</p>}
          <ol className="cards">
            {m.channels.map((c, i) => (
              <ChannelCard key={i} i={i} c={c} m={m} edit={edit} />
            ))}
          </ol>
          <AddButton
            label="Add channel"
            onClick={() => {
              const used = new Set(m.channels.map((c) => c.kind));
              const kind = CHANNEL_KINDS.find((k) => !used.has(k)) ?? "email";
              edit((d) => void d.channels.push({ kind, hours: { mode: "calendar" }, after_hours: "" }));
              focusSoon(domId(`channels[${m.channels.length}].kind`));
            }}
          />
        </Section>

        <Section id="sec-responsibilities" title="Customer responsibilities" count={counts["sec-responsibilities"] ?? 0}>
          {m.responsibilities.length === 0 && <p className="muted empty-rows">No customer responsibilities.</p>}
          <ol className="rows numbered">
            {m.responsibilities.map((r, i) => (
              <li key={i} className="row-line">
                <CellInput k={`responsibilities.items[${i}]`} label={`Responsibility ${i + 1}`} value={r} onChange={(v) => edit((d) => void (d.responsibilities[i] = v))} />
                <RemoveButton label={`Remove responsibility ${i + 1}`} onClick={() => edit((d) => void d.responsibilities.splice(i, 1))} />
              </li>
            ))}
          </ol>
          <AddButton
            label="Add responsibility"
            onClick={() => {
              edit((d) => void d.responsibilities.push(""));
              focusSoon(domId(`responsibilities.items[${m.responsibilities.length}]`));
            }}
          />
        </Section>

        <Section id="sec-escalation" title="Escalation ladder" count={counts["sec-escalation"] ?? 0}>
          {m.escalation.length === 0 ? (
            <p className="muted empty-rows">No escalation levels.</p>
          ) : (
            <table className="rows-table escalation">
              <thead>
                <tr>
                  <th scope="col" className="w-level">Level</th>
                  <th scope="col">Name</th>
                  <th scope="col" className="w-clock">Clock</th>
                  <th scope="col" className="w-at">At (% of target)</th>
                  <th scope="col">Contact</th>
                  <th scope="col" className="w-remove">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {m.escalation.map((e, i) => (
                  <EscalationRow key={i} i={i} e={e} edit={edit} />
                ))}
              </tbody>
            </table>
          )}
          <AddButton
            label="Add escalation level"
            onClick={() => {
              const next = Math.max(0, ...m.escalation.map((e) => Number(e.level) || 0)) + 1;
              edit((d) => void d.escalation.push({ level: String(next), name: "", clock: "resolution", at: "1.0", contact: "" }));
              focusSoon(domId(`escalation[${m.escalation.length}].name`));
            }}
          />
          <p className="field-hint">A level is reached when its clock has run this share of its target: 75 % is early warning, 150 % is well past the deadline.</p>
        </Section>

        <Section id="sec-reporting" title="Reporting" count={counts["sec-reporting"] ?? 0}>
          <div className="grid cols-4">
            <SelectField k="reporting.period" label="Period" value={m.reporting.period} options={PERIOD_OPTIONS} onChange={(v) => edit((d) => void (d.reporting.period = v))} />
            <PercentField
              k="reporting.compliance_target"
              label="Compliance target"
              hint="Share of tickets within target"
              value={m.reporting.compliance_target}
              onChange={(v) => edit((d) => void (d.reporting.compliance_target = v))}
            />
            <TextField
              k="reporting.csat_target"
              label="CSAT target"
              inputMode="decimal"
              hint="1 to 5; empty: none"
              value={m.reporting.csat_target}
              onChange={(v) => edit((d) => void (d.reporting.csat_target = v))}
            />
          </div>
        </Section>

        <Section id="sec-credits" title="Credits" count={counts["sec-credits"] ?? 0}>
          <div className="subsection">
            <h3>Per breach</h3>
            <div className="grid cols-4">
              {PRIORITIES.map((p) => (
                <TextField
                  key={p}
                  k={`credits.per_breach.${p}`}
                  label={PRIORITY_LABEL[p]}
                  placeholder="none"
                  inputMode="decimal"
                  value={m.credits.per_breach[p]}
                  onChange={(v) => edit((d) => void (d.credits.per_breach[p] = v))}
                />
              ))}
            </div>
            <p className="field-hint">An amount in {m.currency || "the currency"} (250.00) or a percent of the monthly fee (5%); empty: no credit.</p>
          </div>
          <div className="subsection">
            <h3 id="bands-title">Compliance bands</h3>
            {m.credits.bands.length === 0 ? (
              <p className="muted empty-rows">No bands: no credit for low monthly compliance.</p>
            ) : (
              <table className="rows-table bands" aria-labelledby="bands-title">
                <thead>
                  <tr>
                    <th scope="col">Compliance below</th>
                    <th scope="col">Credit (% of fee)</th>
                    <th scope="col" className="w-remove">
                      <span className="visually-hidden">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.credits.bands.map((b, i) => (
                    <tr key={i} id={domId(`credits.bands[${i}]`)}>
                      <td>
                        <PercentInput k={`credits.bands[${i}].below`} label={`Band ${i + 1} compliance below`} value={b.below} onChange={(v) => edit((d) => void (d.credits.bands[i]!.below = v))} />
                        <FieldError k={`credits.bands[${i}].below`} />
                        <FieldError k={`credits.bands[${i}]`} />
                      </td>
                      <td>
                        <span className="with-unit">
                          <CellInput k={`credits.bands[${i}].percent`} className="num" label={`Band ${i + 1} credit percent`} value={b.percent} onChange={(v) => edit((d) => void (d.credits.bands[i]!.percent = v))} />
                          <span aria-hidden="true">%</span>
                        </span>
                      </td>
                      <td>
                        <RemoveButton label={`Remove band ${i + 1}`} onClick={() => edit((d) => void d.credits.bands.splice(i, 1))} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <AddButton
              label="Add band"
              onClick={() => {
                edit((d) => void d.credits.bands.push({ below: "", percent: "" }));
                focusSoon(domId(`credits.bands[${m.credits.bands.length}].below`));
              }}
            />
          </div>
          <div className="grid cols-4">
            <TextField k="credits.cap_percent" label="Cap (% of fee)" inputMode="decimal" hint="Empty: no cap" value={m.credits.cap_percent} onChange={(v) => edit((d) => void (d.credits.cap_percent = v))} />
          </div>
        </Section>

        <Section id="sec-amendments" title="Amendments" count={counts["sec-amendments"] ?? 0}>
          <AmendmentList tail={m.amendments} errors={errors} />
        </Section>
      </form>
    </ErrorsContext.Provider>
  );
}
