/**
 * A hostile stand-in for Salesforce: a loopback HTTP server whose token endpoint and org lookups (everything under
 * /services/data) answer as configured — endless or huge bodies, escape sequences and forged lines in the OAuth
 * error, a plain-http instance_url, a slow drip, a hang, a reset. The emulator stays faithful; this one lies.
 * It records every request (path, whether it carried a bearer token) so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How one endpoint answers. */
export type HostileAnswer =
  /** A JSON body (`body` serialized as is). */
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  /** Text as given, with its content type. */
  | { readonly kind: 'raw'; readonly status: number; readonly contentType: string; readonly text: string }
  /** A successful token answer for this server (or `instanceUrl`), `extra` fields merged in. */
  | { readonly kind: 'token'; readonly instanceUrl?: string; readonly extra?: Record<string, unknown> }
  /** A body that never ends (chunks of JSON-looking text, no Content-Length). */
  | { readonly kind: 'endless'; readonly status: number }
  /** A Content-Length of `bytes`, then the body as fast as the socket takes it. */
  | { readonly kind: 'huge'; readonly status: number; readonly bytes: number }
  /** Headers at once, then one byte every `everyMs` forever (or until the client goes). */
  | { readonly kind: 'drip'; readonly status: number; readonly everyMs: number }
  /** Reads the request and never answers. */
  | { readonly kind: 'hang' }
  /** Resets the connection. */
  | { readonly kind: 'reset' };

/** What the server answers where; the org lookups default to small valid answers. */
export interface HostileScript {
  readonly token: HostileAnswer;
  readonly org?: HostileAnswer;
}

/** One request the server saw. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly bearer: boolean;
}

/** A running hostile server. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>`: loopback, so plain http is allowed by the client. */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Replaces the script (between rows of a table). */
  script(next: HostileScript): void;
  close(): Promise<void>;
}

/** The access token the server issues: a secret that must never be printed (except by `sf jwt token`). */
export const HOSTILE_ACCESS_TOKEN = '00DHOSTILE0000001!AQSecretAccessTokenValue.mustNeverBePrinted';
export const HOSTILE_ORG_ID = '00D000000000001AAA';
export const HOSTILE_USER_ID = '005000000000001AAA';

const CHUNK = Buffer.alloc(64 * 1024, 'x');

function tokenBody(url: string, answer: Extract<HostileAnswer, { kind: 'token' }>): string {
  const instanceUrl = answer.instanceUrl ?? url;
  return JSON.stringify({
    access_token: HOSTILE_ACCESS_TOKEN,
    instance_url: instanceUrl,
    id: `${url}/id/${HOSTILE_ORG_ID}/${HOSTILE_USER_ID}`,
    token_type: 'Bearer',
    issued_at: '1767225600000',
    scope: 'api',
    ...answer.extra,
  });
}

const DEFAULT_ORG_ANSWERS: Readonly<Record<string, unknown>> = {
  versions: [{ version: '66.0', url: '/services/data/v66.0', label: "Spring '26" }],
  query: {
    totalSize: 1,
    done: true,
    records: [
      {
        Name: 'Hostile Org',
        InstanceName: 'CS1',
        IsSandbox: false,
        TrialExpirationDate: null,
        NamespacePrefix: null,
        OrganizationType: 'Developer Edition',
      },
    ],
  },
};

/** Sends `reply` (shared with the lying admin org of `app create`, test/support/lying-org.ts). */
export function sendAnswer(
  res: ServerResponse,
  socket: Socket,
  url: string,
  reply: HostileAnswer,
  pending: Set<NodeJS.Timeout>,
): void {
  switch (reply.kind) {
    case 'json':
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(reply.body));
      return;
    case 'raw':
      res.writeHead(reply.status, { 'content-type': reply.contentType }).end(reply.text);
      return;
    case 'token':
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(tokenBody(url, reply));
      return;
    case 'endless': {
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' });
      res.write('{"error":"invalid_grant","error_description":"');
      const pump = (): void => {
        while (!res.destroyed && res.write(CHUNK));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    case 'huge': {
      res.writeHead(reply.status, {
        'content-type': 'application/json;charset=UTF-8',
        'content-length': String(reply.bytes),
      });
      let left = reply.bytes;
      const pump = (): void => {
        while (left > 0 && !res.destroyed) {
          const n = Math.min(left, CHUNK.length);
          left -= n;
          if (!res.write(CHUNK.subarray(0, n))) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    case 'drip': {
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8' });
      res.write('{"error":"invalid_grant","error_description":"');
      const timer = setInterval(() => {
        if (res.destroyed) clearInterval(timer);
        else res.write('.');
      }, reply.everyMs);
      pending.add(timer);
      return;
    }
    case 'hang':
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
  }
}

/** Starts the server on a free loopback port. */
export async function startHostileServer(initial: HostileScript): Promise<HostileServer> {
  let current = initial;
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();
  let url = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? '', path, bearer: /^Bearer /.test(req.headers.authorization ?? '') });
    req.resume();
    req.on('end', () => {
      if (path === '/services/oauth2/token') return sendAnswer(res, req.socket, url, current.token, pending);
      if (path.startsWith('/services/data')) {
        if (current.org !== undefined) return sendAnswer(res, req.socket, url, current.org, pending);
        const body = path === '/services/data' ? DEFAULT_ORG_ANSWERS.versions : DEFAULT_ORG_ANSWERS.query;
        return sendAnswer(res, req.socket, url, { kind: 'json', status: 200, body }, pending);
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    script: (next) => {
      current = next;
      requests.length = 0;
    },
    close: async () => {
      for (const t of pending) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
