import { strict as assert } from 'node:assert';
import { diagnoseAttempts, type AttemptAnswer } from '../../src/diagnose/diagnose-attempts.js';
import { diagnoseFailure } from '../../src/diagnose/diagnose.js';
import { ECA_PAIR_CASES, type EcaPairHost } from '@sfjwt/test-support';

const NOW_S = 1_785_837_600;
const MYD = 'https://acme.my.salesforce.com';
const GOV = 'https://agency.my.salesforce.mil';
const LOGIN = 'https://login.salesforce.com';
const NOT_APPROVED = "user hasn't approved this consumer";
const APP_NOT_FOUND = 'External client app is not installed in this org';

const answer = (
  attempt: number,
  tokenHost: string,
  aud: string,
  error: string,
  errorDescription: string,
  sub = 'integration@acme.com',
): AttemptAnswer => ({
  attempt,
  error,
  errorDescription,
  tokenHost,
  claims: { iss: '3MVG9abcdefgh', sub, aud, exp: NOW_S + 180 },
});

describe('diagnoseAttempts', () => {
  it('one answer: the same causes and summary as diagnoseFailure, and leadingAttempt', () => {
    const only = answer(1, MYD, LOGIN, 'invalid_grant', NOT_APPROVED);
    const d = diagnoseAttempts([only]);
    const single = diagnoseFailure(only);
    assert.deepEqual(d, { ...single, leadingAttempt: 1 });
  });

  it('issue 11: the specific first answer leads; later app_not_found answers only rule out the pair and are named in the summary', () => {
    const d = diagnoseAttempts([
      answer(1, MYD, MYD, 'invalid_grant', NOT_APPROVED, 'integraton@acme.com'),
      answer(2, MYD, LOGIN, 'app_not_found', APP_NOT_FOUND, 'integraton@acme.com'),
      answer(3, LOGIN, LOGIN, 'app_not_found', APP_NOT_FOUND, 'integraton@acme.com'),
    ]);
    assert.equal(d.leadingAttempt, 1);
    assert.equal(
      d.summary,
      `${MYD} answered invalid_grant "${NOT_APPROVED}" for aud ${MYD} (app 3MVG9abcdefgh, user integraton@acme.com): the user has no approval for this app. 2 likely causes; first: the app is admin-approved but the user's profile or permission set is not assigned to it. Attempts 2 and 3 answered "${APP_NOT_FOUND}", which only says that their pairs reach no app.`,
    );
    assert.ok(d.causes.some((c) => c.id === 'username-unknown' && c.likelihood === 'possible'));
    assert.equal(d.causes.find((c) => c.id === 'host-audience-pair')?.likelihood, 'ruled-out');
  });

  it('forcedotcom/cli#3482 (an ECA in a refreshed sandbox): the observed matrix leads to My Domain, and the login fallback does not rule out the refresh', () => {
    const TEST = 'https://test.salesforce.com';
    const d = diagnoseAttempts([
      answer(1, TEST, TEST, 'app_not_found', APP_NOT_FOUND), // host test + aud test: app_not_found
      answer(2, LOGIN, LOGIN, 'app_not_found', APP_NOT_FOUND), // host login + aud login: app_not_found
      answer(3, TEST, LOGIN, 'invalid_grant', 'audience is invalid'), // host test + aud login: audience is invalid
    ]);
    assert.equal(d.leadingAttempt, 1);
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.likelihood]),
      [
        ['audience-needs-my-domain', 'likely'],
        ['eca-not-installed', 'possible'],
        ['sandbox-refreshed', 'possible'],
      ],
    );
    assert.match(
      d.summary,
      /Attempt 3 answered "audience is invalid", which only says that its pair reaches no app\.$/,
    );
  });

  it('every refused row of the ECA (host, aud) matrix (test-support ECA_PAIR_CASES) points at My Domain for an External Client App', () => {
    const url: Record<EcaPairHost, string> = { myDomain: MYD, login: LOGIN, test: 'https://test.salesforce.com' };
    for (const [host, aud, answerText, source] of ECA_PAIR_CASES) {
      if (answerText === 'token') continue;
      const error = answerText === 'app_not_found' ? 'app_not_found' : 'invalid_grant';
      const description = answerText === 'app_not_found' ? APP_NOT_FOUND : answerText;
      const d = diagnoseFailure({
        ...answer(1, url[host], url[aud], error, description),
        appType: 'external-client-app',
      });
      assert.equal(
        d.causes.find((c) => c.id === 'audience-needs-my-domain')?.likelihood,
        'likely',
        `${host} + aud ${aud} (${source})`,
      );
    }
  });

  it('GovCloud: the same "not approved" answer to the documented pair rules the pair out (ruled-out wins a merge)', () => {
    const first = answer(1, GOV, GOV, 'invalid_grant', NOT_APPROVED);
    assert.equal(
      diagnoseFailure(first).causes[0]?.id,
      'host-audience-pair',
      'alone, the GovCloud pair is the first suspect',
    );
    const d = diagnoseAttempts([first, answer(2, GOV, LOGIN, 'invalid_grant', NOT_APPROVED)]);
    assert.equal(d.leadingAttempt, 2);
    assert.deepEqual(
      d.causes.find((c) => c.id === 'host-audience-pair'),
      {
        ...diagnoseFailure(first).causes.find((c) => c.id === 'host-audience-pair'),
        likelihood: 'ruled-out',
        evidence: [
          `aud ${LOGIN} is the documented one for ${GOV}.`,
          `Attempt 1: aud is the org's own domain ${GOV}; GovCloud wants login/test as aud.`,
        ],
        fix: diagnoseFailure(answer(2, GOV, LOGIN, 'invalid_grant', NOT_APPROVED)).causes.find(
          (c) => c.id === 'host-audience-pair',
        )!.fix,
      },
    );
    assert.equal(
      d.summary.endsWith(
        "the user has no approval for this app. 2 likely causes; first: the app is admin-approved but the user's profile or permission set is not assigned to it.",
      ),
      true,
    );
  });

  it('a later specific answer leads over an earlier pair symptom', () => {
    const d = diagnoseAttempts([
      answer(1, MYD, MYD, 'invalid_grant', 'audience is invalid'),
      answer(2, MYD, LOGIN, 'invalid_grant', 'invalid assertion'),
    ]);
    assert.equal(d.leadingAttempt, 2);
    assert.equal(d.causes[0]?.id, 'key-certificate-mismatch');
    assert.match(
      d.summary,
      / Attempt 1 answered "audience is invalid", which only says that its pair reaches no app\.$/,
    );
  });

  it('refuses an empty list', () => {
    assert.throws(() => diagnoseAttempts([]), RangeError);
  });
});
