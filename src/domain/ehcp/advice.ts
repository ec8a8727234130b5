/**
 * Statutory EHCP health advice (issue 15 item 4): the template's content and the rules that make a thin advice report
 * hard to sign. The content separates the child's health needs relating to their SEN (EHC plan section C), the
 * outcomes sought (section E), provision that educates or trains (section F) and health provision (section G), each
 * provision with what, who delivers it (a role), how often and for how long, linked to the outcomes it serves.
 *
 * A draft may be saved incomplete (`parseAdviceForm` checks only shapes and lengths); `readinessToSign` lists every
 * problem that blocks signing, vague wording in provision among them (the SEND Code of Practice, 9.69: provision must
 * be detailed and specific, so that it can be enforced). Pure.
 */
import type { FieldProblem } from '../forms/fields.js';
import { parseDateInput } from '../shared/date-input.js';
import { cleanText, codePointLength } from '../shared/text.js';

export const NEED_AREAS = [
  'fine-motor',
  'gross-motor',
  'sensory-processing',
  'self-care',
  'handwriting-visual-motor',
  'other',
] as const;
export type NeedArea = (typeof NEED_AREAS)[number];

export const NEED_AREA_LABELS: Record<NeedArea, string> = {
  'fine-motor': 'Fine motor skills',
  'gross-motor': 'Gross motor skills and coordination',
  'sensory-processing': 'Sensory processing',
  'self-care': 'Self-care',
  'handwriting-visual-motor': 'Handwriting and visual motor integration',
  other: 'Other',
};

export const isNeedArea = (value: unknown): value is NeedArea =>
  typeof value === 'string' && (NEED_AREAS as readonly string[]).includes(value);

export interface Source {
  what: string;
  /** ISO date, or '' when not given yet. */
  on: string;
}
export interface Need {
  area: NeedArea | '';
  description: string;
}
export interface OutcomeSought {
  outcome: string;
  byWhen: string;
}
export interface Provision {
  what: string;
  /** A role, never a person's name. */
  who: string;
  howOften: string;
  /** How long each session lasts. */
  sessionLength: string;
  /** For how long the provision runs. */
  period: string;
  /** The outcomes it serves, by their number (1 for the first). */
  outcomes: number[];
}
export const PROVISION_SECTIONS = ['f', 'g'] as const;
export type ProvisionSection = (typeof PROVISION_SECTIONS)[number];

export interface AdviceContent {
  template: 1;
  knownTo: string;
  sources: Source[];
  childViews: string;
  familyViews: string;
  needs: Need[];
  outcomes: OutcomeSought[];
  f: Provision[];
  g: Provision[];
  /** The clinician intends no health provision in section G (said explicitly, never assumed from an empty list). */
  noProvisionG: boolean;
  other: string;
  /** Set when signed: the signer's role, as the PDF names it. */
  signedAs?: string;
}

export const emptyContent = (): AdviceContent => ({
  template: 1,
  knownTo: '',
  sources: [],
  childViews: '',
  familyViews: '',
  needs: [],
  outcomes: [],
  f: [],
  g: [],
  noProvisionG: false,
  other: '',
});

/** At most this many rows of each list. */
export const MAX_ROWS = 25;
export const SHORT_MAX = 300;
export const LONG_MAX = 5000;

const PROVISION_PARTS = ['what', 'who', 'howOften', 'sessionLength', 'period'] as const;
type ProvisionPart = (typeof PROVISION_PARTS)[number];
export const PROVISION_PART_LABELS: Record<ProvisionPart, string> = {
  what: 'what',
  who: 'who delivers it',
  howOften: 'how often',
  sessionLength: 'how long each session lasts',
  period: 'for how long',
};
const PROVISION_MAX: Record<ProvisionPart, number> = {
  what: 2000,
  who: SHORT_MAX,
  howOften: SHORT_MAX,
  sessionLength: SHORT_MAX,
  period: SHORT_MAX,
};
export const SECTION_NAMES: Record<ProvisionSection, string> = { f: 'Section F', g: 'Section G' };

