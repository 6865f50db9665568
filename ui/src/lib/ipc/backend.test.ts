import { describe, expect, it } from "vitest";
import { BackendError, asBackendError, withoutCliFlags } from "./backend";

describe("errors reaching the screens", () => {
  it("keeps the backend's own code and details", () => {
    const e = asBackendError({ code: "conflict", message: "ticket T-1 was changed", details: [] });
    expect(e).toBeInstanceOf(BackendError);
    expect([e.code, e.message]).toEqual(["conflict", "ticket T-1 was changed"]);
  });

  it("calls anything else thrown a defect of the program, not a file problem", () => {
    expect(asBackendError(new TypeError("x is undefined")).code).toBe("internal");
    expect(asBackendError("stopped").code).toBe("internal");
    expect(asBackendError(undefined).message).toBe("Something went wrong");
  });
});

describe("the command line's flags", () => {
  const REFUSED = "agreement `CTRA-APC-WV-PREMIUM` is already in the database with different content: use --update to replace it";

  it("are not named to a person using the window: what holds here is said instead", () => {
    expect(withoutCliFlags(REFUSED)).toBe(
      "agreement `CTRA-APC-WV-PREMIUM` is already in the database with different content. Loading or importing never replaces a stored agreement: change it under Agreements.",
    );
    expect(withoutCliFlags("3 agreements differ; run again with --update")).toBe("3 agreements differ");
    expect(withoutCliFlags("use --update")).toBe("Loading or importing never replaces a stored agreement: change it under Agreements.");
    expect(withoutCliFlags("ticket `T-1` is already in the database with different data")).toBe("ticket `T-1` is already in the database with different data");
  });

  it("leave every error's message and located reasons", () => {
    const e = asBackendError({ code: "input", message: "1 problem was found; nothing was changed", details: [{ file: "premium.toml", line: 1, column: 1, key: "id", reason: REFUSED }] });
    expect(e.message).toBe("1 problem was found; nothing was changed");
    expect(e.details[0]?.reason).not.toContain("--update");
    expect(e.details[0]?.file).toBe("premium.toml");
    expect(new BackendError("conflict", REFUSED).message).not.toContain("--update");
  });
});
