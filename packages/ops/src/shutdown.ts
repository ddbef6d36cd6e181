export interface ShutdownLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: `stop` closes things in order; a second signal while it
 * runs exits at once (an operator who presses Ctrl+C twice means it).
 */
export function onShutdown(log: ShutdownLog, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down gracefully');
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
