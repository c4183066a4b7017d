import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevCertificates {
  cert: Buffer;
  key: Buffer;
  caPath: string;
  /** Days until the localhost certificate expires. */
  daysLeft: number;
}

/** Localhost certificates for serving the add-in over HTTPS (Office requires HTTPS). Generated with Microsoft's
 *  office-addin-dev-certs into `dir` and reused while they have more than a day left. Installing the CA into the
 *  machine's trust store needs administrator rights, so it is never attempted here; `npm start` prints how to
 *  trust `ca.crt` instead. */
export async function ensureDevCertificates(dir: string): Promise<DevCertificates> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caPath = join(dir, 'ca.crt');
  const certPath = join(dir, 'localhost.crt');
  const keyPath = join(dir, 'localhost.key');
  const days = () =>
    (new Date(new X509Certificate(readFileSync(certPath)).validTo).getTime() - Date.now()) / 86_400_000;
  if (!(existsSync(certPath) && existsSync(keyPath) && days() > 1)) {
    const { generateCertificates } = await import('office-addin-dev-certs');
    await generateCertificates(caPath, certPath, keyPath, 30, ['localhost', '127.0.0.1']);
  }
  return { cert: readFileSync(certPath), key: readFileSync(keyPath), caPath, daysLeft: Math.floor(days()) };
}
