/**
 * Types for the parts of the npm `sip` package (kirm/sip.js 0.0.6, no types of its own) that
 * scripts/pbx/ua/sipUa.ts uses.
 */
declare module 'sip' {
  export interface SipUri {
    schema?: string;
    user?: string;
    password?: string;
    host: string;
    port?: number;
    params: Record<string, string | null | undefined>;
    headers?: Record<string, string>;
  }
  export interface NameAddr {
    name?: string;
    uri: string | SipUri;
    params: Record<string, string | null | undefined>;
  }
  export interface Via {
    version?: string;
    protocol?: string;
    host?: string;
    port?: number;
    params: Record<string, string | number | null | undefined>;
  }
  export interface SipHeaders {
    via?: Via[];
    to: NameAddr;
    from: NameAddr;
    'call-id': string;
    cseq: { seq: number; method: string };
    contact?: NameAddr[] | '*';
    route?: NameAddr[];
    'record-route'?: NameAddr[];
    'www-authenticate'?: unknown[];
    'proxy-authenticate'?: unknown[];
    authorization?: unknown[];
    'proxy-authorization'?: unknown[];
    'content-type'?: string;
    'content-length'?: number;
    'max-forwards'?: number;
    [name: string]: unknown;
  }
  export interface SipMessage {
    method?: string;
    uri?: string | SipUri;
    status?: number;
    reason?: string;
    version?: string;
    headers: SipHeaders;
    content?: string;
  }
  export interface SipRequest extends SipMessage {
    method: string;
    uri: string | SipUri;
  }
  export interface SipResponse extends SipMessage {
    status: number;
    reason: string;
  }
  export interface Remote {
    protocol: string;
    address: string;
    port: number;
  }
  export interface StackOptions {
    address?: string;
    port?: number;
    publicAddress?: string;
    hostname?: string;
    udp?: boolean;
    tcp?: boolean;
    logger?: { send?(m: SipMessage, target: unknown): void; recv?(m: SipMessage, remote: Remote): void; error?(e: unknown): void };
  }
  export interface Stack {
    send(message: SipMessage, callback?: (response: SipResponse) => void): void;
    destroy(): void;
    hostname(): string;
  }
  export function create(options: StackOptions, onRequest: (request: SipRequest, remote: Remote) => void): Stack;
  export function makeResponse(
    request: SipRequest,
    status: number,
    reason?: string,
    extension?: { headers?: Partial<SipHeaders>; content?: string },
  ): SipResponse;
  export function parseUri(uri: string | SipUri): SipUri | undefined;
  export function stringifyUri(uri: string | SipUri): string;
  export function generateBranch(): string;
  const sip: {
    create: typeof create;
    makeResponse: typeof makeResponse;
    parseUri: typeof parseUri;
    stringifyUri: typeof stringifyUri;
    generateBranch: typeof generateBranch;
  };
  export default sip;
}

declare module 'sip/digest.js' {
  import type { SipRequest, SipResponse } from 'sip';
  export interface ClientContext {
    [key: string]: unknown;
  }
  export function signRequest(
    ctx: ClientContext | null,
    request: SipRequest,
    response?: SipResponse,
    credentials?: { user: string; password: string; realm?: string },
  ): ClientContext | null;
  const digest: { signRequest: typeof signRequest };
  export default digest;
}
