// An attestation chain root → intermediate → leaf made with the openssl CLI, one attribute per RDN
// (as real attestation certificates are). The bench uses it for packed x5c because the testing
// module's certificates put every subject attribute into ONE multi-valued RDN, which
// SimpleWebAuthn's subject reader (first attribute of each RDN only) cannot see.
import { execFileSync } from 'node:child_process';
import nodeCrypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export async function opensslAttestationChain() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wv-chain-'));
  const ssl = (...a) => execFileSync('openssl', a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const f = (n) => path.join(dir, n);
  try {
    for (const k of ['root', 'inter', 'leaf']) ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${k}.key`));
    fs.writeFileSync(f('ext.cnf'), [
      '[ca]', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash',
      '[inter]', 'basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid',
      // §8.2.1 packed attestation certificate requirements: CA false, OU "Authenticator Attestation".
      '[leaf]', 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', '',
    ].join('\n'));
    const days = ['-days', '365'];
    ssl('req', '-new', '-x509', '-key', f('root.key'), '-subj', '/C=US/O=Bench Vendor/CN=Bench Root', ...days, '-sha256',
      '-extensions', 'ca', '-config', f('ext.cnf'), '-out', f('root.pem'));
    ssl('req', '-new', '-key', f('inter.key'), '-subj', '/C=US/O=Bench Vendor/CN=Bench Intermediate', '-out', f('inter.csr'));
    ssl('x509', '-req', '-in', f('inter.csr'), '-CA', f('root.pem'), '-CAkey', f('root.key'), '-set_serial', '2', ...days, '-sha256',
      '-extfile', f('ext.cnf'), '-extensions', 'inter', '-out', f('inter.pem'));
    ssl('req', '-new', '-key', f('leaf.key'), '-subj', '/C=US/O=Bench Vendor/OU=Authenticator Attestation/CN=Bench Batch', '-out', f('leaf.csr'));
    ssl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('inter.pem'), '-CAkey', f('inter.key'), '-set_serial', '3', ...days, '-sha256',
      '-extfile', f('ext.cnf'), '-extensions', 'leaf', '-out', f('leaf.pem'));
    const der = (n) => new Uint8Array(new nodeCrypto.X509Certificate(fs.readFileSync(f(n))).raw);
    const pkcs8 = nodeCrypto.createPrivateKey(fs.readFileSync(f('leaf.key'))).export({ type: 'pkcs8', format: 'der' });
    const privateKey = await nodeCrypto.webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    return { x5c: [der('leaf.pem'), der('inter.pem')], privateKey, anchorsPem: [fs.readFileSync(f('root.pem'), 'utf8')] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
