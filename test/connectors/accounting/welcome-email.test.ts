import { describe, expect, it } from 'vitest';
import {
  AVAILABLE_TOKENS,
  DEFAULT_WELCOME_SUBJECT,
  DEFAULT_WELCOME_TEMPLATES,
  previewWelcomeEmail,
  REQUIRED_TOKENS,
  renderWelcomeEmail,
  validateTemplate,
  WELCOME_TEMPLATE_NAME,
  WelcomeTemplateError,
} from '../../../src-main/connectors/accounting/welcome-email';

const PASSWORD_BODY = 'Hello {{ customer_name }}\nUser: {{ email_address }}\nPassword: {{ password }}\nSign in at {{ url }}';
const LINK_BODY = 'User: {{ email_address }}\nChoose a password: {{ set_password_url }}\nThen sign in at {{ url }}';
const values = { email_address: 'ann@example.com', password: 'k7xq2-mnb4t-w9hcp', url: 'https://shop.example.com/', customer_name: 'Ann <Smith> & Co' };

describe('welcome email template', () => {
  it('is CUSTOMER_SYNC with the subject "Your account has been created", and its defaults are valid in their modes', () => {
    expect(WELCOME_TEMPLATE_NAME).toBe('CUSTOMER_SYNC');
    expect(DEFAULT_WELCOME_SUBJECT).toBe('Your account has been created');
    for (const mode of ['password', 'link'] as const) {
      const t = DEFAULT_WELCOME_TEMPLATES[mode];
      expect(t.subject).toBe(DEFAULT_WELCOME_SUBJECT);
      expect(validateTemplate(t.subject, t, mode)).toEqual([]);
    }
    // As in the reference: lines 3 to 5 of the text carry the email address, password and url.
    expect(DEFAULT_WELCOME_TEMPLATES.password.text.split('\n').slice(2, 5)).toEqual([
      'Email address: {{ email_address }}',
      'Password: {{ password }}',
      'Website: {{ url }}',
    ]);
  });

  it('lists the Available Tokens, each with a one-line meaning', () => {
    const names = AVAILABLE_TOKENS.map((t) => t.name);
    for (const n of ['email_address', 'password', 'url', 'set_password_url', 'customer_name', 'account_number']) expect(names).toContain(n);
    for (const t of AVAILABLE_TOKENS) expect(t.meaning).toMatch(/^[A-Z].+\.$/);
    for (const t of AVAILABLE_TOKENS) expect(t.meaning).not.toContain('\n');
  });

  describe('validateTemplate', () => {
    it.each(REQUIRED_TOKENS.password.map((t) => [t]))('password mode: says when {{ %s }} is missing', (token) => {
      const body = PASSWORD_BODY.replace(`{{ ${token} }}`, '');
      const problems = validateTemplate('Welcome', body, 'password');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ part: 'text', kind: 'missing_token', token });
      expect(problems[0]!.message).toMatch(new RegExp(`^In the text: the \\{\\{ ${token} \\}\\} token is missing\\. `));
    });

    it.each(REQUIRED_TOKENS.link.map((t) => [t]))('link mode: says when {{ %s }} is missing', (token) => {
      const problems = validateTemplate('Welcome', LINK_BODY.replace(`{{ ${token} }}`, ''), 'link');
      expect(problems).toMatchObject([{ part: 'text', kind: 'missing_token', token }]);
    });

    it('checks the HTML body for the required tokens too, when there is one', () => {
      const problems = validateTemplate('Welcome', { text: PASSWORD_BODY, html: '<p>{{ email_address }} {{ url }}</p>' }, 'password');
      expect(problems).toEqual([
        {
          part: 'html',
          kind: 'missing_token',
          token: 'password',
          message: 'In the HTML: the {{ password }} token is missing. Without it the customer cannot sign in.',
        },
      ]);
      expect(validateTemplate('Welcome', { text: PASSWORD_BODY, html: '' }, 'password')).toEqual([]);
    });

    it('names an unknown token and where it is, with a suggestion when it is close to a real one', () => {
      const problems = validateTemplate('Hi {{ first_name }}', `${PASSWORD_BODY}\nAccount {{ acount_number }}`, 'password');
      expect(problems).toEqual([
        {
          part: 'subject',
          kind: 'unknown_token',
          token: 'first_name',
          line: 1,
          column: 7,
          message: 'Line 1, column 7 of the subject: "first_name" is not an available token. See the list of Available Tokens.',
        },
        {
          part: 'text',
          kind: 'unknown_token',
          token: 'acount_number',
          line: 5,
          column: 12,
          message: 'Line 5, column 12 of the text: "acount_number" is not an available token; did you mean {{ account_number }}?',
        },
      ]);
    });

    it("flags a token that has no value in this mode", () => {
      expect(validateTemplate('Welcome', `${LINK_BODY} {{ password }}`, 'link')).toMatchObject([
        { kind: 'unavailable_token', token: 'password', message: expect.stringContaining('has no value when customers get a set-password link') },
      ]);
      expect(validateTemplate('Welcome', `${PASSWORD_BODY} {{ set_password_url }}`, 'password')).toMatchObject([{ kind: 'unavailable_token', token: 'set_password_url' }]);
    });

    it.each([
      ['Hello\nUser: {{ email_address ', 'Line 2, column 7 of the text: a token is not closed: "{{ email_address " needs "}}".', 2, 7],
      [`${PASSWORD_BODY}\n{% if customer_name %}Hi`, 'Line 5, column 1 of the text: {% if customer_name %} has no closing tag (such as {% endif %}).', 5, 1],
      [`${PASSWORD_BODY}\n{% endif %}`, 'Line 5, column 1 of the text: there is no tag "endif" (misspelt, or a closing tag without its opening one).', 5, 1],
      [`${PASSWORD_BODY}\n{{ url | shout }}`, 'Line 5, column 1 of the text: there is no filter "shout".', 5, 1],
    ])('reports a syntax error with where it is: %j', (body, message, line, column) => {
      expect(validateTemplate('Welcome', body, 'password')).toEqual([{ part: 'text', kind: 'syntax', message, line, column }]);
    });

    it('reports a required token that is there but never reaches the email', () => {
      const hidden = PASSWORD_BODY.replace('{{ password }}', '{% if account_number == "x" %}{{ password }}{% endif %}');
      expect(validateTemplate('Welcome', hidden, 'password')).toMatchObject([{ kind: 'hidden_token', token: 'password' }]);
      expect(validateTemplate('Welcome', PASSWORD_BODY.replace('{{ password }}', '{{ password | upcase }}'), 'password')).toMatchObject([
        { kind: 'hidden_token', token: 'password' },
      ]);
    });

    it('refuses other templates, the raw filter in HTML, and an empty subject', () => {
      expect(validateTemplate('Welcome', `${PASSWORD_BODY}{% include "footer" %}`, 'password')).toMatchObject([
        { kind: 'render', message: expect.stringContaining('other templates ({% include %}, {% render %}, {% layout %}) cannot be used in emails') },
      ]);
      expect(validateTemplate('Welcome', { text: PASSWORD_BODY, html: `<p>${PASSWORD_BODY} {{ customer_name | raw }}</p>` }, 'password')).toMatchObject([
        { part: 'html', kind: 'syntax', message: expect.stringContaining('the "raw" filter is not allowed in the HTML') },
      ]);
      expect(validateTemplate('  ', PASSWORD_BODY, 'password')).toMatchObject([{ part: 'subject', kind: 'empty' }]);
    });
  });

  describe('renderWelcomeEmail', () => {
    it('fills in the tokens, escapes values in the HTML but not in the text', () => {
      const email = renderWelcomeEmail(DEFAULT_WELCOME_TEMPLATES.password, { ...values, company_name: 'Example Shop' });
      expect(email.subject).toBe('Your account has been created');
      expect(email.text.split('\n').slice(0, 5)).toEqual([
        'Hello Ann <Smith> & Co,',
        'Your account on our website has been created. Sign in with:',
        'Email address: ann@example.com',
        'Password: k7xq2-mnb4t-w9hcp',
        'Website: https://shop.example.com/',
      ]);
      expect(email.html).toContain('<p>Hello Ann &lt;Smith&gt; &amp; Co,</p>');
      expect(email.html).toContain('<a href="https://shop.example.com/">https://shop.example.com/</a>');
      expect(email.html).not.toContain('<Smith>');
    });

    it('renders link mode, with optional tokens blank when not given', () => {
      const email = renderWelcomeEmail(
        { subject: 'Welcome {{ customer_name }}', text: `${LINK_BODY} [{{ account_number }}]`, html: '' },
        { email_address: 'ann@example.com', url: 'https://shop.example.com/', set_password_url: 'https://shop.example.com/set?token=abc' },
      );
      expect(email).toEqual({
        subject: 'Welcome',
        text: 'User: ann@example.com\nChoose a password: https://shop.example.com/set?token=abc\nThen sign in at https://shop.example.com/ []',
        html: null,
      });
    });

    it('is strict: an unknown token, a token of the other mode or a missing value fails instead of mailing a blank', () => {
      const t = (text: string) => ({ subject: 'Welcome', text, html: '' });
      expect(() => renderWelcomeEmail(t(`${PASSWORD_BODY} {{ nickname }}`), values)).toThrow(WelcomeTemplateError);
      expect(() => renderWelcomeEmail(t(`${PASSWORD_BODY} {{ set_password_url }}`), values)).toThrow(/has no value when the email carries the password/);
      expect(() => renderWelcomeEmail(t(PASSWORD_BODY), { ...values, url: '' })).toThrow(/There is no value for \{\{ url \}\}/);
      expect(() => renderWelcomeEmail(t(PASSWORD_BODY), { email_address: 'a@b.c', url: 'u' })).toThrow(/either a password or a set-password link/);
      const err = (() => {
        try {
          renderWelcomeEmail(t('{{ email_address'), values);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(WelcomeTemplateError);
      expect((err as WelcomeTemplateError).problems).toMatchObject([{ part: 'text', kind: 'syntax', line: 1, column: 1 }]);
    });

    it('takes line breaks out of the subject', () => {
      const email = renderWelcomeEmail({ subject: 'Welcome\n{{ customer_name }}\r\nBcc: x@y.z', text: PASSWORD_BODY, html: '' }, values);
      expect(email.subject).toBe('Welcome Ann <Smith> & Co Bcc: x@y.z');
    });
  });

  describe('previewWelcomeEmail', () => {
    it('fills in sample values for each mode', () => {
      const p = previewWelcomeEmail(DEFAULT_WELCOME_TEMPLATES.password);
      expect(p).toMatchObject({ mode: 'password', problems: [], subject: 'Your account has been created' });
      expect(p.text).toContain('Email address: ann.smith@example.com\nPassword: k7xq2-mnb4t-w9hcp\nWebsite: https://shop.example.com/');
      expect(p.html).toContain('Hello Ann Smith,');
      const link = previewWelcomeEmail(DEFAULT_WELCOME_TEMPLATES.link, 'link');
      expect(link.problems).toEqual([]);
      expect(link.text).toContain('for 72 hours');
      expect(link.html).toContain('<a href="https://shop.example.com/account/set-password?token=');
    });

    it('still shows what it can beside the problems', () => {
      const p = previewWelcomeEmail({ subject: 'Hi {{ nickname }}', text: 'Hello\n{{ email_address', html: '<p>{{ email_address }}</p>' });
      expect(p.subject).toBe('Hi');
      expect(p.text).toBeNull();
      expect(p.html).toBe('<p>ann.smith@example.com</p>');
      expect(p.problems.map((x) => [x.part, x.kind])).toEqual([
        ['subject', 'unknown_token'],
        ['text', 'syntax'],
        ['html', 'missing_token'],
        ['html', 'missing_token'],
      ]);
    });
  });
});
