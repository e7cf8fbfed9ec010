import { randomInt } from 'node:crypto';

/**
 * Passwords for imported customers, as the welcome email carries them: random from the OS CSPRNG (node:crypto's
 * randomInt, which rejects biased draws), lower case, in dash-separated groups that read aloud and type easily, e.g.
 * `k7xq2-mnb4t-w9hcp`. Neither 0/O nor 1/l/I can be mistaken for each other: none of 0, 1, l, o, or any capital.
 *
 * Entropy: the alphabet has 32 symbols (24 letters, 8 digits), so each character is 5 bits; the default 3 groups of 5
 * are 15 characters, 75 bits, less a hair for requiring a letter and a digit (74.98 bits, see passwordEntropyBits).
 * The dashes are fixed and add none. At the 60 bits the design asks for, a guesser allowed a billion tries a second
 * would need over 18 years on average; against Argon2id at about 100 ms a try it is beyond reach.
 */
export const PASSWORD_LETTERS = 'abcdefghijkmnpqrstuvwxyz'; // no l, no o
export const PASSWORD_DIGITS = '23456789'; // no 0, no 1
export const PASSWORD_ALPHABET = PASSWORD_LETTERS + PASSWORD_DIGITS;

export interface PasswordShape {
  groups: number;
  groupSize: number;
}

export const DEFAULT_PASSWORD_SHAPE: PasswordShape = { groups: 3, groupSize: 5 };
const MIN_ENTROPY_BITS = 60;
const MIN_LENGTH = 12;

/**
 * Bits of entropy of a password of this shape: log2 of how many passwords it can be. Drawing again until a password
 * holds a letter and a digit keeps the draw uniform over those that do, so the count is all of them less the all-letter
 * and the all-digit ones.
 */
export function passwordEntropyBits(shape: PasswordShape = DEFAULT_PASSWORD_SHAPE): number {
  const n = shape.groups * shape.groupSize;
  const a = PASSWORD_ALPHABET.length;
  const share = 1 - (PASSWORD_LETTERS.length / a) ** n - (PASSWORD_DIGITS.length / a) ** n;
  return n * Math.log2(a) + Math.log2(share);
}

export function generatePassword(shape: PasswordShape = DEFAULT_PASSWORD_SHAPE): string {
  const chars = shape.groups * shape.groupSize;
  if (!Number.isInteger(shape.groups) || !Number.isInteger(shape.groupSize) || shape.groups < 1 || shape.groupSize < 1)
    throw new RangeError('a password has at least one group of at least one character');
  if (chars < MIN_LENGTH || passwordEntropyBits(shape) < MIN_ENTROPY_BITS)
    throw new RangeError(`a password needs at least ${MIN_LENGTH} characters and ${MIN_ENTROPY_BITS} bits of entropy`);
  for (;;) {
    let s = '';
    for (let i = 0; i < chars; i++) s += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    // Many sites' login forms insist on a letter and a digit; a password without one is drawn again.
    if (!/[a-z]/.test(s) || !/[2-9]/.test(s)) continue;
    const groups: string[] = [];
    for (let g = 0; g < shape.groups; g++) groups.push(s.slice(g * shape.groupSize, (g + 1) * shape.groupSize));
    return groups.join('-');
  }
}
