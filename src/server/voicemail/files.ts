/**
 * The voicemail directory: messages and users' own greetings, each a WAV file under a name the
 * server makes (`<uuid>.wav`), never one a caller chose. Files are written to a temporary name
 * first and renamed, so a reader never sees half a file.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class VoicemailFiles {
  constructor(private readonly dir: string) {}

  /** Writes `bytes` under a new name and returns it. */
  async write(bytes: Uint8Array): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const fileName = `${randomUUID()}.wav`;
    const temporary = join(this.dir, `.write-${fileName}`);
    try {
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, this.path(fileName));
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return fileName;
  }

  /** The file's bytes, or null when it is gone. */
  async read(fileName: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(fileName));
    } catch {
      return null;
    }
  }

  async remove(fileName: string): Promise<void> {
    await rm(this.path(fileName), { force: true });
  }

  private path(fileName: string): string {
    if (!/^[0-9a-f-]{36}\.wav$/.test(fileName)) throw new Error(`Not a voicemail file name: ${fileName}`);
    return join(this.dir, fileName);
  }
}