/** The form's field names, shared with the view model. */
export const fieldName = {
  source: (i: number, part: 'what' | 'on') => `source-${String(i)}-${part}`,
  need: (i: number, part: 'area' | 'description') => `need-${String(i)}-${part}`,
  outcome: (i: number, part: 'text' | 'by') => `outcome-${String(i)}-${part}`,
  provision: (s: ProvisionSection, i: number, part: ProvisionPart | 'outcomes') => `${s}-${String(i)}-${part}`,
};

const TOP_FIELDS = ['knownTo', 'childViews', 'familyViews', 'other', 'noProvisionG', 'version'];
const ROW_FIELD =
  /^(?:source-(\d{1,2})-(?:what|on\[(?:day|month|year)\])|need-(\d{1,2})-(?:area|description)|outcome-(\d{1,2})-(?:text|by)|[fg]-(\d{1,2})-(?:what|who|howOften|sessionLength|period|outcomes))$/u;

/** The names a form sent that the template does not have (refused outright, as every form refuses them). */
export function unexpectedFields(sent: Record<string, unknown>): string[] {
  return Object.keys(sent).filter((name) => {
    if (name === '_csrf' || TOP_FIELDS.includes(name)) return false;
    const match = ROW_FIELD.exec(name);
    if (match === null) return true;
    // One group matched (the row's number); join ignores the others, which did not.
    const index = Number(match.slice(1).join(''));
    return index >= MAX_ROWS;
  });
}

type Parsed = { ok: true; content: AdviceContent } | { ok: false; problems: FieldProblem[] };

/**
 * A submitted form as content: each text cleaned and bounded, empty rows dropped, the need area from the list, the
 * linked outcomes as numbers. Incomplete content is accepted (a draft); what cannot be stored is not.
 */
