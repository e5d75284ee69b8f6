/**
 * The shell's logger. The composition root points it at the app's rotating log file
 * (`useShellLogger`) before anything else runs; until then, and in tests that build one shell
 * piece on its own, lines go to stderr (redacted, at SOFTPHONE_LOG_LEVEL).
 */
import { stderrLogger, type Logger } from '../logging/logger';

let target: Logger | null = null;
const current = (): Logger => (target ??= stderrLogger());

export const shellLog: Logger = {
  debug: (message, ...details) => current().debug(message, ...details),
  info: (message, ...details) => current().info(message, ...details),
  warn: (message, ...details) => current().warn(message, ...details),
  error: (message, ...details) => current().error(message, ...details),
};

export function useShellLogger(logger: Logger): void {
  target = logger;
}
