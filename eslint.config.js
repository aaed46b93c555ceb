import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.tsbuild/**',
      '**/node_modules/**',
      '**/scratch/**',
      '**/.scratch/**',
      '**/.ikm-ledger/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain scripts run on Node.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    // CommonJS programs (the packed-tarball smoke test's .cjs consumer).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The kernel stays platform-free: only the hashing seam may touch `node:*`.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/kernel/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'core is platform-free; use the platform seam' }] },
      ],
    },
  },
  {
    // The kernel never imports the domain.
    files: ['packages/core/src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/domain/**', '../domain', '../../domain'], message: 'the kernel never imports the domain' },
            { group: ['node:*'], message: 'core is platform-free; use the platform seam' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/core/src/kernel/platform/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
