// The business calendar's holidays in the agreement form: a row each (date and name, typed
// here), with, for a stored agreement, where each one added from a calendar file came from
// (the file, its calendar, when and by whom), and the way to add more from an iCalendar file
// (HolidayImport.tsx). Every text is rendered as text.
import { backend } from "../../lib/ipc";
import { useLoad } from "../../components/common";
import { useSettings } from "../../lib/settings";
import { zoneFor } from "../../lib/time";
import { FieldError, RemoveButton, focusSoon } from "./controls";
import { AddButton, CellInput, type Edit } from "./fields";
import { HolidayImport, type StoredAgreement } from "./HolidayImport";
import { knownZone, sourceOf, sourceText } from "./holidays";
import { domId } from "./keys";
import type { AgreementModel } from "./model";

export function Holidays({ m, edit, stored }: { m: AgreementModel; edit: Edit; stored?: StoredAgreement }) {
  const { zone: choice } = useSettings();
  // Where the stored agreement's holidays came from (reloaded with each version, and whenever
  // the database changes).
  const listed = useLoad(() => (stored ? backend.agreementHolidays(stored.id) : Promise.resolve(undefined)), [stored?.id, stored?.version]);
  const zone = zoneFor(choice, knownZone(m.calendar.time_zone));
  const holidays = m.calendar.holidays;
  return (
    <div className="subsection">
      <h3 id="holidays-title">Holidays</h3>
      {holidays.length === 0 ? (
        <p className="muted empty-rows">No holidays: business hours apply every week of the year.</p>
      ) : (
        <table className="rows-table" aria-labelledby="holidays-title">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Name</th>
              <th scope="col" className="w-remove">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holidays.map((h, i) => {
              const from = sourceOf(listed.data, h.date, h.name);
              return (
                <tr key={i} id={domId(`calendar.holidays[${i}]`)}>
                  <td className="date">
                    <CellInput k={`calendar.holidays[${i}].date`} type="date" label={`Holiday ${i + 1} date`} value={h.date} onChange={(v) => edit((d) => void (d.calendar.holidays[i]!.date = v))} />
                  </td>
                  <td className="grow">
                    <CellInput k={`calendar.holidays[${i}].name`} label={`Holiday ${i + 1} name`} value={h.name} onChange={(v) => edit((d) => void (d.calendar.holidays[i]!.name = v))} />
                    {from && <small className="holiday-source">{sourceText(from, zone)}</small>}
                    <FieldError k={`calendar.holidays[${i}]`} />
                  </td>
                  <td>
                    <RemoveButton label={`Remove holiday ${i + 1}`} onClick={() => edit((d) => void d.calendar.holidays.splice(i, 1))} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <FieldError k="calendar.holidays" />
      {stored && listed.error && !listed.data && <p className="field-hint">Where each holiday came from could not be read: {listed.error.message}</p>}
      <div className="holiday-actions">
        <AddButton
          label="Add holiday"
          onClick={() => {
            edit((d) => void d.calendar.holidays.push({ date: "", name: "" }));
            focusSoon(domId(`calendar.holidays[${holidays.length}].date`));
          }}
        />
        {stored && <HolidayImport stored={stored} />}
      </div>
    </div>
  );
}
