import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'laws/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
})
