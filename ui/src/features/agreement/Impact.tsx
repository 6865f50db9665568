// What saving a change of terms would do to the periods so far, as the what-if engine computed
// it (the backend's Proposal): each period whose figures move, before → after, how many tickets
// change outcome, and whether an issued statement will show a restatement. Only shown: every
// figure and sentence is the backend's.
import type { PeriodImpact, Proposal } from "../../lib/ipc";
import { instantsIn } from "../../lib/time";
import { useDisplayZone } from "../../lib/zones";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function Impact({ proposal }: { proposal: Proposal }) {
  const { impact, periods_compared: compared } = proposal;
  const zone = useDisplayZone()(proposal.agreement_id);
  return (
    <section className="impact" aria-labelledby="impact-title" data-testid="impact">
      <h3 id="impact-title">Impact on past periods</h3>
      <p role="status" data-testid="impact-summary">
        {impact.length === 0 ? (
          <>No past period changes ({plural(compared, "period", "periods")} compared).</>
        ) : (
          <>
            {plural(impact.length, "period changes", "periods change")} of the {plural(compared, "period", "periods")} compared:
          </>
        )}
      </p>
      {impact.map((p) => (
        <PeriodTable key={p.period} p={p} zone={zone} />
      ))}
    </section>
  );
}

function PeriodTable({ p, zone }: { p: PeriodImpact; zone: string | undefined }) {
  return (
    <div className="impact-period" data-period={p.period}>
      <table className="grid compact impact-figures" aria-label={`${p.period}: figures before and after`}>
        <caption>
          <strong>{p.period}</strong>
          {p.to_date && <span className="to-date-tag provisional">to date — provisional</span>}
          <span className="muted"> · {plural(p.tickets, "ticket changes", "tickets change")} outcome</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col" className="num">
              Before
            </th>
            <td aria-hidden="true" />
            <th scope="col" className="num">
              After
            </th>
          </tr>
        </thead>
        <tbody>
          {p.figures.map((f) => (
            <tr key={f.name}>
              <th scope="row">{f.name}</th>
              <td className="num">{f.before}</td>
              <td className="arrow" aria-hidden="true">
                →
              </td>
              <td className="num after">{f.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.issued && (
        <p className="impact-issued" role="note">
          <strong>Issued:</strong> {instantsIn(p.issued, zone)} — it stays as issued and will show a restatement.
        </p>
      )}
    </div>
  );
}
