import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.ts';

/** A throwaway self-signed certificate for 127.0.0.1/localhost, made with the machine's openssl. */
export function selfSignedCert(): { cert: string; key: string; certFile: string; keyFile: string } {
  const dir = tempDir('tls');
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

export interface IssuedCert { cert: string; key: string; certFile: string; keyFile: string }
export interface TestCa extends IssuedCert {
  /** A certificate signed by this CA, with the given subject CN and subjectAltNames (e.g. "DNS:kube-apiserver"). */
  issue(cn: string, sans?: string[]): IssuedCert;
}

/** A throwaway CA made with the machine's openssl, as a cluster's front-proxy or webhook client CA would be. */
export function testCa(name = 'herald-test-ca'): TestCa {
  const dir = tempDir('ca');
  const certFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { stdio: 'ignore' });
  let serial = 0;
  return {
    cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile, keyFile,
    issue(cn, sans = []) {
      serial++;
      const base = join(dir, `issued-${serial}`);
      execFileSync('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`], { stdio: 'ignore' });
      const ext = [
        'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth',
        ...(sans.length === 0 ? [] : [`subjectAltName=${sans.join(',')}`]),
      ].join('\n');
      writeFileSync(`${base}.ext`, `${ext}\n`);
      execFileSync('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', certFile, '-CAkey', keyFile, '-set_serial', String(serial),
        '-days', '1', '-out', `${base}.crt`, '-extfile', `${base}.ext`], { stdio: 'ignore' });
      return { cert: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8'), certFile: `${base}.crt`, keyFile: `${base}.key` };
    },
  };
}
