// The display time zone of Settings, for the screens: one rule wherever an instant is shown
// (time.ts `zoneFor`). Lists (tickets, the queue, drill-downs) carry an agreement id but not its
// zone, so the agreements' zones are read once from their TOML (`calendar.time_zone`), kept
// here, and read again whenever the database changes.
import { useCallback, useSyncExternalStore } from "react";
import { backend } from "./ipc";
import { useSettings } from "./settings";
import { zoneFor, zoneOf } from "./time";

type Zones = ReadonlyMap<string, string | undefined>;

let zones: Zones = new Map();
let started = false;
let generation = 0;
const listeners = new Set<() => void>();

async function load(): Promise<void> {
  const gen = ++generation;
  try {
    const choices = await backend.agreementChoices();
    const read = await Promise.all(
      choices.map(async (c) => [c.id, await backend.agreementSource(c.id).then((s) => zoneOf(s.source), () => undefined)] as const),
    );
    if (gen !== generation) return;
    zones = new Map(read);
    for (const l of listeners) l();
  } catch {
    // Without the agreements, their instants are shown in the computer's zone until the next change.
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void load();
    backend.onDataChanged(() => void load());
  }
  return () => listeners.delete(listener);
}

/** Each agreement's own zone as its TOML states it (none while they load, or when it does not read). */
export function useAgreementZones(): ReadonlyMap<string, string | undefined> {
  return useSyncExternalStore(subscribe, () => zones);
}

/**
 * The zone to show instants in, by the display choice of Settings: `zone(agreementId)` for an
 * instant of an agreement's (a ticket's); `zone(ids)` for instants of several agreements (a
 * portfolio's), and `zone()` for those of every agreement: their zone when they share one.
 */
export function useDisplayZone(): (agreement?: string | readonly string[] | null) => string | undefined {
  const { zone: choice } = useSettings();
  const known = useAgreementZones();
  return useCallback(
    (agreement?: string | readonly string[] | null) => {
      if (typeof agreement === "string") return zoneFor(choice, known.get(agreement));
      // Ids that name no agreement (a portfolio's own line) say nothing of a zone.
      const ids = (agreement ?? [...known.keys()]).filter((id) => known.has(id));
      return zoneFor(choice, ids.map((id) => known.get(id)));
    },
    [choice, known],
  );
}
