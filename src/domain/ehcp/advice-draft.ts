/**
 * The first draft of EHCP health advice, drawn from what the child's record already holds, so that nothing is typed
 * twice: each assessment (its name, date and derived values in words) as a source, and as a need where its result
 * shows difficulty; each active goal as an outcome sought; each item of equipment in use as health provision.
 *
 * What this reads is only what `RecordForDraft` names: no alert, safeguarding note, contact note or address can reach
 * the advice from here, because none is given to it. Pure.
 */
import { ASSESSMENT_LABELS, isAssessmentKind } from '../record/assessments/index.js';
import type { BeeryDerived, BeeryScores } from '../record/assessments/beery-vmi.js';
import { beeryPercentileText } from '../record/assessments/beery-vmi.js';
import type { DcdqDerived, DcdqScores } from '../record/assessments/dcdq07.js';
import { DCDQ_RESULT_LABELS } from '../record/assessments/dcdq07.js';
import type { Mabc2Derived, Mabc2Scores } from '../record/assessments/mabc2.js';
import { MABC2_COMPONENT_LABELS, MABC2_ZONE_LABELS } from '../record/assessments/mabc2.js';
import type { SensoryDerived } from '../record/assessments/sensory-profile-2.js';
import { SENSORY_CLASSIFICATION_LABELS, SENSORY_SCALE_LABELS } from '../record/assessments/sensory-profile-2.js';
import { formatLongDate } from '../shared/dates.js';
import { months } from '../shared/words.js';
import { emptyContent, type AdviceContent, type Need } from './advice.js';

export interface RecordForDraft {
  serviceName: string;
  child: { givenName: string };
  /** The date the child first came to the service (the first episode's acceptance), if known. */
  knownSince: string | null;
  assessments: readonly {
    instrument: string;
    assessedOn: string;
    summary: string;
    scores: unknown;
    derived: unknown;
  }[];
  goals: readonly { text: string; reviewOn: string; status: string }[];
  equipment: readonly {
    itemName: string;
    sizeLabel: string | null;
    reviewEveryMonths: number;
    reviewOn: string | null;
    status: string;
  }[];
}

const ordinal = (n: number): string => {
  const rem100 = n % 100;
  const suffix = rem100 >= 11 && rem100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${String(n)}${suffix}`;
};

/** Percentile at or below which a standardised score is counted as a difficulty for the draft (clinician reviews). */
const DIFFICULTY_PERCENTILE = 15;

interface Drawn {
  words: string;
  needs: Need[];
}

function mabc2(scores: Mabc2Scores, derived: Mabc2Derived, on: string): Drawn {
  const p = derived.percentiles;
  const parts = (['manualDexterity', 'aimingAndCatching', 'balance', 'total'] as const).map(
    (c) => `${MABC2_COMPONENT_LABELS[c]} standard score ${String(scores[c])} (${ordinal(p[c])} percentile)`,
  );
  const words = `${parts.join('; ')}. ${MABC2_ZONE_LABELS[derived.zone]}.`;
  const needs: Need[] = [];
  const when = `Movement ABC-2 on ${formatLongDate(on)}`;
  if (p.manualDexterity <= DIFFICULTY_PERCENTILE) {
    needs.push({
      area: 'fine-motor',
      description: `${when}: Manual Dexterity at the ${ordinal(p.manualDexterity)} percentile.`,
    });
  }
  if (derived.zone !== 'green' || p.balance <= DIFFICULTY_PERCENTILE || p.aimingAndCatching <= DIFFICULTY_PERCENTILE) {
    needs.push({
      area: 'gross-motor',
      description: `${when}: total at the ${ordinal(p.total)} percentile (${MABC2_ZONE_LABELS[derived.zone].toLowerCase()}); balance at the ${ordinal(p.balance)} percentile, aiming and catching at the ${ordinal(p.aimingAndCatching)}.`,
    });
  }
  return { words, needs };
}

function beery(scores: BeeryScores, derived: BeeryDerived, on: string): Drawn {
  const tests = [
    ['Visual-Motor Integration', scores.vmi, derived.vmi],
    ['Visual Perception', scores.visualPerception, derived.visualPerception],
    ['Motor Coordination', scores.motorCoordination, derived.motorCoordination],
  ] as const;
  const parts = tests.flatMap(([name, score, result]) =>
    score === undefined || result === undefined
      ? []
      : [
          `${name} standard score ${String(score)} (${beeryPercentileText(result.percentile)}, ${result.category.toLowerCase()})`,
        ],
  );
  const low = ['Below average', 'Low', 'Very low'];
  const needs: Need[] = tests.some(([, , r]) => r !== undefined && low.includes(r.category))
    ? [{ area: 'handwriting-visual-motor', description: `Beery VMI on ${formatLongDate(on)}: ${parts.join('; ')}.` }]
    : [];
  return { words: `${parts.join('; ')}.`, needs };
}

function sensory(derived: SensoryDerived, summary: string, on: string): Drawn {
  if (derived.outside.length === 0) return { words: summary, needs: [] };
  const parts = derived.outside.map(
    (o) => `${SENSORY_SCALE_LABELS[o.scale]}: ${SENSORY_CLASSIFICATION_LABELS[o.classification].toLowerCase()}`,
  );
  return {
    words: `${parts.join('; ')}.`,
    needs: [
      { area: 'sensory-processing', description: `Sensory Profile 2 on ${formatLongDate(on)}: ${parts.join('; ')}.` },
    ],
  };
}

function dcdq(scores: DcdqScores, derived: DcdqDerived, on: string): Drawn {
  const words = `Total ${String(scores.total)}: ${DCDQ_RESULT_LABELS[derived.result]}.`;
  const needs: Need[] =
    derived.result === 'indication'
      ? [{ area: 'gross-motor', description: `DCDQ'07 completed on ${formatLongDate(on)}: ${words}` }]
      : [];
  return { words, needs };
}

