/**
 * A cheaper `process.env` for the Baton process, with the same behaviour for everything Baton and its libraries do.
 *
 * The inngest SDK enumerates `process.env` (`Object.entries`) several times per request: once per call request and
 * once or twice per checkpoint, through `getProcessEnv()` behind its request headers. Node's `process.env` is a
 * native interceptor object whose enumeration costs ~1 µs per variable. In a profile of 200 concurrent 10-step runs
 * that walk was 29 % of all CPU (bench/README.md). The SDK cannot be told to cache it.
 *
 * `installProcessEnvSnapshot()` swaps `process.env` for a Proxy over a plain copy. Reads and enumeration hit the
 * copy (~2.7× cheaper per walk). Writes, `defineProperty` and deletes go to the real environment first (so Node
 * coerces values to strings and rejects what it rejects, with its own errors) and then to the copy: native code
 * (`TZ`, `os.homedir()`), child processes and worker threads see what they saw before.
 *
 * What it cannot do, so don't: write the environment around the Proxy after the swap (`process.loadEnvFile()`, a
 * Worker with `env: SHARE_ENV`, a native `setenv`, a `process.env` reference taken before the swap); those changes
 * reach the real environment but not the copy. A Proxy cannot be cloned: `structuredClone(process.env)` or posting
 * it to a worker throws (spread it into an object first). POSIX only: the copy's keys are case-sensitive, as
 * Windows' environment is not.
 *
 * Call it once, first thing in a process that serves Inngest requests. It is idempotent.
 */

const installed = Symbol.for("baton.processEnvSnapshot");

/** A data property as the real `process.env` has them (defined, so a variable named `__proto__` stays a variable). */
const put = (target: object, key: string, value: string | undefined) =>
  Reflect.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });

export function installProcessEnvSnapshot(): void {
  const proc = process as unknown as { env: NodeJS.ProcessEnv; [installed]?: true };
  if (proc[installed]) return;
  const real = proc.env;
  const copy: Record<string, string> = {};
  for (const [k, v] of Object.entries(real)) put(copy, k, v);
  proc.env = new Proxy(copy, {
    set(target, key, value) {
      (real as unknown as Record<string | symbol, unknown>)[key] = value; // Node coerces (or throws, for a symbol)
      return put(target, key as string, real[key as string]);
    },
    defineProperty(target, key, desc) {
      Object.defineProperty(real, key, desc); // throws Node's ERR_INVALID_OBJECT_DEFINE_PROPERTY where Node does
      return put(target, key as string, real[key as string]);
    },
    deleteProperty(target, key) {
      delete (real as unknown as Record<string | symbol, unknown>)[key];
      return Reflect.deleteProperty(target, key);
    },
  }) as NodeJS.ProcessEnv;
  proc[installed] = true;
}
