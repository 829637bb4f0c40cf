/**
 * `req.signal`, kept working for as long as it is held. undici's Request follows the signal it was given through a
 * WeakRef to its own AbortController: once nothing holds the Request (a streamed answer outlives its handler), a
 * collection cuts the link and the caller's abort no longer reaches `req.signal`. The run event stream then kept
 * polling the database after its client had gone (server/runs/run-events.int.test.ts forces that collection). The
 * signal now holds its Request.
 */
export function requestSignal(req: Request): AbortSignal {
  Object.defineProperty(req.signal, Symbol.for("baton.request"), { value: req, configurable: true });
  return req.signal;
}
