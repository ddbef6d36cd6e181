import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { waitFor } from '../support/wait-for.js';

export interface OwnServer {
  /** Kills the server outright, as a crash or a cut cable would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A server process a scenario owns, so it can kill and restart it without touching anyone else's. */
export async function ownServer(
  command: string,
  args: readonly string[],
  answers: () => Promise<boolean>,
  cleanUp: () => void,
): Promise<OwnServer> {
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(command, args, { stdio: 'ignore' });
    await waitFor(`${command} to answer`, answers, 30_000);
  };
  await start();
  return {
    async kill() {
      const exited = server && once(server, 'exit');
      server?.kill('SIGKILL');
      await exited;
    },
    restart: start,
    async stop() {
      // A killed server has a signalCode and no exitCode: it will not exit again.
      const exited =
        server && server.exitCode === null && server.signalCode === null ? once(server, 'exit') : undefined;
      server?.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}
