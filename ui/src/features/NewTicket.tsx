// A new ticket under an agreement: its clocks start at the opening instant.
import { useEffect, useMemo, useState } from "react";
import { type ChannelKind, type Priority, backend } from "../lib/ipc";
import { ErrorPanel, Spinner, useAction, useLoad } from "../components/common";
import { useNav } from "../route";
import { AgreementSelect, PrioritySelect } from "../components/selects";
import { CHANNEL_LABEL, keysOf } from "../lib/labels";

export function NewTicket({ agreementId }: { agreementId?: string }) {
  const { go, notify } = useNav();
  const agreements = useLoad(() => backend.agreementChoices(), []);
  const [agreement, setAgreement] = useState(agreementId ?? "");
  const [priority, setPriority] = useState<Priority>("p3");
  const [channel, setChannel] = useState<ChannelKind>("phone");
  const [category, setCategory] = useState("");
  const [customer, setCustomer] = useState("");
  const [subject, setSubject] = useState("");
  const [id, setId] = useState("");
  const action = useAction();
  const scope = useMemo(() => agreements.data?.find((a) => a.id === agreement)?.scope ?? [], [agreements.data, agreement]);
  useEffect(() => {
    if (!agreement && agreements.data?.[0]) setAgreement(agreements.data[0].id);
  }, [agreement, agreements.data]);
  useEffect(() => {
    if (!scope.includes(category)) setCategory(scope[0] ?? "");
  }, [scope, category]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const newId = await backend.openTicket({
        id,
        agreement_id: agreement,
        opened_at: "",
        priority,
        channel,
        category,
        customer,
        subject,
      });
      notify(`Ticket ${newId} opened; its clocks are running.`);
      go({ name: "ticket", id: newId });
    });
  };

  if (agreements.error) return <ErrorPanel error={agreements.error} />;
  if (!agreements.data) return <Spinner />;
  return (
    <section className="screen" aria-labelledby="new-ticket-title">
      <header className="screen-head">
        <div>
          <button type="button" className="link back" onClick={() => go({ name: "tickets" })}>
            ← Tickets
          </button>
          <h1 id="new-ticket-title">New ticket</h1>
        </div>
      </header>
      {action.error && <ErrorPanel error={action.error} title="The ticket was not opened" />}
      <form className="form" onSubmit={submit}>
        <AgreementSelect value={agreement} onChange={setAgreement} agreements={agreements.data} withId />
        <div className="row">
          <PrioritySelect value={priority} onChange={(p) => p && setPriority(p)} />
          <label>
            Channel
            <select value={channel} onChange={(e) => setChannel(e.target.value as ChannelKind)}>
              {keysOf(CHANNEL_LABEL).map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Category
            <select required value={category} onChange={(e) => setCategory(e.target.value)}>
              {scope.map((c) => (
                <option key={c} value={c}>
                  {c.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Subject
          <input required value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={500} />
        </label>
        <label>
          Customer
          <input value={customer} onChange={(e) => setCustomer(e.target.value)} placeholder="Name or account number" maxLength={200} />
        </label>
        <label>
          Ticket id <span className="muted">(leave empty for the next number)</span>
          <input value={id} onChange={(e) => setId(e.target.value)} maxLength={64} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy || !agreement || !category}>
            {action.busy ? "Opening…" : "Open ticket"}
          </button>
        </div>
      </form>
    </section>
  );
}
