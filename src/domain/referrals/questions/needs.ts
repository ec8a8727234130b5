/** The referral form's pages: why the child is referred. */
import type { PageKit } from './kit.js';
import { type Page, yesNo, text, list, IMPACTS } from './shared.js';

export function needsPages(kit: PageKit): Page[] {
  const { definition, eligibility, windowMonths, hasSchool, you, questions } = kit;
  return [
    {
      id: 'discharge',
      section: 'needs',
      title: 'When did we discharge the child?',
      fields: [
        {
          ...questions.dischargedOn,
          hint: `A parent or carer can refer their child again within ${String(windowMonths)} months of discharge. The date is on our discharge letter.`,
        },
      ],
      applies: (a) =>
        definition.referrers.find((r) => r.id === text(a, 'referrerType'))?.mayRefer === 'within-re-referral-window',
    },
    {
      id: 'difficulties',
      section: 'needs',
      title: 'What difficulties does the child have?',
      fields: [questions.difficulties],
    },
    {
      id: 'impact',
      section: 'needs',
      title: 'How do the difficulties affect the child’s daily life?',
      fields: [
        {
          kind: 'checkboxes',
          name: 'impact',
          label: 'Which everyday activities are affected?',
          hint: 'Select all that apply.',
          missing: 'Select the activities that are affected',
          options: IMPACTS,
        },
        {
          kind: 'textarea',
          name: 'impactDetails',
          label: 'Tell us how (optional)',
          summary: 'How the difficulties affect daily life',
          hint: 'For example, what the child cannot do yet that others of their age can.',
          missing: '',
          optional: true,
          max: 5000,
        },
      ],
    },
    {
      id: 'duration',
      section: 'needs',
      title: 'How long has the child had these difficulties?',
      fields: [
        {
          kind: 'radios',
          name: 'duration',
          label: 'How long has the child had these difficulties?',
          missing: 'Select how long the child has had these difficulties',
          options: [
            { value: 'under-6-months', text: 'Less than 6 months' },
            { value: '6-to-12-months', text: '6 to 12 months' },
            { value: 'over-12-months', text: 'More than 12 months' },
            { value: 'since-birth', text: 'Since birth' },
          ],
        },
      ],
    },
    {
      id: 'tried',
      section: 'needs',
      title: 'What has been tried already, and by whom?',
      fields: [
        {
          kind: 'textarea',
          name: 'tried',
          label: 'What has been tried already, and by whom?',
          hint: 'For example, strategies at school, advice from a health visitor, or equipment at home.',
          missing: 'Enter what has been tried already, or say nothing has',
          max: 5000,
        },
      ],
    },
    {
      id: 'conditions',
      section: 'needs',
      title: 'Has the child been diagnosed with any of these conditions?',
      fields: [questions.conditions],
    },
    {
      id: 'community-issue',
      section: 'needs',
      title: 'Does a serious problem stop the child getting help outside the home?',
      fields: [questions.communityIssue],
      applies: (a) =>
        eligibility.excludedConditions.overriddenByCommunityIssue &&
        list(a, 'conditions').some((c) => eligibility.excludedConditions.codes.includes(c)),
    },
    {
      id: 'other-needs',
      section: 'needs',
      title: 'Do any of these apply?',
      fields: [questions.otherNeeds],
    },
    {
      id: 'curriculum',
      section: 'needs',
      title: 'Does the child need help with things they do at school?',
      fields: [questions.curriculum],
      applies: hasSchool,
    },
    {
      id: 'other-professionals',
      section: 'needs',
      title: 'Which other professionals are involved with the child? (optional)',
      fields: [
        {
          kind: 'textarea',
          name: 'otherProfessionals',
          label: 'Which other professionals are involved with the child? (optional)',
          hint: 'For example, a physiotherapist, paediatrician or educational psychologist, with their contact details if you have them.',
          missing: '',
          optional: true,
          max: 5000,
        },
      ],
    },
    {
      id: 'safeguarding',
      section: 'needs',
      title: you(
        'Do you have any safeguarding concerns about the child?',
        'Does the referral raise any safeguarding concerns?',
      ),
      fields: [
        {
          kind: 'radios',
          name: 'safeguarding',
          label: you(
            'Do you have any safeguarding concerns about the child?',
            'Does the referral raise any safeguarding concerns?',
          ),
          hint: 'If a child is in immediate danger, call 999. This form is not watched all the time.',
          missing: 'Select yes if you have safeguarding concerns',
          options: yesNo(),
        },
      ],
    },
    {
      id: 'safeguarding-details',
      section: 'needs',
      title: 'Your safeguarding concerns',
      fields: [
        {
          kind: 'textarea',
          name: 'safeguardingDetails',
          label: 'What are your concerns?',
          missing: 'Enter your safeguarding concerns',
          max: 5000,
        },
        {
          kind: 'text',
          name: 'safeguardingContact',
          label: 'Who should we contact about them? (optional)',
          hint: 'For example, the child’s social worker, with their telephone number',
          missing: '',
          optional: true,
          max: 300,
        },
      ],
      applies: (a) => text(a, 'safeguarding') === 'yes',
    },
    {
      id: 'hopes',
      section: 'needs',
      title: you(
        'What do you hope occupational therapy will help the child to do?',
        'What does the referrer hope occupational therapy will help the child to do?',
      ),
      fields: [
        {
          kind: 'textarea',
          name: 'hopes',
          label: you(
            'What do you hope occupational therapy will help the child to do?',
            'What does the referrer hope occupational therapy will help the child to do?',
          ),
          hint: 'For example, get dressed on their own, use cutlery, or write for longer at school.',
          missing: 'Enter what you hope occupational therapy will help the child to do',
          max: 5000,
        },
      ],
    },
    {
      id: 'attachments',
      section: 'needs',
      title: you('Upload reports or letters (optional)', 'Attach the referral form and any reports'),
      // Files are not answers: the page has its own upload form, and counts as answered once visited.
      fields: [],
    },
  ];
}
