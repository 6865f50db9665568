// The UI's "now": the computer's clock, except in the browser mock, whose data is the engine's
// answers as of one fixed instant (ui/src/lib/ipc/mock): there "now" starts at that instant and
// runs on from it, so the current month, the queue's countdowns and the data agree.

let offsetMs = 0;

/** Milliseconds since the epoch. */
export function nowMs(): number {
  return Date.now() + offsetMs;
}

/** Makes "now" this instant (milliseconds since the epoch), running on from it. */
export function startClockAt(ms: number): void {
  offsetMs = ms - Date.now();
}
