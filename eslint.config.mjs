import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Import boundaries carry the architecture (see ../shared/docs/style.md):
// - only preload/contract is shared between the sides;
// - only the thin Electron glue imports `electron` (everything else must run in plain Node);
// - only renderer/sip imports jssip.
const ELECTRON_GLUE = [
  'main/index.ts',
  'main/app/appProtocol.ts',
  'main/app/security.ts',
  'main/app/mainWindow.ts',
  'main/app/globalHotkeys.ts',
  'main/app/tray.ts',
  'main/app/autoUpdater.ts',
  'main/app/loginItem.ts',
  'main/ipc/electronIpc.ts',
  'main/secrets/safeStorageCipher.ts',
  'preload/index.ts',
];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.tmp/**',
      'test-results/**',
      'bench-results/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ELECTRON_GLUE,
    rules: {
      'no-console': 'error',
      'no-restricted-imports': restrict([
        {
          group: ['electron'],
          message:
            'Only the Electron glue may import electron: main services must run in plain Node.',
        },
        { group: ['**/renderer/**'], message: 'main never imports the renderer.' },
      ]),
    },
  },
  {
    files: ELECTRON_GLUE.filter((f) => f.startsWith('main/')),
    rules: {
      'no-console': 'error',
      'no-restricted-imports': restrict([
        { group: ['**/renderer/**'], message: 'main never imports the renderer.' },
      ]),
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['electron', 'node:*', '**/main/**', '**/renderer/**'],
          message: 'The contract is shared by all sides: no electron, node or side imports.',
        },
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict([
        { group: ['electron', 'node:*'], message: 'The renderer is a sandboxed web page.' },
        { group: ['**/main/**'], message: 'The renderer reaches main only through window.sori.' },
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/sip/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'node:*'], message: 'The renderer is a sandboxed web page.' },
        { group: ['**/main/**'], message: 'The renderer reaches main only through window.sori.' },
        { group: ['jssip', 'jssip/*'], message: 'Only renderer/sip imports jssip.' },
      ]),
    },
  },
);
