/**
 * A PKCS#12 file (RFC 7292) with one key and its certificate chain, as `openssl pkcs12 -export -name ALIAS` writes it
 * with OpenSSL 3's algorithms: the certificates in a PBES2-encrypted SafeContents, the key in a pkcs8ShroudedKeyBag
 * (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC), and an HMAC-SHA256 MAC. keytool and openssl both read it.
 */
import { createHash } from 'node:crypto';
import {
  bmpString,
  contextConstructed,
  contextPrimitive,
  octetString,
  oid,
  sequence,
  setOf,
  smallInteger,
} from '../internal/der.js';
import { checkKeystoreInput, type KeystoreOptions } from './options.js';
import { PKCS12_ITERATIONS, pbes2Encrypt } from './pbes2.js';
import { pkcs12MacData } from './pkcs12-mac.js';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

/**
 * Builds a PKCS#12 (.p12/.pfx) holding the RSA key and its certificate chain under `alias` (the friendlyName, which
 * keytool shows as the alias), both protected with `password`. The key and its certificate share a localKeyId (the
 * certificate's SHA-1), which is how readers pair them.
 *
 * Salesforce's Import from Keystore takes only JKS; use {@link createJavaKeyStore} for it. A PKCS#12 is
 * for tools that want one (Java, .NET, curl, browsers).
 *
 * @param options - key, certificate (PEM, optionally with its CA chain), alias and password.
 * @returns The file's bytes (write them with mode 0600: they hold the private key).
 * @throws The same errors as {@link createJavaKeyStore}.
 *
 * @example
 * ```ts
 * const p12 = createPkcs12({ key: loaded.keyObject, certificatePem: certPem, alias: 'acme_ci', password })
 * // openssl pkcs12 -info -in acme_ci.p12 -noout   /   keytool -list -keystore acme_ci.p12 -storetype PKCS12
 * ```
 */
export function createPkcs12(options: KeystoreOptions): Uint8Array {
  const { pkcs8, chain, alias } = checkKeystoreInput(options);
  const { password } = options;
  const keyId = createHash('sha1').update(chain[0].raw).digest();
  const attributes = setOf(
    attribute(OID.friendlyName, bmpString(alias)),
    attribute(OID.localKeyId, octetString(keyId)),
  );

  const certBags = chain.map((cert, index) =>
    sequence(
      oid(OID.certBag),
      contextConstructed(0, sequence(oid(OID.x509Certificate), contextConstructed(0, octetString(cert.raw)))),
      ...(index === 0 ? [attributes] : []), // issuers carry no attributes, as openssl writes them
    ),
  );
  const shrouded = pbes2Encrypt(pkcs8, password);
  const keyBag = sequence(
    oid(OID.shroudedKeyBag),
    contextConstructed(0, sequence(shrouded.algorithm, octetString(shrouded.ciphertext))),
    attributes,
  );
  // Certificates first, then the key: openssl's order.
  const authSafe = sequence(encryptedContent(sequence(...certBags), password), dataContent(sequence(keyBag)));
  return sequence(smallInteger(3), dataContent(authSafe), pkcs12MacData(authSafe, password, PKCS12_ITERATIONS));
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(oid(type), setOf(value));
}

/** ContentInfo of type data: `[0] EXPLICIT OCTET STRING`. */
function dataContent(content: Uint8Array): Uint8Array {
  return sequence(oid(OID.data), contextConstructed(0, octetString(content)));
}

/** ContentInfo of type encryptedData (PKCS#7 EncryptedData, version 0) with PBES2. */
function encryptedContent(content: Uint8Array, password: string): Uint8Array {
  const { algorithm, ciphertext } = pbes2Encrypt(content, password);
  const encryptedContentInfo = sequence(oid(OID.data), algorithm, contextPrimitive(0, ciphertext));
  return sequence(oid(OID.encryptedData), contextConstructed(0, sequence(smallInteger(0), encryptedContentInfo)));
}
