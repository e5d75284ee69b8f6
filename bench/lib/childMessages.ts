import type { ChildProcess } from 'node:child_process';

/**
 * The benches' client processes (forked, IPC) report in typed messages: this waits for the next
 * message of one type, and fails if the process exits first.
 */
export function messagesFrom(child: ChildProcess): <T>(type: string) => Promise<T> {
  return <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }): void => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
}
