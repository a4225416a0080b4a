import type { Logger } from 'pino';

/**
 * The last line of defence of a serving process (`skyportal start`). Every entry point guards
 * itself — requests through the error envelope, WebSocket frames in the hub, core's timers — so
 * an error that still arrives here escaped from plugin code (a timer, an event handler, a promise
 * nobody awaited). One such bug must not disconnect every user of the site: it is logged as an
 * error, with its stack, and the process keeps serving. Never silent: the log line is the bug report.
 *
 * Installed by the CLI only: `createApp` keeps no global state, and several apps may share a
 * process (tests, embedders — who may call this themselves).
 */
export function guardProcess(logger: Logger): () => void {
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection (a bug; the process keeps serving)');
  const onException = (error: Error, origin: string) => logger.error({ err: error, origin }, 'uncaught exception (a bug; the process keeps serving)');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
