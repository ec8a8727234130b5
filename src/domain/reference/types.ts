/**
 * What the rules need to know about a GP practice or a school, as the reference data (NHS ODS epraccur, DfE GIAS)
 * describes it. The data layer maps its rows to these; the eligibility engine reads only these.
 */

/** ODS organisation status: A active, C closed, D dormant, P proposed. */
export type PracticeStatus = 'A' | 'C' | 'D' | 'P';

/** The ODS prescribing setting of a GP practice. */
export const GP_PRESCRIBING_SETTING = 4;

export interface PracticeFacts {
  /** The ODS code, upper case, e.g. C82044. */
  code: string;
  name: string;
  status: PracticeStatus;
  /** The ODS prescribing setting: 4 is a GP practice. */
  prescribingSetting: number;
  /** The ICB (epraccur "High Level Health Geography"), e.g. QK1. */
  icbCode: string | null;
  /** The sub-ICB location (epraccur "commissioner"), e.g. 04C. */
  subIcbCode: string | null;
  postcode: string | null;
  town: string | null;
}

export interface SchoolFacts {
  /** The DfE unique reference number, as digits. */
  urn: string;
  name: string;
  /** True when GIAS says the establishment is open (including "open, but proposed to close"). */
  open: boolean;
  /** The local authority code, e.g. 855 Leicestershire. */
  laCode: string;
  laName: string | null;
  postcode: string | null;
  town: string | null;
}

/**
 * Synchronous look-ups, so the engine stays pure: a use case fetches the practice and school named in the facts
 * first, then hands the engine these. `undefined` means the code is not in the reference data.
 */
export interface ReferenceLookups {
  practice(code: string): PracticeFacts | undefined;
  school(urn: string): SchoolFacts | undefined;
}

/** An ODS code as the reference data keeps it: trimmed, upper case. */
export const normalisePracticeCode = (code: string): string => code.trim().toUpperCase();

/** A URN as the reference data keeps it: trimmed. */
export const normaliseUrn = (urn: string): string => urn.trim();

/**
 * Look-ups that know one practice and one school (those the facts name, fetched first): asking them about any other
 * code or URN answers `undefined`, as for one not in the reference data.
 */
export function lookupsHolding(practice: PracticeFacts | undefined, school: SchoolFacts | undefined): ReferenceLookups {
  return {
    practice: (code) => (practice?.code === normalisePracticeCode(code) ? practice : undefined),
    school: (urn) => (school?.urn === normaliseUrn(urn) ? school : undefined),
  };
}
