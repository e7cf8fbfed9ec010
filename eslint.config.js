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
);
