// What the browser tests know of the mock's data: it is the real engine's answers as of one
// instant (ui/src/lib/ipc/mock/data/base.json, written by crates/app/examples/export-mock.rs),
// and the mock's "now" starts there. The months below are that instant's.
import { readFileSync } from "node:fs";

const base = JSON.parse(readFileSync(new URL("../../ui/src/lib/ipc/mock/data/base.json", import.meta.url), "utf8")) as { as_of: string };

/** The instant the mock's data is as of. */
export const AS_OF = base.as_of;

const name = (y: number, m: number) => {
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
};
const at = new Date(AS_OF);

/** The month of the data's instant (to date), the one before (ended) and the one after (not started). */
export const MONTHS = {
  current: name(at.getUTCFullYear(), at.getUTCMonth()),
  previous: name(at.getUTCFullYear(), at.getUTCMonth() - 1),
  next: name(at.getUTCFullYear(), at.getUTCMonth() + 1),
};

/** A fixture the mock's data was made from (ui/src/lib/ipc/mock/fixture/…), as text. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../../ui/src/lib/ipc/mock/fixture/${path}`, import.meta.url), "utf8");
}
