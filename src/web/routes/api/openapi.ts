/**
 * The OpenAPI 3.1 description of the eligibility API, built from the instance's default service definition, so the
 * codes it lists (difficulties, conditions, referrer types) are the ones that service accepts. A service named in
 * the path accepts its own definition's codes.
 */
import { CRITERION_IDS } from '../../../domain/eligibility/index.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths } from '../../paths.js';

const date = (description: string) => ({ type: 'string', format: 'date', description });
const yesNo = (description: string) => ({ type: 'boolean', description });

function factsSchema(definition: ServiceDefinition) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['child'],
    description: 'The facts to decide from. Only child.dateOfBirth is required; any field not listed is refused.',
    properties: {
      asOf: date('The date to decide for (Europe/London). Default: today in Europe/London.'),
      child: {
        type: 'object',
        additionalProperties: false,
        required: ['dateOfBirth'],
        properties: {
          dateOfBirth: date('YYYY-MM-DD; not after asOf.'),
          inFullTimeEducation: yesNo('Whether the child is in full-time education.'),
          gpPracticeCode: {
            type: 'string',
            pattern: '^[A-Za-z0-9]{3,8}$',
            description: 'The NHS ODS code of the GP practice, looked up in the imported reference data.',
          },
          gpPracticeInArea: yesNo('A declaration, used when no gpPracticeCode is given.'),
          schoolUrn: {
            type: 'string',
            pattern: '^[0-9]{5,8}$',
            description: "The school's DfE unique reference number, looked up in the imported reference data.",
          },
          schoolInArea: yesNo('A declaration, used when no schoolUrn is given.'),
        },
      },
      needsInCurriculumContext: yesNo("Whether the child's needs arise in the curriculum context (school route)."),
      difficulties: {
        type: 'array',
        maxItems: 50,
        items: { type: 'string', enum: definition.eligibility.difficulties.map((d) => d.code) },
      },
      conditions: {
        type: 'array',
        maxItems: 50,
        items: { type: 'string', enum: definition.conditions.map((c) => c.code) },
      },
      shortTermAcuteIllness: yesNo('A short-term acute illness, expected to return to former function.'),
      acuteSurgicalRecovery: yesNo('Surgery for an acute need, expected to return to former function.'),
      overridingCommunityIssue: yesNo('A significant overriding community issue, such as being unable to leave home.'),
      requestsAyresSensoryIntegration: yesNo('Whether Ayres Sensory Integration therapy is asked for.'),
      referrer: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', enum: definition.referrers.map((r) => r.id) },
          childDischargedOn: date('For a parent or carer re-referring: the date the child was discharged.'),
        },
      },
    },
  };
}

const decisionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome', 'service', 'policyVersion', 'asOf', 'criteria', 'missing'],
  properties: {
    outcome: { type: 'string', enum: ['eligible', 'ineligible', 'unclear'] },
    service: { type: 'string', description: 'The id of the service that decided.' },
    policyVersion: { type: 'string', description: 'The version of the rules that gave this answer.' },
    asOf: { type: 'string', format: 'date' },
    criteria: {
      type: 'array',
      description: "One entry for each criterion, in the criteria table's order.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'result', 'reason'],
        properties: {
          id: { type: 'string', enum: [...CRITERION_IDS] },
          result: { type: 'string', enum: ['met', 'not-met', 'unknown'] },
          reason: { type: 'string' },
        },
      },
    },
    missing: {
      type: 'array',
      items: { type: 'string' },
      description: 'The facts that would settle each unknown criterion.',
    },
  },
};

const errorsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: "The field at fault, like child.dateOfBirth; '' for the request." },
          message: { type: 'string' },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
});

function operation(summary: string, operationId: string) {
  return {
    summary,
    operationId,
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Facts' } } },
    },
    responses: {
      '200': {
        description: 'The decision, with a reason for each criterion.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } },
      },
      '400': errorResponse('Invalid facts (every invalid field is named), malformed JSON or unsafe characters.'),
      '404': errorResponse('No such service.'),
      '413': errorResponse('The request body is too large.'),
      '415': errorResponse('The request body is not application/json.'),
      '429': errorResponse('Too many requests from this address.'),
    },
  };
}

const nullableText = { type: ['string', 'null'] };

/** A type-ahead search of the reference data: `q` and an optional `limit`, results most relevant first. */
function searchOperation(summary: string, operationId: string, result: object) {
  return {
    summary,
    operationId,
    parameters: [
      {
        name: 'q',
        in: 'query',
        required: true,
        description: 'Part of a name, town or postcode, or the start of a code (case and spaces ignored).',
        schema: { type: 'string', minLength: 1, maxLength: 100 },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 20, default: 10 },
      },
    ],
    responses: {
      '200': {
        description: 'The matches: an exact code first, then open ones, then by name.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['results'],
              properties: { results: { type: 'array', maxItems: 20, items: result } },
            },
          },
        },
      },
      '400': errorResponse('No search given, or a parameter that is not recognised or out of range.'),
      '429': errorResponse('Too many searches from this address.'),
    },
  };
}

const practiceResult = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'town', 'postcode', 'open', 'gpPractice'],
  properties: {
    code: { type: 'string', description: 'The NHS ODS code.' },
    name: { type: 'string' },
    town: nullableText,
    postcode: nullableText,
    open: { type: 'boolean', description: 'True when ODS says the practice is active.' },
    gpPractice: { type: 'boolean', description: 'True for a GP practice (ODS prescribing setting 4).' },
  },
};

const schoolResult = {
  type: 'object',
  additionalProperties: false,
  required: ['urn', 'name', 'town', 'postcode', 'open', 'localAuthority'],
  properties: {
    urn: { type: 'string', description: 'The DfE unique reference number.' },
    name: { type: 'string' },
    town: nullableText,
    postcode: nullableText,
    open: { type: 'boolean' },
    localAuthority: nullableText,
  },
};

/** `apiBodyLimit` is stated so that clients know what 413 means. */
export function openApiDocument(
  defaultService: ServiceDefinition,
  serviceIds: readonly string[],
  apiBodyLimit: number,
) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Otway eligibility and reference data API',
      version: '1',
      description:
        'Checks whether a child can be referred to a service, against the referral criteria in force, and says why. ' +
        `No sign-in; no cookies; nothing is stored. Bodies are JSON of at most ${String(apiBodyLimit)} bytes. ` +
        `The default service is ${defaultService.id} (rules ${defaultService.policyVersion}); the codes listed ` +
        "here are its own, and a service named in the path accepts its definition's codes.",
    },
    paths: {
      [paths.api.eligibility.pattern]: {
        post: operation("Check eligibility for the instance's default service", 'checkEligibility'),
      },
      [paths.api.serviceEligibility.pattern.replace(':serviceId', '{serviceId}')]: {
        parameters: [
          {
            name: 'serviceId',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: [...serviceIds] },
          },
        ],
        post: operation('Check eligibility for the service named', 'checkServiceEligibility'),
      },
      [paths.api.practices.pattern]: {
        get: searchOperation('Search GP practices (NHS ODS epraccur)', 'searchPractices', practiceResult),
      },
      [paths.api.schools.pattern]: {
        get: searchOperation('Search schools (DfE Get Information about Schools)', 'searchSchools', schoolResult),
      },
    },
    components: {
      schemas: { Facts: factsSchema(defaultService), Decision: decisionSchema, Errors: errorsSchema },
    },
  };
}
