import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { inWords, midSentence, months } from '../../../domain/shared/words.js';
import { paths, type PublicPaths } from '../../paths.js';

export { inWords, midSentence, months };

/** What the public pages of a service show, taken from its definition. */
export function servicePageModel(service: ServiceDefinition, links: PublicPaths) {
  const telephone = service.contact.telephone;
  return {
    service: {
      name: service.serviceName,
      organisation: service.organisation.name,
      description: service.shortDescription,
      telephone,
      telephoneHref: `tel:+44${telephone.replace(/\s+/gu, '').replace(/^0/u, '')}`,
      email: service.contact.email ?? null,
      hours: service.contact.hours ?? null,
    },
    links: { ...links, signIn: paths.signIn.build() },
  };
}

/** The feedback form of a service ("Tell us what you think"), and the page that thanks the visitor. */
export function feedbackPaths(links: PublicPaths) {
  const form = links.prefix === '' ? '/feedback' : `${links.prefix}/feedback`;
  return { form, thanks: `${form}/thank-you` };
}

/** A referrer's words reduced to compare: "Health professionals" and "A health professional" say the same. */
function sameWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/\//gu, ' or ')
    .replace(/^(a|an|the)\s+/u, '')
    .split(/\s+/u)
    .map((w) => w.replace(/s$/u, ''))
    .join(' ');
}

/**
 * Who may always refer, each with the definition's examples in words ("A health professional", "for example
 * speech and language therapist or health visitor"), leaving out an example that only repeats the label.
 */
export function referrersWhoMayRefer(service: ServiceDefinition): { label: string; examples: string | null }[] {
  return service.referrers
    .filter((r) => r.mayRefer === 'always')
    .map((r) => {
      const examples = r.includes.filter((i) => sameWords(i) !== sameWords(r.label)).map(midSentence);
      return { label: r.label, examples: examples.length === 0 ? null : inWords(examples, 'or') };
    });
}

function excludedConditionLabels(service: ServiceDefinition): string[] {
  const excluded = new Set(service.eligibility.excludedConditions.codes);
  return service.conditions.filter((c) => excluded.has(c.code)).map((c) => c.label);
}

/** "Conditions we help with": the conditions covered (those not excluded) and the care pathways. */
export function conditionsModel(service: ServiceDefinition) {
  const excluded = new Set(service.eligibility.excludedConditions.codes);
  return {
    conditions: service.conditions.filter((c) => !excluded.has(c.code)).map((c) => c.label),
    excludedConditions: excludedConditionLabels(service),
    pathways: service.pathways.map((p) => ({ name: p.label, description: p.description })),
  };
}

/** "Who can refer and how": who may refer, the parent re-referral window, and how to refer for now. */
export function whoCanReferModel(service: ServiceDefinition) {
  const window = months(service.eligibility.parentReReferralWindowMonths);
  return {
    referrers: referrersWhoMayRefer(service),
    withinWindow: service.referrers
      .filter((r) => r.mayRefer === 'within-re-referral-window')
      .map((r) => ({ label: r.label })),
    cannotRefer: service.referrers.filter((r) => r.mayRefer === 'never').map((r) => r.label),
    reReferralWindow: window,
  };
}

/** "What happens after a referral": the possible outcomes, in general terms, and the pathways by name. */
export function afterReferralModel(service: ServiceDefinition) {
  const names = service.pathways.map((p) => p.label);
  return { pathwayExamples: inWords(names.slice(0, 3), 'or') };
}

/** "What we do not provide": the exclusions, and the signposting resources grouped by the area each serves. */
export function notProvidedModel(service: ServiceDefinition) {
  const areas = [...new Set(service.signposting.map((s) => s.area))];
  return {
    exclusions: service.exclusions,
    signposting: areas.map((area) => ({
      area,
      resources: service.signposting
        .filter((s) => s.area === area)
        .map((s) => ({ name: s.name, organisation: s.organisation, url: s.url })),
    })),
  };
}

/** "Advice for professionals": a summary of the referral criteria, from the definition's parameters. */
export function professionalsModel(service: ServiceDefinition) {
  const e = service.eligibility;
  const { alwaysUnder, inFullTimeEducationUnder } = e.ages;
  return {
    criteria: {
      areaName: e.areaName,
      alwaysUnder,
      inFullTimeEducationUnder,
      extendedAgeRange: inFullTimeEducationUnder > alwaysUnder,
      icbName: e.gpPractice.icbName,
      schoolAreas: inWords(
        e.school.localAuthorities.map((la) => la.name),
        'or',
      ),
      difficulties: inWords(
        e.difficulties.map((d) => d.label),
        'or',
      ),
      notAccepted: [
        ...(e.excludedConditions.codes.length === 0
          ? []
          : [
              `needs that come from ${inWords(excludedConditionLabels(service).map(midSentence), 'or')}` +
                (e.excludedConditions.overriddenByCommunityIssue
                  ? ', unless there is a significant overriding community issue, for example the child cannot leave home'
                  : ''),
            ]),
        ...(e.ayresSensoryIntegrationProvided
          ? []
          : [
              'requests for Ayres Sensory Integration assessment or therapy, which we do not provide (the child can still be referred for other needs)',
            ]),
      ],
      reReferralWindow: months(e.parentReReferralWindowMonths),
      parentsMayRefer: service.referrers.some((r) => r.mayRefer === 'within-re-referral-window'),
    },
  };
}
