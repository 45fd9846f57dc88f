import { describe, expect, it } from 'vitest';
import { detectSessionCookie } from '../../../lib/audit';

const ID = '3f2a9c0e7b5d4a1f8e6c2b9d0a7f3e5c';

describe('detectSessionCookie', () => {
  it.each([
    // Observatory's name test.
    ['user_session', 'x', true],
    ['LoginState', '1', true],
    // Framework defaults that Observatory's test misses.
    ['connect.sid', 's%3Aabc', true],
    ['.AspNetCore.Cookies', 'CfDJ8', true],
    ['sid', '1', true],
    ['__Host-sid', '1', true],
    ['wordpress_logged_in_5c0ffee', 'admin', true],
    // Credential-like names need an identifier-like value.
    ['auth_token', ID, true],
    ['accessToken', ID, true],
    ['user_sid', ID, true],
    ['auth_token', 'yes', false],
    // Short words only count as whole words: "sid" in "inside" is not a session id.
    ['inside', ID, false],
    // Anti-CSRF tokens are read by scripts on purpose.
    ['csrftoken', ID, false],
    ['XSRF-TOKEN', ID, false],
    // Observatory ignores Heroku's load-balancer cookie.
    ['heroku-session-affinity', ID, false],
    ['theme', ID, false],
    ['_ga', 'GA1.1.1234567890.1700000000', false],
  ])('%s=%s → %s', (name, value, session) => {
    expect(detectSessionCookie({ name, value }).session).toBe(session);
  });

  it('explains each reason it found', () => {
    const verdict = detectSessionCookie({ name: 'PHPSESSID', value: ID });
    expect(verdict.reasons).toEqual([
      'Its name contains "sess" or "login", the HTTP Observatory\'s test for session cookies.',
      '"PHPSESSID" is PHP\'s session cookie.',
    ]);
    expect(detectSessionCookie({ name: 'jwt', value: ID }).reasons).toEqual([
      'Its name suggests a credential (auth, token, sid …) and its value looks like a random identifier.',
    ]);
    expect(detectSessionCookie({ name: 'theme', value: 'dark' }).reasons).toEqual([]);
  });

  it('never puts the value in its reasons', () => {
    const { reasons } = detectSessionCookie({ name: 'auth', value: ID });
    expect(reasons).toHaveLength(1);
    expect(reasons.join(' ')).not.toContain(ID);
  });
});
