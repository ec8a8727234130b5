/** The synthetic data sets' generator lives in src/data/demo (the demo command uses it too); the benchmarks use it from here. */
export * from '../../src/data/demo/generate.js';
