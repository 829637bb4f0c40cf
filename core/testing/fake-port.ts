import type { PortEvent, StepPort } from "../interpreter/ports";
import type { EscalationResolution } from "../interpreter/escalation";

/**
 * In-memory StepPort for tests. It fails on a reused step id (what would break an
 * Inngest replay) and answers escalations from a script keyed by the wait's step id.
 */
export class FakePort implements StepPort {
  readonly ids: string[] = [];
  readonly sent: PortEvent[] = [];
  readonly sleeps: Array<{ id: string; duration: string }> = [];
  readonly waits: Array<{ id: string; event: string; timeout: string; if?: string }> = [];
  readonly invocations: Array<{ id: string; process: string; version?: number; input: unknown }> = [];

  constructor(
    private readonly decisions: Record<string, EscalationResolution | null> = {},
    private readonly subprocess?: (process: string, input: unknown) => unknown,
  ) {
    if (!subprocess) this.invoke = undefined;
  }

  private claim(id: string) {
    if (this.ids.includes(id)) throw new Error(`step id "${id}" used twice`);
    this.ids.push(id);
  }

  async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
    this.claim(id);
    return JSON.parse(JSON.stringify(await fn())) as T;
  }

  async sleep(id: string, duration: string): Promise<void> {
    this.claim(id);
    this.sleeps.push({ id, duration });
  }

  async waitForEvent(id: string, options: { event: string; timeout: string; if?: string }): Promise<PortEvent | null> {
    this.claim(id);
    this.waits.push({ id, ...options });
    await Promise.resolve(); // let the paired sendEvent run first, as on a real engine
    if (!(id in this.decisions)) throw new Error(`no scripted decision for "${id}"`);
    const decision = this.decisions[id];
    if (!decision) return null;
    return { name: options.event, data: { ...decision } };
  }

  async sendEvent(id: string, event: PortEvent): Promise<void> {
    this.claim(id);
    this.sent.push(event);
  }

  invoke?: StepPort["invoke"] = async (id, options) => {
    this.claim(id);
    this.invocations.push({ id, ...options });
    return this.subprocess!(options.process, options.input);
  };
}
