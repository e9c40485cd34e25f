// A small SOQL subset: SELECT fields | COUNT() FROM Type [WHERE a op v [AND …]] [ORDER BY f [ASC|DESC], …]
// [LIMIT n] [OFFSET n]. Enough for the sf CLI's probes and simple `sf data query` calls.

export type Literal = string | number | boolean | null;
export type Condition =
  | { field: string; op: '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE'; value: Literal }
  | { field: string; op: 'IN' | 'NOT IN'; values: Literal[] };

export interface FieldRef {
  name: string;
  /** 1-based column in the query text (for error messages in Salesforce's format). */
  column: number;
}

export interface SoqlQuery {
  text: string;
  count: boolean;
  fields: FieldRef[];
  type: string;
  typeColumn: number;
  where: Condition[];
  orderBy: { field: string; descending: boolean }[];
  limit: number | undefined;
  offset: number | undefined;
}

interface Token {
  text: string;
  upper: string;
  column: number;
  kind: 'word' | 'string' | 'number' | 'punct';
}

const TOKEN = /\s*(?:('(?:\\.|[^'\\])*')|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][\w.]*)|(!=|<>|<=|>=|[=<>(),]))/y;

export class SoqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly column?: number,
  ) {
    super(message);
  }
}

function unexpected(tok: Token): SoqlSyntaxError {
  return new SoqlSyntaxError(`unexpected token: '${tok.text}'`, tok.column);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length && text.slice(pos).trim() !== '') {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (m === null) {
      const column = pos + (text.slice(pos).length - text.slice(pos).trimStart().length) + 1;
      throw new SoqlSyntaxError(`unexpected token: '${text.slice(pos).trim().split(/\s/)[0] ?? ''}'`, column);
    }
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    const column = m.index + m[0].length - raw.length + 1;
    const kind = m[1] !== undefined ? 'string' : m[2] !== undefined ? 'number' : m[3] !== undefined ? 'word' : 'punct';
    tokens.push({ text: raw, upper: raw.toUpperCase(), column, kind });
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses the supported subset; throws SoqlSyntaxError (answered as MALFORMED_QUERY) otherwise. */
export function parseSoql(text: string): SoqlQuery {
  const t = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => t[i];
  const next = (): Token => {
    const tok = t[i++];
    if (tok === undefined) throw new SoqlSyntaxError('unexpected end of query');
    return tok;
  };
  const expect = (word: string): void => {
    const tok = next();
    if (tok.upper !== word) throw unexpected(tok);
  };
  const literal = (): Literal => {
    const tok = next();
    if (tok.kind === 'string') return tok.text.slice(1, -1).replace(/\\(.)/g, '$1');
    if (tok.kind === 'number') return Number(tok.text);
    if (tok.upper === 'TRUE' || tok.upper === 'FALSE') return tok.upper === 'TRUE';
    if (tok.upper === 'NULL') return null;
    throw unexpected(tok);
  };
  expect('SELECT');
  const fields: FieldRef[] = [];
  let count = false;
  if (peek()?.upper === 'COUNT' && t[i + 1]?.text === '(' && t[i + 2]?.text === ')') {
    count = true;
    i += 3;
  } else {
    do {
      const tok = next();
      if (tok.kind !== 'word' || tok.upper === 'FROM') throw unexpected(tok);
      fields.push({ name: tok.text, column: tok.column });
    } while (peek()?.text === ',' && next());
  }
  expect('FROM');
  const typeTok = next();
  if (typeTok.kind !== 'word') throw unexpected(typeTok);
  const where: Condition[] = [];
  if (peek()?.upper === 'WHERE') {
    i++;
    do {
      const field = next();
      if (field.kind !== 'word') throw unexpected(field);
      const op = next();
      if (op.upper === 'IN' || (op.upper === 'NOT' && peek()?.upper === 'IN')) {
        if (op.upper === 'NOT') i++;
        expect('(');
        const values: Literal[] = [literal()];
        while (peek()?.text === ',') {
          i++;
          values.push(literal());
        }
        expect(')');
        where.push({ field: field.text, op: op.upper === 'NOT' ? 'NOT IN' : 'IN', values });
      } else if (['=', '!=', '<>', '<', '>', '<=', '>=', 'LIKE'].includes(op.upper)) {
        const normalized = op.upper === '<>' ? '!=' : (op.upper as '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE');
        where.push({ field: field.text, op: normalized, value: literal() });
      } else {
        throw unexpected(op);
      }
    } while (peek()?.upper === 'AND' && next());
  }
  const orderBy: SoqlQuery['orderBy'] = [];
  if (peek()?.upper === 'ORDER') {
    i++;
    expect('BY');
    do {
      const field = next();
      let descending = false;
      if (peek()?.upper === 'ASC' || peek()?.upper === 'DESC') descending = next().upper === 'DESC';
      if (peek()?.upper === 'NULLS') i += 2;
      orderBy.push({ field: field.text, descending });
    } while (peek()?.text === ',' && next());
  }
  const limit = peek()?.upper === 'LIMIT' ? (i++, integer(next())) : undefined;
  const offset = peek()?.upper === 'OFFSET' ? (i++, integer(next())) : undefined;
  const rest = peek();
  if (rest !== undefined) throw unexpected(rest);
  return { text, count, fields, type: typeTok.text, typeColumn: typeTok.column, where, orderBy, limit, offset };
}

function integer(tok: Token): number {
  if (tok.kind !== 'number' || !/^\d+$/.test(tok.text)) throw unexpected(tok);
  return Number(tok.text);
}
