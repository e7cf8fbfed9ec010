// Runtime purity by folder (CONVENTIONS 1): the rule, not memory, keeps electron and node out of where they cannot run.
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'This folder runs without Node: no node:* imports.' };
const electronOnlyInShell = { name: 'electron', message: 'Only src-main/electron/ (and the preload) may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'dist/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['src-main/electron/**/*.ts', 'src-preload/index.ts', 'test/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell, { name: 'react', message: 'The contract is plain TypeScript.' }], patterns: [nodeBuiltins] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, 'fs', 'path', 'child_process', 'better-sqlite3', 'keytar'],
          patterns: [nodeBuiltins, { group: ['**/src-main/**'], message: 'The renderer reaches main only through the contract.' }],
        },
      ],
    },
  },
  // Layering of the main process (issue 8). Each block lists the electron rule again: a later block replaces a rule.
  {
    files: ['src-main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [{ regex: String.raw`^\.\./(?!\.\./src-preload/)`, message: 'The store imports only the contract: it knows no engine, connector or domain code.' }] },
      ],
    },
  },
  {
    // One folder deeper (the PostgreSQL store): the rest of the store is `../`, the contract `../../../src-preload/`.
    files: ['src-main/store/postgres/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [{ regex: String.raw`^\.\./\.\./(?!\.\./src-preload/)`, message: 'The store imports only the contract: it knows no engine, connector or domain code.' }] },
      ],
    },
  },
  {
    files: ['src-main/cases/**/*.ts', 'src-main/customers/**/*.ts', 'src-main/accounts/**/*.ts', 'src-main/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            { regex: String.raw`(^|/)connectors(/|$)`, message: "The domain names no connector: raise a domain event and let connectors answer it." },
            { regex: String.raw`(^|/)ipc(/|$)`, message: 'Only core/ wires ipc/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/core/**', 'src-main/ipc/**', 'src-main/store/**', 'src-main/cases/**', 'src-main/customers/**', 'src-main/accounts/**', 'src-main/events/**', 'src-main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell], patterns: [{ regex: String.raw`(^|/)ipc(/|$)`, message: 'Only core/ wires ipc/.' }] }],
    },
  },
  // A connector's id is named in its own folder only (issue 8): the shell and the platform's screens reach
  // connectors through the registry in src-renderer/src/connectors/, keyed by that id.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/src/connectors/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^(cerm|confirm|accounting|erp)$/]',
          message: 'A connector id belongs in src-renderer/src/connectors/<id>/: contribute through the registry (connectors/registry.ts) instead.',
        },
        {
          selector: 'TemplateElement[value.raw=/^(cerm|confirm|accounting|erp)$/]',
          message: 'A connector id belongs in src-renderer/src/connectors/<id>/: contribute through the registry (connectors/registry.ts) instead.',
        },
        {
          // \x2F is '/', which a selector's regex cannot hold: any import of connectors/<folder>, but not of the list or the registry.
          selector: String.raw`:matches(ImportDeclaration, ImportExpression, ExportNamedDeclaration, ExportAllDeclaration)[source.value=/(^|\x2F)connectors\x2F(?!(registry|index)$)[^\x2F]+/]`,
          message: "Reach a connector's parts through the list (src-renderer/src/connectors) and its registry, not by importing its folder.",
        },
      ],
    },
  },
);
