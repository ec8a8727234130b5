/**
 * Orders the test files of each project longest first, by the seconds each took in a recorded run
 * (`test/file-weights.json`, written by `node scripts/test-weights.mjs REPORT.json` from a vitest JSON report). With two
 * workers a long file started last runs alone on one core while the other is idle: in a fresh clone vitest has no
 * cache of durations and starts the largest files first, which put the browser test of every form page (short to
 * read, three minutes to run) at the end. A file with no recorded time (a new one) goes after the recorded ones,
 * largest first; the projects keep their order (`sequence.groupOrder`).
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '../..');

function recordedWeights(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(resolve(ROOT, 'test/file-weights.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export class LongestFirst extends BaseSequencer {
  private readonly weights = recordedWeights();

  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = (spec: TestSpecification) => this.weights[relative(ROOT, spec.moduleId)];
    const size = (spec: TestSpecification) => statSync(spec.moduleId).size;
    return Promise.resolve(
      [...files].sort((a, b) => {
        const group = a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder;
        if (group !== 0) return group;
        if (a.project.name !== b.project.name) return a.project.name < b.project.name ? -1 : 1;
        const [wa, wb] = [weight(a), weight(b)];
        if (wa !== undefined && wb !== undefined) return wb - wa;
        if (wa !== undefined) return -1;
        if (wb !== undefined) return 1;
        return size(b) - size(a);
      }),
    );
  }
}
