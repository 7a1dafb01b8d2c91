// zz-ratelimit.test.mjs - failed logins per address: after 20 failures from
// one address in an hour, each next attempt from it waits a delay (429 with
// Retry-After), whatever the account or password; the same accounts log
// in from other addresses, and from this one with a login code by SMS.
//
// This spoils the address 127.0.0.1 for a while, so it runs last (the
// name), holds the stack exclusively, and afterwards deletes the recorded
// failures (DELETE FROM login_failure) so that later runs are not affected.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  Client, login, newPassword, resetLoginFailures, sql, uniqueName, useStack,
} from '../harness/index.mjs';
import { SourceClient, enterpriseWithMobile } from '../harness/register.mjs';
import { nthCode } from '../harness/smscode.mjs';

useStack({ exclusive: true });
after(() => resetLoginFailures());

describe('failed logins per address', () => {
  test('twenty_failures_from_one_address_then_429_with_retry_after_but_no_lock', async () => {
    resetLoginFailures();
    const victim = enterpriseWithMobile();
    const c = new Client();
    // 20 failures on 20 different (unknown) usernames: the limit is per address, not per account.
    for (let i = 1; i <= 20; i++) {
      const r = await login(c, uniqueName('nobody'), newPassword());
      assert.equal(r.status, 401, `failure ${i} is an ordinary 401`);
      assert.ok(r.errorText.includes('用户名或密码错误'), `failure ${i}: ${r.errorText}`);
    }
    const recorded = Number(sql("SELECT COUNT(*) FROM login_failure WHERE ip = '127.0.0.1'").trim());
    assert.ok(recorded >= 20, `the failures are recorded against the client's address (${recorded})`);

    const limited = await login(c, uniqueName('nobody'), newPassword());
    assert.equal(limited.status, 429);
    const retry = limited.headers.get('retry-after');
    assert.match(retry ?? '', /^\d+$/, 'Retry-After in seconds');
    assert.ok(Number(retry) > 0 && Number(retry) <= 300, `Retry-After ${retry}: a delay, at most five minutes`);
    assert.ok(limited.errorText.includes('登录失败次数较多'), limited.errorText);
    assert.match(limited.body, /<html lang="zh-CN">/);

    // The right password alone waits its turn from this address too ...
    const colleague = new Client();
    const right = await login(colleague, victim.username, victim.password);
    assert.equal(right.status, 429);
    assert.equal(right.cookie('sme_s'), undefined, 'no session within the delay');
    assert.match(right.headers.get('retry-after') ?? '', /^\d+$/);

    // ... but a login code by SMS proves the owner: in at once, from here.
    const asked = await colleague.post('/login/sms', { username: victim.username });
    assert.equal(asked.status, 200);
    const code = await nthCode(victim.mobile, 1);
    const withCode = await colleague.post('/login', { username: victim.username, password: victim.password, sms_code: code });
    assert.equal(withCode.status, 303, withCode.errorText ?? '');

    // And from another address the password alone is enough.
    assert.equal((await login(new SourceClient(), victim.username, victim.password)).status, 303);
  });
});
