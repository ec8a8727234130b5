import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/longest-first.sequencer.js';

export default defineConfig({
  test: {
    // Each project's files start longest first, by the durations recorded in test/file-weights.json, so that a long
    // file never starts last and leaves one core idle at the end (a fresh clone has no vitest cache to order them by).
    sequence: { sequencer: LongestFirst },
    // Compiles src/ to dist/ once, before the tests, when it is stale: the tests start Otway from dist/, as npm start does.
    globalSetup: ['test/support/build-dist.global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // Projects run one after another, so the browser tests never compete with the others for the two cores.
          sequence: { groupOrder: 0 },
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // The unit tests are pure and mock no module, so a worker keeps what it has imported from one file to the
          // next, and both cores work: 66 s became 13 s, most of it the import of each file's modules afresh.
          maxWorkers: 2,
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // One migrated database of each kind, copied for each test app instead of migrating afresh.
          globalSetup: ['test/support/template-databases.global-setup.ts'],
          // Each file builds its own databases; two workers suit the two cores these machines have.
          maxWorkers: 2,
          // A worker keeps the modules it has imported from one file to the next: importing the application, its
          // libraries and jsdom took longer than most files' tests, once per file. Each file still builds its own app
          // on its own databases, and no test mocks a module, so nothing one file does reaches the next.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          // The databases each server starts from, migrated and with the reference data imported, made once.
          globalSetup: ['e2e/support/templates.global-setup.ts'],
          // Two files at a time, each with its own server and Chromium: one file keeps the browser, the server and
          // the test each partly busy in turn, about one core of the two.
          maxWorkers: 2,
          // As for the integration tests, a worker keeps what it has imported from one file to the next: the files that
          // seed through the use cases imported the whole application afresh, 4 to 6 s each. Each file still starts
          // its own server and Chromium, and no browser test mocks a module.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
