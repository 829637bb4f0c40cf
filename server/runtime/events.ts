/**
 * How services emit Inngest events without importing the Inngest client (server/ sits below
 * inngest/): the edge passes `inngest` (or a test client), which satisfies this shape.
 */
export interface OutgoingEvent {
  name: string;
  data: Record<string, unknown>;
  /** Deduplication id: the engine and Inngest Cloud drop a second event with the same id. */
  id?: string;
}

export interface EventSender {
  send(events: OutgoingEvent | OutgoingEvent[]): Promise<unknown>;
}
