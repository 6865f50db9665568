// The window: a sidebar of screens, the current screen, and a status line. The menu, its
// shortcuts and clicked notifications arrive from the shell as events.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { backend } from "./lib/ipc";
import { ErrorPanel, Spinner, useLoad } from "./components/common";
import { type LeaveGuard, type Nav, NavContext, type Route, saveRoute, savedRoute, screenRoute } from "./route";
import { ConfirmDialog } from "./components/Dialog";
import { FirstRun } from "./features/FirstRun";
import { QueueView } from "./features/Queue";
import { AgreementList } from "./features/AgreementList";
import { AgreementEditor } from "./features/AgreementEditor";
import { TicketList } from "./features/TicketList";
import { TicketPage } from "./features/TicketPage";
import { NewTicket } from "./features/NewTicket";
import { SettingsView } from "./features/Settings";
import { DashboardView } from "./features/Dashboard";
import { WhatIfView } from "./features/WhatIf";
import { DemoConfirm, ImportErrorPanel, useImport } from "./features/importing";
import { ImportWizard } from "./features/ImportWizard";

const SCREENS: { name: Route["name"]; label: string; key: string }[] = [
  { name: "queue", label: "Queue", key: "1" },
  { name: "agreements", label: "Agreements", key: "2" },
  { name: "tickets", label: "Tickets", key: "3" },
  { name: "dashboard", label: "Dashboard", key: "4" },
  { name: "what-if", label: "What-if", key: "5" },
  { name: "settings", label: "Settings", key: "," },
];

function section(r: Route): Route["name"] {
  // The wizard is reached from the Agreements screen's import area.
  if (r.name === "agreement" || r.name === "import") return "agreements";
  // A ticket belongs where it was opened from.
  if (r.name === "ticket") return r.back ? section(r.back) : "tickets";
  if (r.name === "new-ticket") return "tickets";
  return r.name;
}

