// Display preferences and the database in use.
import { backend } from "../lib/ipc";
import { type Theme, updateSettings, useSettings } from "../lib/settings";
import type { ZoneChoice } from "../lib/time";
import { ErrorPanel, useLoad } from "../components/common";

export function SettingsView() {
  const s = useSettings();
  const overview = useLoad(() => backend.overview(), []);
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <form className="form" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Appearance</legend>
          <label>
            Theme
            <select value={s.theme} onChange={(e) => updateSettings({ theme: e.target.value as Theme })}>
              <option value="system">Follow the system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label>
            Show times in
            <select value={s.zone} onChange={(e) => updateSettings({ zone: e.target.value as ZoneChoice })}>
              <option value="agreement">The agreement's time zone</option>
              <option value="local">This computer's time zone ({localZone})</option>
              <option value="utc">UTC</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>You</legend>
          <label>
            Your name, as tickets are assigned to you
            <input value={s.me} onChange={(e) => updateSettings({ me: e.target.value })} placeholder="e.g. Dana Whitfield" />
          </label>
        </fieldset>
        <fieldset>
          <legend>Database</legend>
          {overview.error && <ErrorPanel error={overview.error} />}
          {overview.data && (
            <dl className="facts">
              <dt>Kind</dt>
              <dd>{overview.data.backend === "postgres" ? "PostgreSQL (shared)" : "SQLite (this computer)"}</dd>
              <dt>Location</dt>
              <dd>
                <code>{overview.data.location}</code>
              </dd>
              <dt>Holds</dt>
              <dd>
                {overview.data.agreements} agreements, {overview.data.tickets.toLocaleString("en")} tickets
              </dd>
            </dl>
          )}
        </fieldset>
      </form>
    </section>
  );
}
