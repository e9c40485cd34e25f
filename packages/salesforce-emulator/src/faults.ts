// Fault injection: latency, 5xx, HTML pages, connection resets, hangs, malformed JSON, rate limiting.
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultSpec, RouteName } from './config/types.js';
import { validateFaults } from './config/faults-spec.js';
import { CATALOG, REST_ERRORS } from './errors-catalog.js';
import { soapFault } from './soap/envelope.js';
import type { Exchange } from './http/exchange.js';

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** A fault as listed by `faults.list()`: the spec plus how many more requests it applies to. */
export type ListedFault = FaultSpec & { remaining: number };

/** Switches faults on and off at run time. Every change is validated like the config's `faults`. */
export class FaultController {
  private active: ActiveFault[] = [];

  constructor(initial: readonly FaultSpec[] = []) {
    this.set(initial);
  }

  /** Replaces every fault. */
  set(faults: readonly FaultSpec[]): void {
    this.active = validateFaults(faults).map((spec) => ({ spec, remaining: spec.times ?? Infinity }));
  }

  /** Adds one fault (after the existing ones). */
  add(fault: FaultSpec): void {
    const [spec] = validateFaults([fault]);
    if (spec !== undefined) this.active.push({ spec, remaining: spec.times ?? Infinity });
  }

  clear(): void {
    this.active = [];
  }

  list(): ListedFault[] {
    return this.active.filter((f) => f.remaining > 0).map((f) => ({ ...f.spec, remaining: f.remaining }));
  }

  /** Consumes the faults matching a request: summed latency, and the first action. */
  take(route: RouteName): { latencyMs: number; action: FaultSpec | undefined } {
    let latencyMs = 0;
    let action: FaultSpec | undefined;
    for (const f of this.active) {
      if (f.remaining <= 0 || (f.spec.route !== undefined && f.spec.route !== '*' && f.spec.route !== route)) continue;
      const hasAction = describeAction(f.spec) !== undefined;
      if (hasAction && action !== undefined) continue;
      f.remaining -= 1;
      latencyMs += f.spec.latencyMs ?? 0;
      if (hasAction) action = f.spec;
    }
    this.active = this.active.filter((f) => f.remaining > 0);
    return { latencyMs, action };
  }
}

function describeAction(spec: FaultSpec): string | undefined {
  if (spec.html === true) return `html ${spec.status ?? 200}`;
  if (spec.status !== undefined) return `status ${spec.status}`;
  if (spec.reset === true) return 'reset';
  if (spec.hang === true) return 'hang';
  if (spec.malformedJson === true) return 'malformed-json';
  if (spec.rateLimited === true) return 'rate-limited';
  return undefined;
}

const REST_ROUTES: readonly RouteName[] = [
  'versions',
  'resources',
  'query',
  'tooling-query',
  'metadata-rest',
  'sobjects',
  'limits',
  'singleaccess',
  'userinfo',
  'identity',
  'other',
];

/**
 * Applies the faults for this request. Returns true when the fault answered (or deliberately did not answer) the
 * request, so the normal handler must not run.
 */
export async function applyFaults(
  controller: FaultController,
  ex: Exchange,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<boolean> {
  const { latencyMs, action } = controller.take(ex.record.route);
  const labels: string[] = [];
  if (latencyMs > 0) labels.push(`latency ${latencyMs}ms`);
  const label = action === undefined ? undefined : describeAction(action);
  if (label !== undefined) labels.push(label);
  if (labels.length > 0) ex.record.fault = labels.join(', ');
  if (latencyMs > 0) await wait(latencyMs);
  if (action === undefined || ex.res.destroyed) return ex.res.destroyed;
  if (action.html === true) {
    const status = action.status ?? 200;
    ex.html(status, maintenancePage(status));
  } else if (action.status !== undefined) {
    ex.text(action.status, STATUS_CODES[action.status] ?? 'Server Error');
  } else if (action.reset === true) {
    ex.record.outcome = 'reset';
    ex.req.socket.resetAndDestroy();
  } else if (action.hang === true) {
    ex.record.outcome = 'hang';
  } else if (action.malformedJson === true) {
    ex.send(200, 'application/json;charset=UTF-8', '{"access_token":"00D000000000000!AQ","instance_url":"ht');
  } else if (REST_ROUTES.includes(ex.record.route)) {
    ex.json(REST_ERRORS.requestLimit.status, REST_ERRORS.requestLimit.body);
  } else if (ex.record.route === 'metadata-soap') {
    ex.send(
      500,
      'text/xml;charset=UTF-8',
      soapFault(
        'sf:REQUEST_LIMIT_EXCEEDED',
        'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
        'REQUEST_LIMIT_EXCEEDED',
      ),
    );
  } else {
    ex.oauthError(CATALOG.loginRateExceeded);
  }
  return true;
}

function maintenancePage(status: number): string {
  const title = status >= 500 ? 'Service Unavailable' : 'Please wait';
  return (
    `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1>` +
    '<p>The server is temporarily unable to service your request. Please try again later.</p></body></html>\n'
  );
}
