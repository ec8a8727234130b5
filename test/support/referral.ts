/**
 * Completing the online referral form as a person would, page by page, for tests and benchmarks: `answersFor` gives
 * the form fields a referrer of each type sends on each page; `completeReferral` follows the form's own redirects
 * from the start page to check-your-answers, answering whatever page comes next.
 */
import type { FormFields, Page, TestClient } from './client.js';
import { errorSummary } from './html.js';

export type ReferrerType =
  | 'gp'
  | 'health-professional'
  | 'education-staff'
  | 'educational-psychologist'
  | 'social-care'
  | 'early-years-setting'
  | 'parent-carer';

export const REFERRER_TYPES: readonly ReferrerType[] = [
  'gp',
  'health-professional',
  'education-staff',
  'educational-psychologist',
  'social-care',
  'early-years-setting',
  'parent-carer',
];

export interface ReferralCase {
  referrerType: ReferrerType;
  childGivenName?: string;
  childFamilyName?: string;
  dateOfBirth?: string;
  nhsNumber?: string;
  postcode?: string;
  /** An ODS code, or a declaration (in-area, outside-area, not-known, none). */
  gp?: string;
  school?: string;
  difficulties?: string[];
  conditions?: string[];
  otherNeeds?: string[];
  dischargedOn?: string;
  referrerEmail?: string;
  familyEmail?: string;
  safeguarding?: boolean;
  /** Replaces the fields of one page, by page id (for bad-input tests). */
  override?: Record<string, FormFields>;
}

const dateFields = (name: string, iso: string): FormFields => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: String(Number(day)), [`${name}[month]`]: String(Number(month)), [`${name}[year]`]: year };
};

/** The fields a page sends for this case, by the page's id. */
export function answersFor(pageId: string, c: ReferralCase): FormFields {
  const override = c.override?.[pageId];
  if (override !== undefined) return override;
  switch (pageId) {
    case 'received':
      return { receivedBy: 'post', ...dateFields('receivedOn', '2026-11-20') };
    case 'who-is-referring':
      return { referrerType: c.referrerType };
    case 'your-details':
      return {
        referrerName: 'Sam Okafor',
        referrerRole: 'Health visitor',
        referrerEmail: c.referrerEmail ?? 'sam.okafor@nhs.test',
        referrerPhone: '0116 295 2495',
      };
    case 'your-contact-details':
      return {
        referrerName: 'Grace Ndiaye',
        referrerRole: 'Mother',
        referrerEmail: c.referrerEmail ?? '',
        referrerPhone: '07700 900982',
      };
    case 'your-practice':
      return { referrerPractice: 'C82044' };
    case 'your-school':
      return { referrerSchool: '134809' };
    case 'your-organisation':
      return { referrerOrganisation: 'Leicestershire Partnership NHS Trust' };
    case 'child-name':
      return {
        childGivenName: c.childGivenName ?? 'Amara',
        childFamilyName: c.childFamilyName ?? 'Ndiaye',
        childKnownAs: '',
      };
    case 'child-date-of-birth':
      return dateFields('childDateOfBirth', c.dateOfBirth ?? '2016-05-02');
    case 'child-nhs-number':
    case 'child-nhs-number-optional':
      return { childNhsNumber: c.nhsNumber ?? '943 476 5919' };
    case 'child-sex':
      return { childSex: 'female' };
    case 'child-address':
      return {
        childAddressLine1: '12 Granby Street',
        childAddressLine2: '',
        childTown: 'Leicester',
        childPostcode: c.postcode ?? 'LE1 6FB',
      };
    case 'child-gp':
      return { childGp: c.gp ?? 'in-area' };
    case 'child-school':
      return { childSchool: c.school ?? 'in-area' };
    // A practice or school typed: with no reference data, or when it cannot be found in it.
    case 'child-gp-details':
      return {
        childGpName: 'Granby Street Surgery',
        childGpAddressLine1: '1 Granby Street',
        childGpAddressLine2: '',
        childGpTown: 'Leicester',
        childGpPostcode: 'LE1 6FB',
        childGpCode: '',
      };
    case 'child-school-details':
      return {
        childSchoolName: 'Granby Primary School',
        childSchoolAddressLine1: '2 Granby Road',
        childSchoolAddressLine2: '',
        childSchoolTown: 'Leicester',
        childSchoolPostcode: 'LE2 8LN',
        childSchoolUrn: '',
      };
    case 'child-education':
      return { inFullTimeEducation: 'yes' };
    case 'child-language':
      return { childLanguage: 'English', interpreterNeeded: 'no' };
    case 'child-access-needs':
      return { accessNeeds: '' };
    case 'parental-responsibility':
      return {
        parent1Name: 'Grace Ndiaye',
        parent1Relationship: 'Mother',
        parent1Phone: '07700 900982',
        parent1Email: c.familyEmail ?? '',
      };
    case 'another-parent':
      return { anotherParent: 'no' };
    case 'lives-with':
      return { livesWith: 'parents' };
    case 'consent':
      return {
        consentGivenBy: 'parent',
        consentName: 'Grace Ndiaye',
        ...dateFields('consentDate', '2026-11-01'),
        consentSharing: ['gp', 'school'],
      };
    case 'discharge':
      return dateFields('childDischargedOn', c.dischargedOn ?? '2026-09-30');
    case 'difficulties':
      return { difficulties: c.difficulties ?? ['movement', 'functional'] };
    case 'impact':
      return { impact: ['handwriting', 'dressing'], impactDetails: 'Cannot fasten buttons yet.' };
    case 'duration':
      return { duration: 'over-12-months' };
    case 'tried':
      return { tried: 'Pencil grips and extra time at school, from the SENCO.' };
    case 'conditions':
      return { conditions: c.conditions ?? ['developmental-coordination-disorder'] };
    case 'community-issue':
      return { communityIssue: 'no' };
    case 'other-needs':
      return { otherNeeds: c.otherNeeds ?? ['none'] };
    case 'curriculum':
      return { curriculum: 'yes' };
    case 'other-professionals':
      return { otherProfessionals: '' };
    case 'safeguarding':
      return { safeguarding: c.safeguarding === true ? 'yes' : 'no' };
    case 'safeguarding-details':
      return { safeguardingDetails: 'Missed appointments.', safeguardingContact: '' };
    case 'hopes':
      return { hopes: 'To dress and write more independently.' };
    case 'attachments':
      // Continue without uploading: the upload has its own form (see uploadFile).
      return {};
    default:
      throw new Error(`No answer for referral page ${pageId}`);
  }
}

