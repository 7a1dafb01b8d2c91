// zz-ratelimit.test.mjs - more than 20 failed logins from one address in 15
// minutes: 429 with Retry-After, whatever the account or password.
//
// This spoils the address 127.0.0.1 for 15 minutes, so it runs last (the
// name), holds the stack exclusively, and afterwards deletes the recorded
// failures (DELETE FROM login_failure) so that later runs are not affected.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  Client, createEnterprise, login, newPassword, resetLoginFailures, sql, uniqueName, useStack,
} from '../harness/index.mjs';

useStack({ exclusive: true });
after(() => resetLoginFailures());

describe('failed logins per address', () => {
  test('twenty_failures_from_one_address_then_429_with_retry_after', async () => {
    resetLoginFailures();
    const victim = createEnterprise();
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
    assert.ok(Number(retry) > 0 && Number(retry) <= 900, `Retry-After ${retry} within the 15-minute window`);
    assert.ok(limited.errorText.includes('登录失败次数过多'), limited.errorText);
    assert.match(limited.body, /<html lang="zh-CN">/);

    // Even the right password of a real account is refused from this address now.
    const right = await login(new Client(), victim.username, victim.password);
    assert.equal(right.status, 429);
    assert.equal(right.cookie('sme_s'), undefined, 'no session while the address is limited');
    assert.match(right.headers.get('retry-after') ?? '', /^\d+$/);

    // The account itself was not locked: once the address's failures are gone, it logs in.
    resetLoginFailures();
    assert.equal((await login(new Client(), victim.username, victim.password)).status, 303);
  });
});
