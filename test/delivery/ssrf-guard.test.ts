import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SsrfGuard } from '../../src/delivery/ssrf-guard.ts';

describe('SSRF guard', () => {
  const guard = new SsrfGuard();

  it('refuses private, loopback, link-local, CGNAT, multicast and metadata addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.notEqual(guard.refusal(a), undefined, `${a} should be refused`);
    }
  });

  it('lets public addresses through', () => {
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) assert.equal(guard.refusal(a), undefined, a);
  });

  it('admits allow-listed networks only', () => {
    const g = new SsrfGuard({ allowedNetworks: ['127.0.0.0/8', '10.0.0.5'] });
    assert.equal(g.refusal('127.0.0.1'), undefined);
    assert.equal(g.refusal('10.0.0.5'), undefined);
    assert.notEqual(g.refusal('10.0.0.6'), undefined);
    assert.throws(() => new SsrfGuard({ allowedNetworks: ['not-a-cidr'] }), /allowedNetworks/);
  });

  it('refuses an IP-literal URL before connecting', () => {
    assert.throws(() => guard.checkUrl(new URL('http://[::1]:8080/x')), { code: 'SSRF_BLOCKED' });
    assert.doesNotThrow(() => guard.checkUrl(new URL('https://example.com/x')));
  });

  it('refuses a host name at lookup time when it resolves to loopback', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => guard.lookup('localhost', {}, (e) => resolve(e)));
    assert.equal(err?.code, 'ESSRF');
  });
});
