/**
 * The Node end of the harness's contract carrier: a loopback WebSocket server (token in the
 * URL) that answers the page's `invoke`s on the contract's channels with reply envelopes and
 * pushes every slice change, exactly what the Electron shell's IPC does for the window.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CHANNELS, SoftphoneError, commands, events, parseCommand } from '../../src/shared/ipc';
import type { CommandName, EventName, ParsedArgs, SoftphoneApi } from '../../src/shared/ipc';
import type { InvokeReply } from '../../src/shared/ipc-reply';
import { PageToHarness, type HarnessToPage } from './protocol';

export interface ContractServer {
  /** `ws://127.0.0.1:PORT/contract?token=…` */
  readonly url: string;
  close(): Promise<void>;
}

function failure(error: unknown, fallback: 'failed' | 'invalid_argument'): InvokeReply {
  // with its text, as the shell's dispatcher sends it (forms place a refusal by its key)
  if (error instanceof SoftphoneError) {
    const { code, message, text, fields } = error;
    return { ok: false, error: { code, message, ...(text === undefined ? {} : { text }), ...(fields === undefined ? {} : { fields }) } };
  }
  return { ok: false, error: { code: fallback, message: error instanceof Error ? error.message : String(error) } };
}

/** Validates, runs and checks one command the way the shell's dispatcher does. */
async function dispatch(api: SoftphoneApi, name: unknown, args: unknown): Promise<InvokeReply> {
  let command: CommandName;
  let parsedArgs: ParsedArgs<CommandName>;
  try {
    ({ name: command, args: parsedArgs } = parseCommand(String(name), args));
  } catch (error) {
    return failure(error, 'invalid_argument');
  }
  try {
    const result = await api.invoke(command, parsedArgs);
    const checked = commands[command].result.safeParse(result);
    if (!checked.success) return { ok: false, error: { code: 'failed', message: `${command}: the result breaks the contract` } };
    return { ok: true, result: checked.data };
  } catch (error) {
    return failure(error, 'failed');
  }
}

export async function serveContract(api: SoftphoneApi, log: (message: string) => void = () => undefined): Promise<ContractServer> {
  const token = randomBytes(18).toString('base64url');
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/contract',
    maxPayload: 8_000_000,
    verifyClient: ({ req }: { req: { url?: string } }) => new URL(req.url ?? '/', 'http://x').searchParams.get('token') === token,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  server.on('connection', (socket: WebSocket) => {
    const push = (message: HarnessToPage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribers = (Object.keys(events) as EventName[]).map((name) =>
      api.on(name, (payload) => push({ t: 'send', channel: CHANNELS.event, args: [name, payload] })),
    );
    socket.on('close', () => unsubscribers.forEach((unsubscribe) => unsubscribe()));
    const onMessage = async (data: RawData) => {
      let parsed;
      try {
        parsed = PageToHarness.safeParse(JSON.parse(String(data)));
      } catch {
        log('harness: dropped a message that is not JSON');
        return;
      }
      if (!parsed.success) {
        log('harness: dropped a message that is not an invoke');
        return;
      }
      const { id, channel, args } = parsed.data;
      let reply: InvokeReply;
      if (channel === CHANNELS.invoke) reply = await dispatch(api, args[0], args[1] ?? null);
      else if (channel === CHANNELS.snapshot) {
        try {
          reply = { ok: true, result: await api.snapshot() };
        } catch (error) {
          reply = failure(error, 'failed');
        }
      } else reply = { ok: false, error: { code: 'invalid_argument', message: `Unknown channel ${channel.slice(0, 40)}` } };
      if (id > 0) push({ t: 'reply', id, reply });
    };
    socket.on('message', (data) => {
      onMessage(data).catch((error: unknown) => log(`harness: a message failed: ${String(error)}`));
    });
  });

  return {
    url: `ws://127.0.0.1:${port}/contract?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
