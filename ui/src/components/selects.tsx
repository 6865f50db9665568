// The labelled choices several screens share: tier, priority, agreement.
import type { AgreementChoice, Priority, Tier } from "../lib/ipc";
import { PRIORITY_LABEL, TIER_LABEL, keysOf } from "../lib/labels";

interface Choice<T> {
  value: T | "";
  onChange: (v: T | "") => void;
  /** The option meaning "any"; without it a value is required. */
  any?: string;
  label?: string;
}

export function TierSelect({ value, onChange, any, label = "Tier" }: Choice<Tier>) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as Tier | "")}>
        {any && <option value="">{any}</option>}
        {keysOf(TIER_LABEL).map((t) => (
          <option key={t} value={t}>
            {TIER_LABEL[t]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function PrioritySelect({ value, onChange, any, label = "Priority" }: Choice<Priority>) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as Priority | "")}>
        {any && <option value="">{any}</option>}
        {keysOf(PRIORITY_LABEL).map((p) => (
          <option key={p} value={p}>
            {PRIORITY_LABEL[p]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AgreementSelect({
  value,
  onChange,
  agreements,
  any,
  withId = false,
}: Choice<string> & { agreements: AgreementChoice[] | undefined; withId?: boolean }) {
  return (
    <label>
      Agreement
      <select value={value} required={!any} onChange={(e) => onChange(e.target.value)}>
        {any && <option value="">{any}</option>}
        {agreements?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.title}
            {withId ? ` (${a.id})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The distinct regions of a list of agreements, sorted, for a region filter or picker. */
export function regionsOf(agreements: readonly { region: string }[] | undefined): string[] {
  return [...new Set((agreements ?? []).map((a) => a.region).filter((r) => r !== ""))].sort((a, b) => a.localeCompare(b));
}
