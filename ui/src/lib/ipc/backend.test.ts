import { describe, expect, it } from "vitest";
import { BackendError, asBackendError } from "./backend";

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
