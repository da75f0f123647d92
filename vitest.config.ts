import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Process-heavy tests (real PyTorch, fake nvidia-smi) compete for two cores in CI.
    maxWorkers: 2,
    setupFiles: ['test/support/leaseDir.ts']
  }
})
