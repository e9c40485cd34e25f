// Properties of the emulator's SOQL parser (issue 27): the queries sf and our plugin send, mutated (a keyword dropped,
// quotes unbalanced, operators and literals spliced in), parse or are refused with SoqlSyntaxError (answered as
// MALFORMED_QUERY); a parsed query runs over records without throwing; queries built from the grammar parse to what
// they say.
import assert from 'node:assert/strict';
import { describeProperties, fc, hostileText, mutatedText, outcomeOf } from '@sfjwt/test-support/fuzz';
import { runQuery } from '../src/soql/evaluate.js';
import { parseSoql, SoqlSyntaxError } from '../src/soql/parse.js';

const QUERIES = [
  "SELECT Id, Name, Profile.Name FROM User WHERE Username = 'admin@acme.example' AND IsActive = true",
  "SELECT COUNT() FROM PermissionSetAssignment WHERE AssigneeId IN ('0055g000000AdmnAAA', '005') LIMIT 1",
  'SELECT Id FROM Organization ORDER BY Name DESC, Id ASC LIMIT 10 OFFSET 2',
  "SELECT Name FROM PermissionSet WHERE Name LIKE 'Sfjwt\\_%' AND NumberOfSeats >= -1.5",
];
const RECORDS = [
  {
    attributes: { type: 'User' },
    Id: '0055g000000AdmnAAA',
    Name: 'Admin',
    Username: 'admin@acme.example',
    IsActive: true,
    NumberOfSeats: 3,
  },
  { attributes: { type: 'User' }, Id: '0055g000000SelfAAA', Name: null, Username: 'x', IsActive: false },
];

const field = fc.constantFrom('Id', 'Name', 'Username', 'IsActive', 'NumberOfSeats');
const literal = fc.oneof(
  fc
    .string({ maxLength: 10 })
    .map((text) => ({ text: `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, value: text })),
  fc.integer({ min: -1000, max: 1000 }).map((n) => ({ text: String(n), value: n })),
  fc.constantFrom({ text: 'true', value: true }, { text: 'null', value: null }),
);

describeProperties('salesforce-emulator/soql', {
  'mutated queries parse and run, or are refused with SoqlSyntaxError': {
    runs: 400,
    property: () =>
      fc.property(fc.oneof(mutatedText(fc.constantFrom(...QUERIES), 4), hostileText), (text) => {
        const error = outcomeOf(() => runQuery(parseSoql(text), RECORDS as never));
        if (error !== undefined && !(error instanceof SoqlSyntaxError))
          throw error instanceof Error ? error : new Error('a non-Error was thrown', { cause: error });
      }),
  },
  'a query built from the grammar parses to its fields, type, condition and limit': {
    runs: 300,
    property: () =>
      fc.property(
        fc.uniqueArray(field, { minLength: 1, maxLength: 4 }),
        field,
        fc.constantFrom('=', '!=', '<', '>', '<=', '>='),
        literal,
        fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
        (fields, where, op, value, limit) => {
          const text = `SELECT ${fields.join(', ')} FROM User WHERE ${where} ${op} ${value.text}${limit === undefined ? '' : ` LIMIT ${limit}`}`;
          const query = parseSoql(text);
          assert.deepEqual(
            query.fields.map((f) => f.name),
            fields,
          );
          assert.equal(query.type, 'User');
          assert.deepEqual(query.where, [{ field: where, op, value: value.value }]);
          assert.equal(query.limit, limit);
        },
      ),
  },
});
