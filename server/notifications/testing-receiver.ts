import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A webhook receiver on 127.0.0.1 for tests: records every request, answers with the next queued status (200 when none). */
export async function startReceiver() {
  const received: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(statuses.shift() ?? 200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Answer the next requests with these statuses, in order. */
    answer: (...codes: number[]) => void statuses.push(...codes),
    /** Forget queued statuses: answer 200 from now on. */
    reset: () => void statuses.splice(0),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
