/** The `--json` result of `sf jwt keystore`. */

/** Keystore formats: `jks` is what Salesforce imports; `pkcs12` for other tools. */
export type KeystoreFormat = 'jks' | 'pkcs12';

/** How the formats are named to users. */
export const FORMAT_NAME: Readonly<Record<KeystoreFormat, string>> = { jks: 'JKS', pkcs12: 'PKCS#12' };

/** `--json` result of `sf jwt keystore`. Never contains the password or key material. */
export type KeystoreResult = {
  path: string;
  format: KeystoreFormat;
  /** The alias as stored (lower case in a JKS): the certificate's name after Salesforce's import. */
  alias: string;
  subject: string;
  notAfter: string;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
};