export function parseAdviceForm(sent: Record<string, unknown>): Parsed {
  const problems: FieldProblem[] = [];
  const text = (name: string, label: string, max: number): string => {
    const value = sent[name];
    if (value === undefined) return '';
    if (typeof value !== 'string') {
      problems.push({ field: name, message: `${label} must be one answer` });
      return '';
    }
    const clean = cleanText(value);
    if (codePointLength(clean) > max) {
      problems.push({ field: name, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });
    }
    return clean;
  };
  const content = emptyContent();
  content.knownTo = text('knownTo', 'How the child is known to the service', LONG_MAX);
  content.childViews = text('childViews', "The child's views", LONG_MAX);
  content.familyViews = text('familyViews', "The family's views", LONG_MAX);
  content.other = text('other', 'Anything else', LONG_MAX);
  content.noProvisionG = sent.noProvisionG === 'yes';
  for (let i = 0; i < MAX_ROWS; i++) {
    const n = String(i + 1);
    // A source drawn from the record carries its results in words, which can be long (a Sensory Profile 2).
    const what = text(fieldName.source(i, 'what'), `Source ${n}`, 2000);
    const on = sourceDate(sent, fieldName.source(i, 'on'), `Date of source ${n}`, problems);
    if (what !== '' || on !== '') content.sources.push({ what, on });

    const area = sent[fieldName.need(i, 'area')];
    const description = text(fieldName.need(i, 'description'), `Need ${n}`, LONG_MAX);
    const hasArea = typeof area === 'string' && area !== '';
    if (hasArea && !isNeedArea(area)) {
      problems.push({ field: fieldName.need(i, 'area'), message: `Select the area of need ${n} from the list` });
    }
    if (hasArea || description !== '') content.needs.push({ area: isNeedArea(area) ? area : '', description });

    const outcome = text(fieldName.outcome(i, 'text'), `Outcome ${n}`, 2000);
    const byWhen = text(fieldName.outcome(i, 'by'), `By when, for outcome ${n}`, SHORT_MAX);
    if (outcome !== '' || byWhen !== '') content.outcomes.push({ outcome, byWhen });

    for (const s of PROVISION_SECTIONS) {
      const label = `${SECTION_NAMES[s]} provision ${n}`;
      const parts = Object.fromEntries(
        PROVISION_PARTS.map((p) => [
          p,
          text(fieldName.provision(s, i, p), `${label}: ${PROVISION_PART_LABELS[p]}`, PROVISION_MAX[p]),
        ]),
      ) as Record<ProvisionPart, string>;
      const outcomes = outcomeNumbers(text(fieldName.provision(s, i, 'outcomes'), label, 100));
      if (outcomes === undefined) {
        problems.push({
          field: fieldName.provision(s, i, 'outcomes'),
          message: `${label}: enter the numbers of the outcomes it serves, like 1, 2`,
        });
      }
      if (PROVISION_PARTS.some((p) => parts[p] !== '') || (outcomes ?? []).length > 0) {
        content[s].push({ ...parts, outcomes: outcomes ?? [] });
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, content };
}

function sourceDate(sent: Record<string, unknown>, name: string, label: string, problems: FieldProblem[]): string {
  const parts = ['day', 'month', 'year'].map((p) => sent[`${name}[${p}]`]);
  if (parts.every((p) => p === undefined || p === '')) return '';
  const parsed = parseDateInput(sent, name, { missing: `Enter the ${label.toLowerCase()}`, label });
  if (!parsed.ok) {
    problems.push({ field: name, message: parsed.message, part: parsed.part });
    return '';
  }
  return parsed.date;
}

/** "1, 3" as [1, 3]; undefined when it is not a list of whole numbers from 1 to MAX_ROWS. */
function outcomeNumbers(value: string): number[] | undefined {
  if (value === '') return [];
  const items = value.split(/[\s,]+/u).filter((s) => s !== '');
  if (!items.every((s) => /^\d{1,2}$/u.test(s) && Number(s) >= 1 && Number(s) <= MAX_ROWS)) return undefined;
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
}

/**
 * Words that make provision unenforceable (SEND Code of Practice 9.69: "specific, detailed and quantified"). Each is
 * matched as whole words, case-insensitively; "ongoing" only where the same answer gives no number.
 */
export const VAGUE_PHRASES = [
  'as required',
  'as needed',
  'as necessary',
  'as appropriate',
  'when needed',
  'when necessary',
  'when required',
  'if needed',
  'if necessary',
  'if required',
  'regular',
  'regularly',
  'access to',
  'opportunities to',
  'opportunity to',
  'may benefit',
  'would benefit',
  'should',
  'could',
  'might',
  'up to',
  'where possible',
  'if possible',
  'periodic',
  'periodically',
] as const;

/** The vague words in one answer, in the order they appear. */
export function vagueWordsIn(value: string): string[] {
  const lower = value.toLowerCase();
  const found: { at: number; phrase: string }[] = [];
  for (const phrase of VAGUE_PHRASES) {
    const at = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.replace(' ', '\\s+')}(?![\\p{L}\\p{N}])`, 'u').exec(lower);
    if (at !== null) found.push({ at: at.index, phrase });
  }
  const ongoing = /(?<![\p{L}\p{N}])ongoing(?![\p{L}\p{N}])/u.exec(lower);
  if (ongoing !== null && !/\d/u.test(lower)) found.push({ at: ongoing.index, phrase: 'ongoing' });
  return found.sort((a, b) => a.at - b.at).map((f) => f.phrase);
}

/**
 * Every problem that blocks signing, each linked to the field to fix: nothing about how the child is known or the
 * sources, no views, no need, no outcome, no provision in F, no provision in G unless none is intended (and then
 * none listed), a provision missing any of what, who, how often and how long, or linked to no outcome or to one that
 * is not there, and vague wording in provision (which words, in which answer). Empty when the advice may be signed.
 */
export function readinessToSign(content: AdviceContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (content.knownTo === '') add('knownTo', 'Say how the child is known to the service');
  if (content.sources.length === 0) add(fieldName.source(0, 'what'), 'List the sources of information for the advice');
  content.sources.forEach((s, i) => {
    const n = String(i + 1);
    if (s.what === '') add(fieldName.source(i, 'what'), `Say what source ${n} is`);
    if (s.on === '') add(fieldName.source(i, 'on'), `Enter the date of source ${n}`);
  });
  if (content.childViews === '' && content.familyViews === '') {
    add('childViews', "Record the child's views or the family's views, as they gave them");
  }
  if (content.needs.length === 0) add(fieldName.need(0, 'area'), 'Add at least one health need (section C)');
  content.needs.forEach((need, i) => {
    const n = String(i + 1);
    if (need.area === '') add(fieldName.need(i, 'area'), `Select the area of need ${n}`);
    if (need.description === '') add(fieldName.need(i, 'description'), `Describe need ${n}`);
  });
  if (content.outcomes.length === 0) add(fieldName.outcome(0, 'text'), 'Add at least one outcome sought (section E)');
  content.outcomes.forEach((o, i) => {
    const n = String(i + 1);
    if (o.outcome === '') add(fieldName.outcome(i, 'text'), `Say what the child will be able to do for outcome ${n}`);
    if (o.byWhen === '') add(fieldName.outcome(i, 'by'), `Say by when for outcome ${n}`);
  });
  if (content.f.length === 0)
    add(fieldName.provision('f', 0, 'what'), 'Add the provision that educates or trains (section F)');
  if (content.noProvisionG && content.g.length > 0) {
    add('noProvisionG', 'You said there is no provision in section G but listed some: remove one or the other');
  } else if (!content.noProvisionG && content.g.length === 0) {
    add(
      fieldName.provision('g', 0, 'what'),
      'Add the health provision (section G), or say that there is no provision in section G',
    );
  }
  for (const s of PROVISION_SECTIONS) {
    content[s].forEach((p, i) => {
      provisionProblems(s, i, p, content.outcomes.length, add);
    });
  }
  return problems;
}

function provisionProblems(
  s: ProvisionSection,
  i: number,
  p: Provision,
  outcomeCount: number,
  add: (field: string, message: string) => void,
): void {
  const label = `${SECTION_NAMES[s]} provision ${String(i + 1)}`;
  for (const part of PROVISION_PARTS) {
    const name = fieldName.provision(s, i, part);
    if (p[part] === '') {
      add(name, `${label}: say ${PROVISION_PART_LABELS[part]}`);
      continue;
    }
    const vague = vagueWordsIn(p[part]);
    if (vague.length > 0) {
      const words = vague.map((w) => `"${w}"`).join(', ');
      add(
        name,
        `${label}: ${PROVISION_PART_LABELS[part]} uses vague wording (${words}): say exactly what will be done`,
      );
    }
  }
  const name = fieldName.provision(s, i, 'outcomes');
  if (p.outcomes.length === 0) add(name, `${label}: say which outcomes it serves`);
  const missing = p.outcomes.filter((o) => o > outcomeCount);
  if (missing.length > 0) add(name, `${label}: there is no outcome ${missing.map(String).join(' or ')}`);
}

/** Signed content as a new draft: who signed it, and in what role, belongs to the advice it was signed as. */
export function draftCopy(content: AdviceContent): AdviceContent {
  const copy = { ...content };
  delete copy.signedAs;
  return copy;
}

/** Stored JSON as content; anything not written by this template's parser is refused (a programming mistake). */
export function contentFromJson(json: string): AdviceContent {
  const value = JSON.parse(json) as Partial<AdviceContent>;
  if (value.template !== 1) throw new Error('EHCP advice content is not of template 1');
  return { ...emptyContent(), ...value };
}
