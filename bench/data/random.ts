/** The seeded random numbers of the synthetic data sets (src/data/demo/random.ts). */
export { Random } from '../../src/data/demo/random.js';
