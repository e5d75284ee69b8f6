/**
 * The desktop app's log: redacted lines in `<user data>/logs/softphone.log`, rotated by size
 * (rotating-file-stream keeps the last few files), at the level SOFTPHONE_LOG_LEVEL names.
 */
import { join } from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { createLineLogger, type LogLevel, type Logger } from './logger';

export interface LogFileOptions {
  /** The folder of the log files: the shell passes `<user data>/logs`. */
  dir: string;
  level: LogLevel;
  fileName?: string;
  /** Rotate when the file reaches this size (rotating-file-stream syntax). */
  size?: `${number}${'B' | 'K' | 'M' | 'G'}`;
  /** How many rotated files are kept. */
  maxFiles?: number;
  now?: () => Date;
}

export interface LogFile extends Logger {
  readonly path: string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export function openLogFile(options: LogFileOptions): LogFile {
  const fileName = options.fileName ?? 'softphone.log';
  let stream: RotatingFileStream | null = null;
  let failed = false;
  const write = (line: string): void => {
    if (failed) return;
    if (stream === null) {
      stream = createStream(fileName, {
        path: options.dir,
        size: options.size ?? '5M',
        maxFiles: options.maxFiles ?? 5,
        mode: 0o600,
      });
      // A log that cannot be written must never take the app down.
      stream.on('error', () => {
        failed = true;
      });
    }
    stream.write(line);
  };
  const logger = createLineLogger({ level: options.level, write, now: options.now });
  return {
    ...logger,
    path: join(options.dir, fileName),
    close: () =>
      new Promise<void>((resolve) => {
        if (stream === null || failed) return resolve();
        stream.once('error', () => resolve());
        stream.end(() => resolve());
      }),
  };
}
