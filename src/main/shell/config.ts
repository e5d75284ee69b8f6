/**
 * Start-up configuration from the environment (set by `npm start`, or by an administrator's
 * launcher): the profile server and PBX addresses and a user name to prefill. Parsed with zod
 * so a typo is reported in words instead of surfacing later as a failed connection.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const WebUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s):// address' });
const SocketUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// address' });

export const ShellConfig = z.object({
  /** Prefills the sign-in screen when nothing is remembered yet. */
  serverUrl: WebUrl.nullable(),
  /** The PBX's WebSocket address; without it the app syncs profiles but cannot call. */
  pbxUrl: SocketUrl.nullable(),
  prefillUser: z.string().trim().min(1).max(200).nullable(),
  /**
   * Extra CA certificates (PEM) the SIP connection trusts for a wss:// PBX besides the system's:
   * a company CA, or the development CA of `npm start` with TLS. Read from the file named by
   * SOFTPHONE_EXTRA_CA. Certificates are always verified.
   */
  trustedCa: z.string().nullable(),
});
export type ShellConfig = z.infer<typeof ShellConfig>;

export function readShellConfig(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): { config: ShellConfig; problems: string[] } {
  const problems: string[] = [];
  const pick = <T>(name: string, schema: z.ZodType<T>): T | null => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return null;
    const parsed = schema.safeParse(value.trim());
    if (parsed.success) return parsed.data;
    problems.push(`${name} ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${value.slice(0, 100)}"); it is ignored.`);
    return null;
  };
  return {
    config: {
      serverUrl: pick('SOFTPHONE_SERVER_URL', WebUrl),
      pbxUrl: pick('SOFTPHONE_PBX_URL', SocketUrl),
      prefillUser: pick('SOFTPHONE_PREFILL_USER', z.string().trim().min(1).max(200)),
      trustedCa: readTrustedCa(env.SOFTPHONE_EXTRA_CA, readFile, problems),
    },
    problems,
  };
}

function readTrustedCa(
  path: string | undefined,
  readFile: (path: string) => string,
  problems: string[],
): string | null {
  if (path === undefined || path.trim() === '') return null;
  let pem: string;
  try {
    pem = readFile(path.trim());
  } catch (error) {
    problems.push(`SOFTPHONE_EXTRA_CA names a file that cannot be read (${error instanceof Error ? error.message : String(error)}); it is ignored.`);
    return null;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`SOFTPHONE_EXTRA_CA (${path.trim()}) holds no PEM certificate; it is ignored.`);
    return null;
  }
  return pem;
}
