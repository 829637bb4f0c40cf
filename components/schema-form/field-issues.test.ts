import { describe, expect, it } from "vitest";
import { validateData, type DataSchema } from "@/core/contracts";
import { issuesByPath, issuesFromError, unplacedIssues } from "./field-issues";

const ticket: DataSchema = {
  type: "object",
  required: ["ticket"],
  additionalProperties: false,
  properties: {
    ticket: {
      type: "object",
      required: ["subject", "plan", "seats"],
      properties: {
        subject: { type: "string", minLength: 3 },
        plan: { type: "string", enum: ["free", "pro"] },
        seats: { type: "integer", minimum: 1, maximum: 50 },
        tags: { type: "array", maxItems: 1, items: { type: "string" } },
      },
    },
  },
};

describe("issues on fields", () => {
  it("puts each contract issue of the shared validator on its field with a field-sized message", () => {
    const issues = validateData(ticket, { ticket: { subject: "Hi", plan: "gold", seats: 2.5, tags: ["a", "b"] } });
    expect(issuesByPath(issues)).toEqual({
      "ticket.plan": ["Choose one of \"free\", \"pro\""],
      "ticket.seats": ["Must be a whole number"],
      "ticket.subject": ["At least 3 characters (now 2)"],
      "ticket.tags": ["At most 1 item (now 2)"],
    });
  });

  it("says Required for a missing field and names the bound that was crossed", () => {
    const issues = validateData(ticket, { ticket: { subject: "Help", seats: 0 } });
    expect(issuesByPath(issues)).toEqual({ "ticket.plan": ["Required"], "ticket.seats": ["Must be at least 1"] });
    expect(issuesByPath(validateData(ticket, { ticket: { subject: "Help", plan: "pro", seats: 51 } }))).toEqual({ "ticket.seats": ["Must be at most 50"] });
  });

  it("keeps issues no field can show (root, unknown keys) for the form's summary", () => {
    expect(unplacedIssues(ticket, validateData(ticket, []))).toMatchObject([{ path: "", expected: "object" }]);
    const extra = validateData(ticket, { ticket: { subject: "Help", plan: "pro", seats: 1 }, debug: true });
    expect(unplacedIssues(ticket, extra).map((i) => i.path)).toEqual(["debug"]);
    expect(unplacedIssues(ticket, validateData(ticket, { ticket: { subject: "Help", plan: "pro", seats: 0 } }))).toEqual([]);
  });
});

describe("issues from a server error", () => {
  it("reads the contract issues the service attached", () => {
    const issues = validateData(ticket, { ticket: { subject: "Help", plan: "pro" } });
    const error = { data: { details: { issues, fieldErrors: { "input.ticket.seats": ["ignored"] } } } };
    expect(issuesFromError(error, "input")).toEqual(issues);
  });

  it("falls back to field errors keyed under the prefix and keeps their messages", () => {
    const error = { data: { details: null, fieldErrors: { "output.reply": ["Too long"], output: ["Bad"], comment: ["x"] } } };
    const issues = issuesFromError(error, "output");
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["reply", "Too long"],
      ["", "Bad"],
    ]);
    expect(issuesByPath(issues)).toEqual({ reply: ["Too long"], "": ["Bad"] });
  });

  it("returns nothing for errors that are not about the value", () => {
    expect(issuesFromError({ data: { details: { status: "running" } } }, "input")).toEqual([]);
    expect(issuesFromError(null, "input")).toEqual([]);
  });
});
