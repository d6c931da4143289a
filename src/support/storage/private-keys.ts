/** Files that hold a private key, which must not travel in a template: they go to secrets instead. */
import path from 'node:path';

/** SSH private keys by their usual names (`id_rsa`, `id_ed25519`...), and PKCS#12 key stores. */
const KEY_FILE = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$|\.(p12|pfx|ppk)$/i;
/** A PEM private key of any kind: `-----BEGIN PRIVATE KEY-----`, `RSA`, `EC`, `OPENSSH`, `ENCRYPTED`... */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** Whether a file looks like a private key, by its name or its content. */
export function looksLikePrivateKey(file: string, content: Buffer): boolean {
  return KEY_FILE.test(path.basename(file)) || PEM_PRIVATE_KEY.test(content.toString('latin1'));
}

/** What to do with a private key instead. */
export const PRIVATE_KEY_HINT =
  'Keep keys out of the template: store the key in AWS Secrets Manager and declare it under secrets: ' +
  '(ECS passes it to the container as an environment variable), or bake it into a private image.';
