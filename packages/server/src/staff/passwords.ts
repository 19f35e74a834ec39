import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from '../http/problem.js';

/**
 * scrypt parameters for new passwords (RFC 7914): N = 2^15, r = 8, p = 1 takes 32 MiB of
 * memory per hash (128·N·r bytes) and about 0.1 s on one core of a small server, which is
 * what OWASP's password storage sheet recommends as a minimum for scrypt. The parameters are
 * written into every hash, so raising them later keeps old hashes verifiable.
 */
export const SCRYPT_PARAMETERS = { log2N: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/** Shortest and longest password accepted (NIST SP 800-63B: at least 8; we ask for 12). */
export const PASSWORD_LENGTH = { min: 12, max: 128 } as const;

const PREFIX = '$scrypt$';

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number) {
  const N = 2 ** log2N;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      SCRYPT_PARAMETERS.keyLength,
      // maxmem must exceed 128·N·r; twice that leaves room for Node's bookkeeping.
      { N, r, p, maxmem: 256 * N * r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/**
 * The stored form of a password: `$scrypt$ln=15,r=8,p=1$<salt>$<key>` (base64url, a 16-byte
 * random salt, a 32-byte key).
 */
export async function hashPassword(password: string): Promise<string> {
  const { log2N, r, p, saltLength } = SCRYPT_PARAMETERS;
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, log2N, r, p);
  return `${PREFIX}ln=${log2N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Whether `password` matches `stored` (constant-time comparison). A stored text that is not a
 * hash this code writes, or whose parameters are out of bounds (a tampered row must not make
 * the node spend gigabytes), never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match =
    /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{43})$/.exec(
      stored,
    );
  if (!match) return false;
  const [log2N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (log2N < 10 || log2N > 17 || r < 1 || r > 16 || p < 1 || p > 4) return false;
  const expected = Buffer.from(match[5]!, 'base64url');
  const key = await derive(password, Buffer.from(match[4]!, 'base64url'), log2N, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the account is unknown (same cost). */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64url'));
  return decoy;
}

/**
 * Refuses a password a person should not use (422 `PASSWORD_WEAK`): shorter than 12 or longer
 * than 128 characters, the account name itself, or one character repeated.
 */
export function checkPasswordStrength(account: string, password: string): void {
  const length = [...password.normalize('NFC')].length;
  const problem =
    length < PASSWORD_LENGTH.min
      ? `at least ${PASSWORD_LENGTH.min} characters`
      : length > PASSWORD_LENGTH.max
        ? `at most ${PASSWORD_LENGTH.max} characters`
        : password.toLowerCase().includes(account.toLowerCase())
          ? 'must not contain the account name'
          : /^(.)\1*$/su.test(password)
            ? 'must not be one character repeated'
            : undefined;
  if (problem)
    throw new HttpProblem(422, 'PASSWORD_WEAK', `the password ${problem}`, [
      { path: '/password', code: 'PASSWORD_WEAK', message: problem },
    ]);
}
