// Validation of fault specifications (from the config file or from code at run time).
import type { FaultSpec, RouteName } from './types.js';
import { Reader } from './reader.js';
import { EmulatorConfigError } from './errors.js';

export const ROUTE_NAMES: readonly RouteName[] = [
  'token',
  'authorize',
  'revoke',
  'userinfo',
  'identity',
  'versions',
  'resources',
  'query',
  'tooling-query',
  'metadata-soap',
  'metadata-rest',
  'sobjects',
  'singleaccess',
  'limits',
  'other',
];

const FAULT_KEYS = [
  'route',
  'times',
  'latencyMs',
  'status',
  'html',
  'reset',
  'hang',
  'malformedJson',
  'rateLimited',
] as const;
const ACTIONS = ['status', 'html', 'reset', 'hang', 'malformedJson', 'rateLimited'] as const;

export function readFault(reader: Reader, value: unknown, path: string): FaultSpec | undefined {
  const raw = reader.object(value, path, FAULT_KEYS);
  if (raw === undefined) return undefined;
  const before = reader.issues.length;
  const fault: FaultSpec = {};
  const route = reader.oneOf(raw, 'route', path, [...ROUTE_NAMES, '*']);
  if (route !== undefined) fault.route = route;
  const times = reader.number(raw, 'times', path, 1);
  if (times !== undefined) fault.times = times;
  const latencyMs = reader.number(raw, 'latencyMs', path, 0, 600_000);
  if (latencyMs !== undefined) fault.latencyMs = latencyMs;
  for (const flag of ['html', 'reset', 'hang', 'malformedJson', 'rateLimited'] as const) {
    const on = reader.boolean(raw, flag, path);
    if (on !== undefined) fault[flag] = on;
  }
  const status = reader.number(raw, 'status', path, 200, 599);
  if (status !== undefined) {
    if (fault.html !== true && status < 500)
      reader.fail(`${path}.status`, `must be a 5xx status unless "html" is set (got ${status})`);
    fault.status = status;
  }
  const actions = ACTIONS.filter((a) =>
    a === 'status' ? fault.status !== undefined && fault.html !== true : fault[a] === true,
  );
  if (actions.length > 1)
    reader.fail(path, `combines ${actions.join(' and ')}: give one action per fault (latencyMs may accompany it)`);
  if (actions.length === 0 && fault.latencyMs === undefined) {
    reader.fail(path, `does nothing: set latencyMs and/or one of ${ACTIONS.join(', ')}`);
  }
  return reader.issues.length === before ? fault : undefined;
}

/** Validates faults passed from code; throws EmulatorConfigError listing every problem. */
export function validateFaults(faults: readonly unknown[]): FaultSpec[] {
  const reader = new Reader();
  const out: FaultSpec[] = [];
  faults.forEach((f, i) => {
    const fault = readFault(reader, f, `faults[${i}]`);
    if (fault !== undefined) out.push(fault);
  });
  if (reader.issues.length > 0) throw new EmulatorConfigError(reader.issues);
  return out;
}
