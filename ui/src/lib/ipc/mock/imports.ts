// The mock's import wizard: the engine's answers exported in ./data/imports.json over the
// Zendesk fixtures (crates/app/tests/fixtures/zendesk), never computed. "Choosing files" picks
// those fixtures; a preview or an import answers for the starter profile or the fixtures' own,
// exactly as exported; any other profile text has no answer, and says so.
import type { ImportPreview, PickedExport, ProfileSummary, SourceImport } from "../bindings";
import { BackendError } from "../backend";
import { type Imports, unwrap } from "./data";

export interface MockImports {
  pickExport(): Promise<PickedExport | null>;
  previewImport(profile: string): Promise<ImportPreview>;
  importExport(profile: string): Promise<SourceImport>;
  importProfiles(): Promise<ProfileSummary[]>;
  importProfile(name: string): Promise<string>;
}

const missing = (what: string) =>
  new BackendError("rejected", `The in-browser mock has no answer for ${what}: it shows only the engine's answers exported for it (crates/app/examples/export-mock.rs).`);

/**
 * `load`: the exported answers; `cancel`: the dialog is cancelled; `changed`: announces a write;
 * `delayMs`: how long the import takes (the wizard's progress, as over a large export).
 */
export function createImports(load: () => Promise<Imports>, cancel: boolean, changed: () => void, delayMs = 0): MockImports {
  let picked = false;
  let imported = false;
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
    async importExport(profile) {
      if (!picked) throw new BackendError("rejected", "no export files are chosen: choose them first");
      const d = await load();
      if (d.import.profile !== profile) throw missing("an import by this profile (it has the fixtures' own)");
      if (delayMs > 0) await new Promise((done) => setTimeout(done, delayMs));
      const r = unwrap(d.import.result);
      imported = true;
      picked = false;
      changed();
      return r;
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
