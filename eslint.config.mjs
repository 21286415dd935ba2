import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'examples/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure: hosts hand it a workspace. No editor API, no LSP connection, no file system.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core must not depend on the editor API.' },
            { name: 'fs', message: 'src/core must not touch the file system; use the Workspace interface.' },
            { name: 'node:fs', message: 'src/core must not touch the file system; use the Workspace interface.' },
            { name: 'fs/promises', message: 'src/core must not touch the file system; use the Workspace interface.' },
            { name: 'node:fs/promises', message: 'src/core must not touch the file system; use the Workspace interface.' },
          ],
          patterns: [
            { group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'src/core must not depend on the LSP connection.' },
          ],
        },
      ],
    },
  },
);
