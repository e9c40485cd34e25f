// A tiny strict reader for untyped JSON: every problem is collected with its path, unknown keys are rejected.
import type { ConfigIssue } from './errors.js';

export class Reader {
  readonly issues: ConfigIssue[] = [];

  fail(path: string, reason: string): undefined {
    this.issues.push({ path, reason });
    return undefined;
  }

  /** An object with only `allowed` keys (unknown keys are reported, usually typos). */
  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, `must be an object (got ${describe(value)})`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.fail(join(path, key), `unknown property (allowed: ${allowed.join(', ')})`);
    }
    return record;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `must be an array (got ${describe(value)})`);
    return value as unknown[];
  }

  string(obj: Record<string, unknown>, key: string, path: string, required: true): string | undefined;
  string(obj: Record<string, unknown>, key: string, path: string, required?: false): string | undefined;
  string(obj: Record<string, unknown>, key: string, path: string, required = false): string | undefined {
    const value = obj[key];
    if (value === undefined) return required ? this.fail(join(path, key), 'is required') : undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      return this.fail(join(path, key), `must be a non-empty string (got ${describe(value)})`);
    }
    return value;
  }

  boolean(obj: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.fail(join(path, key), `must be true or false (got ${describe(value)})`);
    return value;
  }

  /** A number within [min, max]; integers only unless `fraction`. */
  number(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(join(path, key), `must be an integer from ${min} to ${max} (got ${describe(value)})`);
    }
    return value;
  }

  oneOf<T extends string>(
    obj: Record<string, unknown>,
    key: string,
    path: string,
    options: readonly T[],
  ): T | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      return this.fail(
        join(path, key),
        `must be one of ${options.map((o) => `"${o}"`).join(', ')} (got ${describe(value)})`,
      );
    }
    return value as T;
  }

  stringList(obj: Record<string, unknown>, key: string, path: string): string[] | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    const list = this.array(value, join(path, key));
    if (list === undefined) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      if (typeof item === 'string' && item.trim() !== '') out.push(item);
      else this.fail(`${join(path, key)}[${i}]`, `must be a non-empty string (got ${describe(item)})`);
    });
    return out;
  }
}

export function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
