import { createServer } from 'node:net';

/** A port on 127.0.0.1 that another process holds (a second `npm start`, another service). */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    /** What wanted it, e.g. "the API". */
    readonly what: string,
    /** The option that chooses another, e.g. "--api-port". */
    readonly flag: string,
  ) {
    super(`port ${port} (${what}) is already in use`);
    this.name = 'PortInUseError';
  }
}

/** Resolves when `port` can be listened on at 127.0.0.1 (0 always can); checked before anything slow starts. */
export function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Throws PortInUseError unless `port` is free. */
export async function requirePortFree(port: number, what: string, flag: string): Promise<void> {
  if (!(await portFree(port))) throw new PortInUseError(port, what, flag);
}

/** A listen error as PortInUseError when the port was taken meanwhile; anything else unchanged. */
export function listenError(e: unknown, port: number, what: string, flag: string): unknown {
  return (e as NodeJS.ErrnoException)?.code === 'EADDRINUSE' ? new PortInUseError(port, what, flag) : e;
}

/** The first free port after `port` (for a suggestion), or undefined if none of the next 50 is. */
export async function nextFreePort(port: number): Promise<number | undefined> {
  for (let p = port + 1; p <= Math.min(65535, port + 50); p++) if (await portFree(p)) return p;
  return undefined;
}
