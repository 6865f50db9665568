// Display preferences and the database in use.
import { useState } from "react";
import { BackendError, type DatabaseSettings, backend } from "../lib/ipc";
import { type Theme, updateSettings, useSettings } from "../lib/settings";
import type { ZoneChoice } from "../lib/time";
import { ErrorPanel, Spinner, useAction, useLoad } from "../components/common";
import { useNav } from "../route";

export function SettingsView() {
  const s = useSettings();
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-head">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="form">
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
        <DatabaseSettingsView />
      </div>
    </section>
  );
}

function describe(d: DatabaseSettings): string {
  if (d.backend === "postgres") return "PostgreSQL (shared with your team)";
  if (d.backend === "sqlite") return "SQLite (a file on this computer)";
  if (d.backend === "none") return "None open";
  return d.backend;
}

/** Which database the app uses: the default file, another file, or a shared PostgreSQL server. */
function DatabaseSettingsView() {
  const { notify } = useNav();
  const settings = useLoad(() => backend.databaseSettings(), []);
  const overview = useLoad(() => backend.overview().catch(() => null), []);
  const action = useAction();
  const [url, setUrl] = useState("");
  const [password, setPassword] = useState("");

  const done = (d: DatabaseSettings | null | undefined) => {
    if (!d) return;
    settings.reload();
    overview.reload();
    setPassword("");
    notify(d.warning ?? `Now using ${d.backend === "postgres" ? "PostgreSQL" : "SQLite"}: ${d.location}`);
  };

  const d = settings.data;
  const o = overview.data;
  return (
    <fieldset className="database">
      <legend>Database</legend>
      {settings.error && <ErrorPanel error={settings.error} />}
      {!d && !settings.error && <Spinner />}
      {d && (
        <>
          {d.open_error && (
            <ErrorPanel
              error={new BackendError(d.open_error.code, d.open_error.message, d.open_error.details)}
              title="The database chosen at start could not be opened"
            />
          )}
          <dl className="facts">
            <dt>In use</dt>
            <dd>{describe(d)}</dd>
            {d.location && (
              <>
                <dt>Location</dt>
                <dd>
                  <code>{d.location}</code>
                </dd>
              </>
            )}
            {o && (
              <>
                <dt>Holds</dt>
                <dd>
                  {o.agreements} agreements, {o.tickets.toLocaleString("en")} tickets
                </dd>
              </>
            )}
          </dl>
          {d.from_environment && (
            <p className="muted">
              <code>ACCORD_DB</code> is set: it chooses the database at start. What you choose here applies now, and at
              start once it is unset.
            </p>
          )}
          <div className="row-actions">
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => backend.useDefaultDatabase()).then(done)}>
              Use the default file
            </button>
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => backend.chooseDatabaseFile(false)).then(done)}>
              Open a database file…
            </button>
            <button type="button" disabled={action.busy} onClick={() => void action.run(() => backend.chooseDatabaseFile(true)).then(done)}>
              New database file…
            </button>
          </div>
          <p className="muted">
            The default file is <code>{d.default_path}</code>.
          </p>
          <form
            className="postgres"
            aria-labelledby="pg-title"
            onSubmit={(e) => {
              e.preventDefault();
              void action.run(() => backend.usePostgres(url, password === "" ? null : password)).then(done);
            }}
          >
            <h3 id="pg-title">Shared PostgreSQL server</h3>
            <label>
              Server URL
              <input
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder="postgres://dana@db.example:5432/accord"
                spellCheck={false}
                autoComplete="off"
                required
              />
            </label>
            <label>
              Password
              <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" aria-describedby="pg-password-hint" />
            </label>
            <button type="submit" className="primary" disabled={action.busy || url.trim() === ""}>
              {action.busy ? "Connecting…" : "Connect"}
            </button>
            <p id="pg-password-hint" className="muted">
              Kept in the system keychain, never in a file. Leave it empty to use the one saved for this server.
            </p>
          </form>
          {action.error && <ErrorPanel error={action.error} title="The database was not changed" />}
        </>
      )}
    </fieldset>
  );
}
