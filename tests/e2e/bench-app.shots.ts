// Desktop app benchmarks (run by scripts/bench-app, not by the tests): over a database given in
// ACCORD_BENCH_DB, the time from starting the app to the first rendered queue row, the time of
// a queue refresh (the `queue` command through IPC, first 200 rows), and the resident memory of
// all the app's processes when idle. Prints one JSON line per figure.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { it } from "vitest";
import { startApp } from "./driver";

const db = process.env.ACCORD_BENCH_DB;
const runs = Number(process.env.ACCORD_BENCH_RUNS ?? 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Memory {
  rssKb: number;
  pssKb: number;
  byProcess: Record<string, number>;
}

function memoryOfApp(): Memory {
  // The app, and WebKit's web and network processes it starts. RSS counts the shared libraries
  // (WebKitGTK, the GL stack) once per process; PSS shares them out, so it sums to what the
  // processes cost the machine together.
  const out = execSync("ps -eo pid=,rss=,comm=", { encoding: "utf8" });
  const m: Memory = { rssKb: 0, pssKb: 0, byProcess: {} };
  for (const line of out.split("\n")) {
    const [pid, rss, comm] = line.trim().split(/\s+/);
    if (!pid || !comm || !(comm.startsWith("accord-desktop") || comm.startsWith("WebKitWebProces") || comm.startsWith("WebKitNetworkPr"))) continue;
    m.rssKb += Number(rss);
    m.byProcess[comm] = Math.round(Number(rss) / 1024);
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    m.pssKb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
  }
  return m;
}

it("measures the desktop app", async () => {
  if (!db) throw new Error("set ACCORD_BENCH_DB to a database URL");
  const starts: number[] = [];
  let refresh: number[] = [];
  let idle: Memory = { rssKb: 0, pssKb: 0, byProcess: {} };
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const s = await startApp({ ACCORD_DB: db });
    const b = s.browser;
    // The queue's default view rendered: its first row, or its empty state when nothing is due.
    await b.waitUntil(async () => b.execute(() => document.querySelector(".queue-row[data-ticket], .queue-list .empty") !== null), {
      timeout: 60_000,
      interval: 10,
    });
    starts.push(performance.now() - t0);
    if (run === runs - 1) {
      refresh = (await b.executeAsync((done: (v: number[]) => void) => {
        const invoke = (window as unknown as { __TAURI_INTERNALS__: { invoke: (c: string, a: unknown) => Promise<unknown> } })
          .__TAURI_INTERNALS__.invoke;
        const times: number[] = [];
        // Each of the queue's views in turn (with all four counts, as the screen asks).
        const views = ["due_soon", "breached", "waiting", "all"];
        (async () => {
          for (let i = 0; i < 30; i++) {
            const query = { agreement_id: null, tier: null, assignee: null, priority: null, text: "", view: views[i % 4], offset: 0, limit: 200 };
            const t = performance.now();
            await invoke("queue", { query });
            times.push(performance.now() - t);
          }
          done(times);
        })();
      })) as number[];
      await new Promise((r) => setTimeout(r, 10_000));
      idle = memoryOfApp();
    }
    await s.stop();
  }
  const line = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, ...extra }));
  line("cold start to first queue row (median)", median(starts), "ms", { runs: starts.map(Math.round) });
  line("queue refresh, 200 rows of each view in turn, with the four counts, through IPC (median of 30)", median(refresh), "ms", { max: Math.round(Math.max(...refresh)) });
  line("idle RSS of all app processes", idle.rssKb / 1024, "MiB", { by_process: idle.byProcess });
  line("idle PSS of all app processes", idle.pssKb / 1024, "MiB");
});
