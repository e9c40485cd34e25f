/** `--json` result of `sf jwt keygen`. Never contains key material. */
export type KeygenResult = {
  keyFile: string;
  certificateFile: string;
  /** Null unless --csr. */
  csrFile: string | null;
  bits: number;
  encrypted: boolean;
  subject: string;
  notBefore: string;
  notAfter: string;
  days: number;
  sha1Fingerprint: string;
  sha256Fingerprint: string;
  publicKeySha256Fingerprint: string;
  x5t: string;
  x5tS256: string;
};