/**
 * Starts a referral and answers every page it asks, until check-your-answers; returns that page. `base` is the
 * service's referral path (`/refer` for a single service).
 */
export async function completeReferral(
  client: TestClient,
  c: ReferralCase,
  base = '/refer',
  options: { from?: string } = {},
): Promise<Page> {
  let path = options.from;
  if (path === undefined) {
    const started = await client.post(`${base}/start`, {}, { csrf: null });
    if (started.location === undefined) throw new Error(`Starting a referral gave ${String(started.status)}`);
    path = started.location;
  }
  for (let step = 0; step < 60; step += 1) {
    const page = await client.get(path);
    if (page.status !== 200) throw new Error(`GET ${path} gave ${String(page.status)}`);
    if (path === `${base}/check-your-answers`) return page;
    const answered = await client.post(path, answersFor(path.slice(base.length + 1), c));
    if (answered.status !== 303 || answered.location === undefined) {
      throw new Error(`POST ${path} gave ${String(answered.status)}: ${errorSummary(answered).join('; ')}`);
    }
    path = answered.location;
  }
  throw new Error('The referral form asked more questions than it has pages');
}

/** Uploads a file to the draft the client holds, as a browser sends the attachments page's upload form. */
export async function uploadFile(
  client: TestClient,
  file: { name: string; bytes: Uint8Array; type?: string },
  options: { base?: string; csrf?: string | null } = {},
): Promise<Page> {
  const boundary = '----OtwayTestBoundary7MA4YWxkTrZu0gW';
  const token = options.csrf === undefined ? client.csrfToken : options.csrf;
  const parts: Buffer[] = [];
  if (token !== null && token !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return client.request('POST', `${options.base ?? '/refer'}/attachments/upload`, {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