export function App() {
  const [route, setRoute] = useState<Route>(savedRoute);
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  const overview = useLoad(() => backend.overview(), []);
  const main = useRef<HTMLElement>(null);
  const imports = useImport();
  // File › Load demo data on a database with data asks first (the first-run screen loads at once).
  const [askDemo, setAskDemo] = useState(false);

  const move = useCallback((r: Route, focus: boolean) => {
    setRoute(r);
    saveRoute(r);
    // Move focus to the new screen so keyboard users land where they went.
    if (focus) requestAnimationFrame(() => main.current?.focus());
  }, []);
  // The current screen's guard: every route change asks it first (see useLeaveGuard).
  const leaveGuard = useRef<LeaveGuard | null>(null);
  const [leaving, setLeaving] = useState<{ to: Route; what: string; focus: boolean }>();
  const shown = useRef(route);
  shown.current = route;
  const navigate = useCallback(
    (r: Route, focus: boolean) => {
      const what = JSON.stringify(r) === JSON.stringify(shown.current) ? null : (leaveGuard.current?.() ?? null);
      if (what === null) move(r, focus);
      else setLeaving({ to: r, what, focus });
    },
    [move],
  );
  const go = useCallback((r: Route) => navigate(r, true), [navigate]);
  const replace = useCallback((r: Route) => navigate(r, false), [navigate]);
  const guard = useCallback((ask: LeaveGuard) => {
    leaveGuard.current = ask;
    return () => {
      if (leaveGuard.current === ask) leaveGuard.current = null;
    };
  }, []);
  const notify = useCallback((text: string) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t, { id, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  }, []);
  const nav: Nav = useMemo(() => ({ route, go, replace, notify, guard }), [route, go, replace, notify, guard]);

  useEffect(
    () =>
      backend.onMenu((action) => {
        switch (action) {
          case "show_queue":
            return go({ name: "queue" });
          case "show_agreements":
            return go({ name: "agreements" });
          case "show_tickets":
            return go({ name: "tickets" });
          case "show_dashboard":
            return go(screenRoute("dashboard"));
          case "show_what_if":
            return go(screenRoute("what-if"));
          case "show_settings":
            return go({ name: "settings" });
          case "new_ticket":
            return go({ name: "new-ticket" });
          case "new_agreement":
            return go({ name: "agreement", id: null });
          case "import":
            return void imports.start(notify);
          case "load_demo": {
            const o = overview.data;
            if (o && (o.agreements > 0 || o.tickets > 0)) return setAskDemo(true);
            return void imports.demo(notify);
          }
          case "reload":
            return overview.reload();
          case "about":
            return notify("Accord 0.1.0: customer service agreements, their tickets and the numbers they promise.");
        }
      }),
    [go, notify, imports, overview],
  );
  useEffect(() => backend.onOpenTicket((id) => go({ name: "ticket", id })), [go]);

  const o = overview.data;
  const empty = o !== undefined && o.agreements === 0;

  return (
    <NavContext.Provider value={nav}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <nav className="sidebar" aria-label="Screens">
          <div className="brand" aria-hidden="true">
            <img src="/icon.png" alt="" width={28} height={28} />
            Accord
          </div>
          <ul>
            {SCREENS.map((s) => (
              <li key={s.name}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={section(route) === s.name ? "page" : undefined}
                  onClick={() => go(screenRoute(s.name))}
                  title={`${s.label} (Ctrl+${s.key})`}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot">
            {o && (
              <p className="db" title={o.location}>
                <span className="visually-hidden">Database: </span>
                {o.backend === "postgres" ? "PostgreSQL" : o.backend === "sqlite" ? "SQLite" : o.backend} ·{" "}
                {o.tickets.toLocaleString("en")} {o.tickets === 1 ? "ticket" : "tickets"}
              </p>
            )}
          </div>
        </nav>
        <main id="main" ref={main} tabIndex={-1} className="content">
          {overview.error && route.name !== "settings" && (
            <>
              <ErrorPanel error={overview.error} title="The database is not available" />
              <p>
                <button type="button" className="primary" onClick={() => go({ name: "settings" })}>
                  Choose a database in Settings
                </button>
              </p>
            </>
          )}
          {imports.error && <ImportErrorPanel imports={imports} />}
          {!o && !overview.error && <Spinner />}
          {/* Settings work without a database: that is where another one is chosen. */}
          {!o && overview.error && route.name === "settings" && <Screen route={route} />}
          {/* The wizard opens on an empty database too: there it says agreements come first, and
              the back end's answer says what is missing. */}
          {o && (empty && route.name !== "settings" && route.name !== "import" ? <FirstRun location={o.location} imports={imports} /> : <Screen route={route} />)}
        </main>
      </div>
      {leaving && (
        <ConfirmDialog
          title="Leave without saving?"
          confirm="Leave"
          cancel="Stay"
          tone="danger"
          onCancel={() => setLeaving(undefined)}
          onConfirm={() => {
            // Left on purpose: the screen's guard goes with it.
            leaveGuard.current = null;
            setLeaving(undefined);
            move(leaving.to, leaving.focus);
          }}
        >
          <p>Your changes to {leaving.what} will be lost.</p>
        </ConfirmDialog>
      )}
      {askDemo && o && (
        <DemoConfirm
          overview={o}
          onCancel={() => setAskDemo(false)}
          onConfirm={() => {
            setAskDemo(false);
            void imports.demo(notify);
          }}
        />
      )}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className="toast">
            {t.text}
          </div>
        ))}
      </div>
    </NavContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case "queue":
      return <QueueView />;
    case "agreements":
      return <AgreementList />;
    case "agreement":
      return <AgreementEditor key={route.id ?? "new"} id={route.id} />;
    case "tickets":
      return <TicketList />;
    case "ticket":
      return <TicketPage key={route.id} id={route.id} back={route.back} />;
    case "new-ticket":
      return <NewTicket agreementId={route.agreementId} />;
    case "dashboard":
      return <DashboardView scope={route.scope} period={route.period} reopen={route.drill} />;
    case "what-if":
      return <WhatIfView agreementId={route.agreementId} period={route.period} />;
    case "settings":
      return <SettingsView />;
    case "import":
      return <ImportWizard />;
  }
}
