/**
 * The Available Tokens of the welcome email, as the editor lists them under the email. Two ways to let a customer in:
 * 'password' (the reference's behaviour and the default: the email carries a generated password) and 'link' (the
 * safer form, OWASP and NIST SP 800-63B: a single-use, expiring link where the customer chooses one).
 */
export type WelcomeMode = 'password' | 'link';

export interface TokenInfo {
  name: string;
  /** One line, for the list of Available Tokens. */
  meaning: string;
  /** Said when a required token is missing: why the customer needs it. */
  why: string;
  modes: WelcomeMode[];
}

const BOTH: WelcomeMode[] = ['password', 'link'];

export const AVAILABLE_TOKENS: readonly TokenInfo[] = [
  {
    name: 'email_address',
    meaning: "The customer's email address from the accounting system; it is their user name on the website.",
    why: 'Customers sign in with their email address, so the email must tell them which one.',
    modes: BOTH,
  },
  {
    name: 'password',
    meaning: 'The password generated for the customer at import. Nobody else can see it; it is stored only as a hash.',
    why: 'Without it the customer cannot sign in.',
    modes: ['password'],
  },
  {
    name: 'url',
    meaning: 'Your website address, where the customer signs in.',
    why: 'Customers need to know where to sign in.',
    modes: BOTH,
  },
  {
    name: 'set_password_url',
    meaning: 'A single-use link where the customer chooses their own password (instead of getting one by email).',
    why: 'Without it the customer has no way to choose a password and cannot sign in.',
    modes: ['link'],
  },
  {
    name: 'set_password_expires_in',
    meaning: 'How long the set-password link keeps working, e.g. "72 hours".',
    why: '',
    modes: ['link'],
  },
  { name: 'customer_name', meaning: "The customer's name as the accounting system has it (may be empty).", why: '', modes: BOTH },
  { name: 'account_number', meaning: "The customer's account number in the accounting system.", why: '', modes: BOTH },
  { name: 'company_name', meaning: 'Your company name, as the From name in Settings > Email.', why: '', modes: BOTH },
];

export const REQUIRED_TOKENS: Record<WelcomeMode, readonly string[]> = {
  password: ['email_address', 'password', 'url'],
  link: ['email_address', 'url', 'set_password_url'],
};

/** What the preview fills in. Distinct enough that the validator can tell whether a token reaches the email. */
export const SAMPLE_VALUES: Record<WelcomeMode, Record<string, string>> = {
  password: {
    email_address: 'ann.smith@example.com',
    password: 'k7xq2-mnb4t-w9hcp',
    url: 'https://shop.example.com/',
    customer_name: 'Ann Smith',
    account_number: 'ACC-10042',
    company_name: 'Example Shop',
  },
  link: {
    email_address: 'ann.smith@example.com',
    url: 'https://shop.example.com/',
    set_password_url: 'https://shop.example.com/account/set-password?token=Sample-Token-4dF9x2QpLm7Rw8Zt',
    set_password_expires_in: '72 hours',
    customer_name: 'Ann Smith',
    account_number: 'ACC-10042',
    company_name: 'Example Shop',
  },
};

export function tokenInfo(name: string): TokenInfo | undefined {
  return AVAILABLE_TOKENS.find((t) => t.name === name);
}
