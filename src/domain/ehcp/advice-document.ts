/**
 * Signed EHCP health advice as a document for the PDF: who the child is (name, date of birth, NHS number, school by
 * name only), the authority and its reference, the date of the request and the statutory due date, every section as
 * headings with the provision as lists (what, who, how often, how long), who signed it and when, the reviewer, and
 * the addenda when it is drawn again. No one's home address is in it: nothing here takes one. Pure.
 */
import { formatLongDate } from '../shared/dates.js';
import { formatNhsNumber } from '../shared/nhs-number.js';
import {
  NEED_AREA_LABELS,
  SECTION_NAMES,
  type AdviceContent,
  type Provision,
  type ProvisionSection,
} from './advice.js';

export type Block =
  { kind: 'paragraph'; text: string } | { kind: 'heading'; text: string } | { kind: 'list'; items: string[] };

export interface AdviceDocument {
  title: string;
  details: [label: string, value: string][];
  sections: { heading: string; blocks: Block[] }[];
  signature: string[];
  addenda: { heading: string; blocks: Block[] }[];
}

export interface AdviceDocumentInput {
  serviceName: string;
  organisationName: string;
  child: {
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    nhsNumber: string | null;
    school: string | null;
  };
  authority: { name: string; reference: string };
  /** needs-assessment | annual-review */
  kind: string;
  receivedOn: string;
  dueOn: string;
  content: AdviceContent;
  author: { name: string; role: string };
  /** The London date it was signed. */
  signedOn: string;
  reviewer: { name: string; reviewedOn: string } | null;
  reusedFrom: { signedOn: string; agreement: ReuseAgreement } | null;
  addenda: readonly { createdOn: string; byName: string; reason: string; text: string }[];
}

export interface ReuseAgreement {
  earlierAdviceId: string;
  authorityAgreedOn: string;
  familyAgreedOn: string;
  clinicianAgreedOn: string;
}

const para = (text: string): Block => ({ kind: 'paragraph', text });
const orNone = (text: string, none: string): Block => para(text === '' ? none : text);

function provisionBlocks(section: ProvisionSection, list: readonly Provision[], content: AdviceContent): Block[] {
  if (list.length === 0) {
    return [para(section === 'g' ? 'The service advises no health provision in section G.' : 'None.')];
  }
  return list.flatMap((p, i) => [
    { kind: 'heading' as const, text: `${SECTION_NAMES[section]} provision ${String(i + 1)}` },
    {
      kind: 'list' as const,
      items: [
        `What: ${p.what}`,
        `Who delivers it: ${p.who}`,
        `How often: ${p.howOften}`,
        `How long: ${p.sessionLength}; ${p.period}`,
        `Outcomes it serves: ${p.outcomes.map((o) => `${String(o)}. ${content.outcomes[o - 1]?.outcome ?? ''}`).join('; ')}`,
      ],
    },
  ]);
}

/** The template's sections as headings, paragraphs and lists: for the PDF and for the page. */
export function sectionsOf(content: AdviceContent): AdviceDocument['sections'] {
  const sections: AdviceDocument['sections'] = [
    {
      heading: 'About this advice',
      blocks: [
        orNone(content.knownTo, 'Not stated.'),
        { kind: 'heading', text: 'Sources of information' },
        {
          kind: 'list',
          items: content.sources.map((s) => (s.on === '' ? s.what : `${s.what} (${formatLongDate(s.on)})`)),
        },
        { kind: 'heading', text: "The child's views" },
        orNone(content.childViews, 'Not recorded.'),
        { kind: 'heading', text: "The family's views" },
        orNone(content.familyViews, 'Not recorded.'),
      ],
    },
    {
      heading: 'Section C: health needs relating to special educational needs',
      blocks: content.needs.flatMap((n, i): Block[] => [
        { kind: 'heading', text: `${String(i + 1)}. ${n.area === '' ? 'Need' : NEED_AREA_LABELS[n.area]}` },
        para(n.description),
      ]),
    },
    {
      heading: 'Section E: outcomes sought',
      blocks: [
        { kind: 'list', items: content.outcomes.map((o, i) => `${String(i + 1)}. ${o.outcome} (by ${o.byWhen})`) },
      ],
    },
    {
      heading: 'Section F: provision that educates or trains (special educational provision)',
      blocks: provisionBlocks('f', content.f, content),
    },
    { heading: 'Section G: health provision', blocks: provisionBlocks('g', content.g, content) },
  ];
  if (content.other !== '')
    sections.push({ heading: 'Other information for the authority', blocks: [para(content.other)] });
  return sections;
}

export function adviceDocument(input: AdviceDocumentInput): AdviceDocument {
  const { content, child } = input;
  const details: [string, string][] = [
    ['Child', `${child.givenName} ${child.familyName}`],
    ['Date of birth', formatLongDate(child.dateOfBirth)],
    ['NHS number', child.nhsNumber === null ? 'Not known' : formatNhsNumber(child.nhsNumber)],
    ['School', child.school ?? 'Not known'],
    ['Local authority', input.authority.name],
    ["Authority's reference", input.authority.reference],
    ['Request received', formatLongDate(input.receivedOn)],
    ['Advice due by', formatLongDate(input.dueOn)],
  ];
  const sections = sectionsOf(content);
  if (input.reusedFrom !== null) {
    const { signedOn, agreement } = input.reusedFrom;
    sections[0]?.blocks.splice(
      1,
      0,
      para(
        `This advice re-uses the service's advice signed on ${formatLongDate(signedOn)} (regulation 6(4) of the SEND Regulations 2014), as agreed by the local authority on ${formatLongDate(agreement.authorityAgreedOn)}, the family on ${formatLongDate(agreement.familyAgreedOn)} and the clinician on ${formatLongDate(agreement.clinicianAgreedOn)}.`,
      ),
    );
  }
  const signature = [
    `Signed by ${input.author.name}, ${input.author.role}, on ${formatLongDate(input.signedOn)}.`,
    ...(input.reviewer === null
      ? []
      : [`Reviewed by ${input.reviewer.name} on ${formatLongDate(input.reviewer.reviewedOn)}.`]),
    `Signed electronically in ${input.serviceName}, ${input.organisationName}.`,
  ];
  const addenda = input.addenda.map((a) => ({
    heading: `Addendum of ${formatLongDate(a.createdOn)} by ${a.byName}`,
    blocks: [para(`Reason: ${a.reason}`), para(a.text)],
  }));
  return {
    title:
      input.kind === 'annual-review'
        ? 'Health advice for the annual review of an Education, Health and Care plan'
        : 'Health advice for an Education, Health and Care needs assessment',
    details,
    sections,
    signature,
    addenda,
  };
}
