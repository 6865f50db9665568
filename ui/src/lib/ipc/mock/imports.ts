// The mock's import wizard: the engine's answers exported in ./data/imports.json over the
// Zendesk fixtures (crates/app/tests/fixtures/zendesk), never computed. "Choosing files" picks
// those fixtures; a preview or an import answers for the starter profile or the fixtures' own,
// exactly as exported; any other profile text has no answer, and says so.
import type { ImportPreview, ImportProgress, PickedExport, ProfileSummary, SourceImport } from "../bindings";
import { BackendError } from "../backend";
import { type Imports, unwrap } from "./data";

export interface MockImports {
  pickExport(): Promise<PickedExport | null>;
  previewImport(profile: string): Promise<ImportPreview>;
  importExport(profile: string, onProgress?: (p: ImportProgress) => void): Promise<SourceImport>;
  cancelImport(): Promise<boolean>;
  importProfiles(): Promise<ProfileSummary[]>;
  importProfile(name: string): Promise<string>;
}

const missing = (what: string) =>
  new BackendError("rejected", `The in-browser mock has no answer for ${what}: it shows only the engine's answers exported for it (crates/app/examples/export-mock.rs).`);

/**
 * `load`: the exported answers; `cancel`: the dialog is cancelled; `changed`: announces a write;
 * `delayMs`: how long the import takes (the wizard's progress, as over a large export): its reading
 * reports the files' bytes in ten steps, then it checks and writes, and it can be cancelled until it
 * writes, as the real one.
 */
export function createImports(load: () => Promise<Imports>, cancel: boolean, changed: () => void, delayMs = 0): MockImports {
  let picked = false;
  let imported = false;
  /** The running import's stage and whether it was asked to stop. */
  let running: { writing: boolean; cancel: boolean } | undefined;
  const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
  return {
    async pickExport() {
      if (cancel) return null;
      const d = await load();
      picked = true;
      return { files: d.files, detected: d.detected, template: d.template };
    },
    async previewImport(profile) {
      if (!picked) throw new BackendError("rejected", "no export files are chosen: choose them first");
      const d = await load();
      const found = d.previews.find((p) => p.profile === profile);
      if (!found) throw missing("a preview by this profile (it has the starter profile's and the fixtures' own)");
      return unwrap(found.result);
    },
    async importExport(profile, onProgress) {
      if (!picked) throw new BackendError("rejected", "no export files are chosen: choose them first");
      const d = await load();
      if (d.import.profile !== profile) throw missing("an import by this profile (it has the fixtures' own)");
      const run = { writing: false, cancel: false };
      running = run;
      try {
        const total = d.files.reduce((n, [, size]) => n + size, 0);
        const step = delayMs / 14;
        const stopped = () => {
          if (run.cancel) throw new BackendError("cancelled", "the import was cancelled: nothing was written");
        };
        onProgress?.({ stage: "reading", done: 0, total });
        for (let i = 1; delayMs > 0 && i <= 10; i++) {
          await pause(step);
          stopped();
          onProgress?.({ stage: "reading", done: Math.round((total * i) / 10), total });
        }
        onProgress?.({ stage: "checking", done: total, total });
        if (delayMs > 0) await pause(step);
        stopped();
        run.writing = true;
        onProgress?.({ stage: "writing", done: total, total });
        if (delayMs > 0) await pause(step * 3);
      } finally {
        running = undefined;
      }
      const r = unwrap(d.import.result);
      imported = true;
      picked = false;
      changed();
      return r;
    },
    async cancelImport() {
      if (!running || running.writing) return false;
      running.cancel = true;
      return true;
    },
    async importProfiles() {
      return imported ? unwrap((await load()).profiles) : [];
    },
    async importProfile(name) {
      const d = await load();
      const kept = imported ? unwrap(d.import.result).profile : undefined;
      if (name !== kept) throw new BackendError("not_found", `no profile \`${name}\``);
      return d.import.profile;
    },
  };
}
