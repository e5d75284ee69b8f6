/**
 * Start-up configuration from the environment (set by `npm start`, or by an administrator's
 * launcher): the profile server and PBX addresses and a user name to prefill. Parsed with zod
 * so a typo is reported in words instead of surfacing later as a failed connection.
 */
import { z } from 'zod';

const WebUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s):// address' });
const SocketUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// address' });

export const ShellConfig = z.object({
  /** Prefills the sign-in screen when nothing is remembered yet. */
  serverUrl: WebUrl.nullable(),
  /** The PBX's WebSocket address; without it the app syncs profiles but cannot call. */
  pbxUrl: SocketUrl.nullable(),
  prefillUser: z.string().trim().min(1).max(200).nullable(),
});
export type ShellConfig = z.infer<typeof ShellConfig>;

export function readShellConfig(env: NodeJS.ProcessEnv): { config: ShellConfig; problems: string[] } {
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
    },
    problems,
  };
}
