/**
 * The synthetic data sets of PERFORMANCE.md ("Data sets"): S, M and L, with every column of its table, the seed that
 * builds them and the date they are built against. The benchmarks load them (bench/); the demo command loads S.
 */
export type DataSetName = 'S' | 'M' | 'L';

export interface DataSetSize {
  name: DataSetName;
  description: string;
  services: number;
  children: number;
  referrals: number;
  appointments: number;
  notesAndLetters: number;
  /** Referrals arrive over this many years, up to the reference date. */
  years: number;
}

/** PERFORMANCE.md's table, every column, so that the features still to come take their counts from here. */
export const DATA_SETS: Readonly<Record<DataSetName, DataSetSize>> = {
  S: {
    name: 'S',
    description: 'one LLR year',
    services: 1,
    children: 2_500,
    referrals: 3_000,
    appointments: 20_000,
    notesAndLetters: 40_000,
    years: 1,
  },
  M: {
    name: 'M',
    description: 'ten LLR years, or a large trust',
    services: 1,
    children: 25_000,
    referrals: 30_000,
    appointments: 200_000,
    notesAndLetters: 400_000,
    years: 10,
  },
  L: {
    name: 'L',
    description: "national children's OT over five years",
    services: 150,
    children: 500_000,
    referrals: 750_000,
    appointments: 5_000_000,
    notesAndLetters: 10_000_000,
    years: 5,
  },
};

export function isDataSetName(value: string): value is DataSetName {
  return Object.hasOwn(DATA_SETS, value);
}

/**
 * The benchmarks' ages are set against this date, and no referral arrives after it: a fixed date keeps the data sets
 * the same. The demo builds against today instead (`referenceDate`).
 */
export const REFERENCE_DATE = '2026-11-27';
export const DEFAULT_SEED = 20_261_127;
