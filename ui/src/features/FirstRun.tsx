// The first screen on an empty database: import your own files, or load the demo set.
import { useNav } from "../route";
import type { Imports } from "./importing";

export function FirstRun({ location, imports }: { location: string; imports: Imports }) {
  const { go, notify } = useNav();
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to Accord</h1>
      <p className="lead">
        Keep your customer service agreements and the tickets that run under them, and see at every moment what
        each agreement promises: response and resolution clocks in business hours, escalations, compliance and
        service credits.
      </p>
      <p>
        This database is empty. Bring in agreements (TOML) with their tickets and events (CSV), or explore Accord
        with the demo set: three West Virginia agreements (Basic, Premium, Enterprise) and 600 tickets.
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={imports.busy} onClick={() => void imports.start(notify)}>
          Import agreements and tickets…
        </button>
        <button type="button" disabled={imports.busy} onClick={() => void imports.demo(notify)}>
          Load demo data
        </button>
        <button type="button" disabled={imports.busy} onClick={() => go({ name: "import" })} aria-describedby="helpdesk-first">
          Import from a helpdesk…
        </button>
      </div>
      {/* A helpdesk's tickets are placed under agreements by the profile's rules: with none in the
          database every ticket would be skipped, so the order is said before the wizard opens. */}
      <p id="helpdesk-first" className="hint" data-testid="helpdesk-first">
        Tickets from a helpdesk (a Zendesk export, or any CSV) run under agreements, so agreements come first: load the
        demo data or import your agreements (TOML), then import from a helpdesk. The wizard opens now too; it shows what
        the database is missing.
      </p>
      {imports.busy && (
        <p role="status" className="loading">
          Importing…
        </p>
      )}
      <p className="hint">
        Database: <code>{location}</code>
      </p>
    </section>
  );
}
