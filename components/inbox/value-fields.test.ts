import { describe, expect, it } from "vitest";
import { humanizeKey } from "./value-fields";

describe("humanizeKey", () => {
  it("turns keys into labels a reviewer reads", () => {
    expect(humanizeKey("customerEmail")).toBe("Customer email");
    expect(humanizeKey("order_id")).toBe("Order id");
    expect(humanizeKey("reply")).toBe("Reply");
    expect(humanizeKey("send-reply")).toBe("Send reply");
  });
});
