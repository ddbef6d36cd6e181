export interface ShutdownLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: `stop` closes things in order; a second signal while it
 * runs exits at once (an operator who presses Ctrl+C twice means it), and so does a stop that
 * outlasts `deadlineMs`, which is kept shorter than the orchestrator's grace period so the
 * process exits by itself rather than being killed mid-write.
 */
export function onShutdown(log: ShutdownLog, stop: () => Promise<void>, deadlineMs = 20_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineMs }, 'shutting down gracefully');
    setTimeout(() => {
      log.warn({ deadlineMs }, 'shutdown deadline passed, exiting now');
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
      () => log.info({}, 'stopped'),
      (error: Error) => {
        log.warn({ reason: error.message }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
