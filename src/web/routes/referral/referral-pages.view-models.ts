/**
 * What the referral form's pages show around their questions: the start page, Back and the form's own links, the
 * attachments page, check your answers with the eligibility decision, the confirmation, and saving to come back
 * later. Plain functions of the draft, the paths and what the controller loaded; the templates only place them.
 */
import type { EligibilityDecision } from '../../../domain/eligibility/index.js';
import type { Answers, FieldProblem } from '../../../domain/forms/fields.js';
import type { Page } from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { errorsFromMessages } from '../../forms/form.js';
import type { PublicPaths } from '../../paths.js';
import { inWords, midSentence, months } from '../public/public.view-models.js';
import { SEARCH_MAX } from '../shared/place-choices.js';
import type { ReferralPaths } from './referral.paths.js';
import { fieldModels, pageErrors } from '../../forms/field-models.js';

/** "2.4 MB", "310 KB": a file's size as people read it. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${String(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** The start page: who may refer, the re-referral window, and a way back into a draft not yet sent. */
export function startPageModel(
  service: ServiceDefinition,
  links: PublicPaths,
  paths: ReferralPaths,
  unsentDraft: boolean,
) {
  return {
    beginAction: paths.begin,
    carryOnHref: unsentDraft ? paths.check : undefined,
    referrers: inWords(
      service.referrers.filter((r) => r.mayRefer === 'always').map((r) => midSentence(r.label)),
      'or',
    ),
    checkerHref: links.checker,
    reReferralWindow: months(service.eligibility.parentReReferralWindowMonths),
  };
}

/**
 * Where Back goes from a question page: to check your answers once everything is answered, otherwise to the page
 * before, or from the first page to where the draft began (`firstBack`).
 */
export function backHref(
  applying: readonly Page[],
  pageId: string,
  everythingAnswered: boolean,
  firstBack: string,
  paths: ReferralPaths,
): string {
  if (everythingAnswered) return paths.check;
  const index = applying.findIndex((p) => p.id === pageId);
  const before = index > 0 ? applying[index - 1] : undefined;
  return before === undefined ? firstBack : paths.page(before.id);
}

/** What every page of a draft carries: its form token, where it posts, Back, and "save and come back later". */
export interface DraftPageLinks {
  token: string;
  backHref: string;
  paths: ReferralPaths;
}

export function questionPageModel(
  page: Page,
  answers: Answers,
  options: { sent?: Record<string, unknown>; problems?: FieldProblem[] },
  places: Parameters<typeof fieldModels>[4],
  links: DraftPageLinks,
) {
  return {
    page: { id: page.id, title: page.title, hint: page.hint },
    fields: fieldModels(page.fields, answers, options.sent, options.problems ?? [], places),
    errors: options.problems === undefined || options.problems.length === 0 ? undefined : pageErrors(options.problems),
    token: links.token,
    action: links.paths.page(page.id),
    backHref: links.backHref,
    saveHref: links.paths.save,
    searchMax: SEARCH_MAX,
  };
}

export interface AttachedFile {
  id: string;
  fileName: string;
  sizeBytes: number;
}

export function attachmentsPageModel(
  page: Page,
  files: readonly AttachedFile[],
  options: { uploaded?: string; uploadError?: string; maxFiles: number },
  links: DraftPageLinks,
) {
  return {
    page: { id: page.id, title: page.title },
    files: files.map((f) => ({ ...f, size: sizeText(f.sizeBytes) })),
    uploaded: files.find((f) => f.id === options.uploaded)?.fileName,
    full: files.length >= options.maxFiles,
    maxFiles: options.maxFiles,
    errors: options.uploadError === undefined ? undefined : errorsFromMessages([['file', options.uploadError]]),
    token: links.token,
    action: links.paths.page(page.id),
    uploadAction: links.paths.upload,
    removeAction: links.paths.removeFile,
    backHref: links.backHref,
    saveHref: links.paths.save,
  };
}

/** The eligibility decision as check your answers states it: the outcome, and the reasons not met or not known. */
export function decisionSummary(decision: EligibilityDecision | undefined) {
  return (
    decision && {
      outcome: decision.outcome,
      notMet: decision.criteria.filter((c) => c.result === 'not-met').map((c) => c.reason),
      unknown: decision.criteria.filter((c) => c.result === 'unknown').map((c) => c.reason),
      policyVersion: decision.policyVersion,
    }
  );
}

/** The save page: the address to send the link to, with its problem when it was not one. */
export function savePageModel(email: string, token: string, backHref: string, keepDays: number, paths: ReferralPaths) {
  return { values: { email }, token, action: paths.save, backHref, keepDays };
}

/** The confirmation: the reference, where the referrer is told, and for staff the way to their next paper referral. */
export function confirmationModel(
  referral: { reference: string; referrerEmail: string | null; eligibilityOutcome: string },
  staff: boolean,
  hrefs: { staffHome: string; register: string },
  paths: ReferralPaths,
) {
  return {
    staff,
    staffHomeHref: hrefs.staffHome,
    registerHref: hrefs.register,
    reference: referral.reference,
    referrerEmail: referral.referrerEmail,
    outcome: referral.eligibilityOutcome,
    beginAction: paths.begin,
  };
}
