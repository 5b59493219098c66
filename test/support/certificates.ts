import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: Buffer;
  clientKey: Buffer;
  rogueClientCert: Buffer;
  rogueClientKey: Buffer;
  deviceCert: Buffer;
  deviceKey: Buffer;
  caPem: Buffer;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** An ECDSA P-256 CA and certificates like Flotta's (docs/contract.md#mtls), plus a client signed by another CA. */
export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'flotta-mtls-'));
  const ca = (name: string, subject: string): void => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir);
    openssl(
      ['req', '-x509', '-new', '-key', `${name}.key`, '-subj', subject, '-days', '2', '-out', `${name}.crt`],
      dir,
    );
  };
  const leaf = (name: string, issuer: string, subject: string, ext: string): void => {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir);
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.crt`,
        '-CAkey',
        `${issuer}.key`,
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      ],
      dir,
    );
  };
  ca('ca', '/O=flotta-operator/CN=flotta-ca');
  ca('rogue-ca', '/O=intruder/CN=rogue-ca');
  leaf(
    'server',
    'ca',
    '/CN=edge-config-api',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  // The Edge API presents its own server certificate as the client certificate: CN=*, O=flotta-operator.
  leaf('client', 'ca', '/O=flotta-operator/CN=*', 'extendedKeyUsage=clientAuth,serverAuth\n');
  leaf('rogue', 'rogue-ca', '/O=flotta-operator/CN=*', 'extendedKeyUsage=clientAuth\n');
  // A device's own certificate: same CA, CN = device ID, OU = namespace.
  leaf('device', 'ca', '/O=flotta-operator/OU=ns1/CN=device-1', 'extendedKeyUsage=clientAuth\n');
  const read = (file: string): Buffer => readFileSync(join(dir, file));
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: read('client.crt'),
    clientKey: read('client.key'),
    rogueClientCert: read('rogue.crt'),
    rogueClientKey: read('rogue.key'),
    deviceCert: read('device.crt'),
    deviceKey: read('device.key'),
    caPem: read('ca.crt'),
  };
}
