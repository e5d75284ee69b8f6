/**
 * The recordings directory: uploads are streamed to a temporary file there (refused past the
 * size cap), checked to be WAV, then kept under names the server makes (`<recording id>.wav`),
 * never a name a caller chose.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseWavHeader, type WavInfo } from './wav';

export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The recording is larger than ${limit} bytes`);
  }
}

export interface ReceivedFile {
  path: string;
  sizeBytes: number;
  wav: WavInfo | null;
}

export class RecordingFiles {
  constructor(private readonly dir: string) {}

  private async ready(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Streams `body` to a temporary file, failing with `TooLargeError` past `maxBytes`. */
  async receive(body: Readable, maxBytes: number): Promise<ReceivedFile> {
    await this.ready();
    const path = join(this.dir, `.upload-${randomUUID()}`);
    let size = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) done(new TooLargeError(maxBytes));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, cap, createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(Math.min(size, 4096));
      await handle.read(head, 0, head.length, 0);
      return { path, sizeBytes: size, wav: parseWavHeader(head, size) };
    } finally {
      await handle.close();
    }
  }

  /** Keeps a received file under the server's name for it (a copy when several users keep it). */
  async keep(received: string, fileName: string, copy: boolean): Promise<void> {
    if (copy) await copyFile(received, this.path(fileName));
    else await rename(received, this.path(fileName));
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async remove(fileName: string): Promise<void> {
    await rm(this.path(fileName), { force: true });
  }

  /** The file's bytes as a stream, or null when it is gone. */
  async read(fileName: string): Promise<{ stream: ReadStream; size: number } | null> {
    try {
      const { size } = await stat(this.path(fileName));
      return { stream: createReadStream(this.path(fileName)), size };
    } catch {
      return null;
    }
  }

  private path(fileName: string): string {
    if (!/^[0-9a-f-]{36}\.wav$/.test(fileName)) throw new Error(`Not a recording file name: ${fileName}`);
    return join(this.dir, fileName);
  }
}