/** One assessment in words, and the needs it shows; the stored JSON was written from the domain's own derivation. */
function drawAssessment(a: RecordForDraft['assessments'][number]): Drawn {
  switch (a.instrument) {
    case 'mabc2':
      return mabc2(a.scores as Mabc2Scores, a.derived as Mabc2Derived, a.assessedOn);
    case 'beery-vmi':
      return beery(a.scores as BeeryScores, a.derived as BeeryDerived, a.assessedOn);
    case 'sensory-profile-2':
      return sensory(a.derived as SensoryDerived, a.summary, a.assessedOn);
    case 'dcdq07':
      return dcdq(a.scores as DcdqScores, a.derived as DcdqDerived, a.assessedOn);
    default:
      return { words: a.summary, needs: [] };
  }
}

export function draftFromRecord(record: RecordForDraft): AdviceContent {
  const content = emptyContent();
  content.knownTo =
    record.knownSince === null
      ? `${record.child.givenName} is known to ${record.serviceName}.`
      : `${record.child.givenName} has been known to ${record.serviceName} since ${formatLongDate(record.knownSince)}.`;
  for (const a of [...record.assessments].sort((x, y) => x.assessedOn.localeCompare(y.assessedOn))) {
    const name = isAssessmentKind(a.instrument) ? ASSESSMENT_LABELS[a.instrument] : 'Assessment';
    const drawn = drawAssessment(a);
    content.sources.push({ what: `${name}: ${drawn.words}`, on: a.assessedOn });
    content.needs.push(...drawn.needs);
  }
  for (const goal of record.goals) {
    if (goal.status !== 'active') continue;
    content.outcomes.push({ outcome: goal.text, byWhen: formatLongDate(goal.reviewOn) });
  }
  for (const item of record.equipment) {
    if (item.status !== 'in-use') continue;
    const what = item.sizeLabel === null ? item.itemName : `${item.itemName} (${item.sizeLabel})`;
    content.g.push({
      what: `${what}, provided by the occupational therapy service and used daily`,
      who: 'Occupational therapist (review)',
      howOften: `Reviewed once every ${months(item.reviewEveryMonths)}`,
      // How long a review takes is the clinician's to say: the record does not hold it.
      sessionLength: '',
      period: item.reviewOn === null ? 'For 12 months' : `Until the review on ${formatLongDate(item.reviewOn)}`,
      outcomes: [],
    });
  }
  return content;
}
