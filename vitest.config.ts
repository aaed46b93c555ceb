import { defineConfig } from 'vitest/config'

// Test files say what they need by name: `*.test.ts` runs anywhere, `*.int.test.ts` needs a database server.
const shared = {
  resolve: { conditions: ['@ikm-ledger/source'] },
  ssr: { resolve: { conditions: ['@ikm-ledger/source'] } },
}

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/**/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'examples/**/test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
