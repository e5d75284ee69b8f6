/**
 * The harness's wire format between the page and the Node process: the same two Electron IPC
 * primitives the preload uses (`invoke` a channel and get a reply, main `send`s to a channel),
 * carried as JSON over a loopback WebSocket. The page therefore runs the real preload API
 * (`createSoftphoneApi`) and the Node side the same contract checks as the Electron shell.
 */
import { z } from 'zod';

export const PageToHarness = z.object({
  t: z.literal('invoke'),
  id: z.int().min(0),
  channel: z.string().max(100),
  args: z.array(z.unknown()).max(4),
});
export type PageToHarness = z.infer<typeof PageToHarness>;

export const HarnessToPage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('reply'), id: z.int().min(0), reply: z.unknown() }),
  z.object({ t: z.literal('send'), channel: z.string().max(100), args: z.array(z.unknown()).max(4) }),
]);
export type HarnessToPage = z.infer<typeof HarnessToPage>;

/** What the served index.html hands the injected bridge script. */
export const HarnessPageConfig = z.object({
  contractUrl: z.string().startsWith('ws://127.0.0.1:'),
  mediaUrl: z.string().startsWith('ws://127.0.0.1:').nullable(),
});
export type HarnessPageConfig = z.infer<typeof HarnessPageConfig>;

/** Global the served page defines before the bridge script runs. */
export const CONFIG_GLOBAL = '__softphoneHarnessConfig';
