/**
 * The OpenAPI 3.1 description of the eligibility API, built from the instance's default service definition, so the
 * codes it lists (difficulties, conditions, referrer types) are the ones that service accepts. A service named in
 * the path accepts its own definition's codes.
 *
 * The request and the answer are generated from the zod schemas that validate and describe them (`factsSchema`,
 * `decisionSchema`; ADR 0024): a new fact is written in the domain and appears here without a change to this file.
 */
import { z } from 'zod';
import { decisionSchema } from '../../../domain/eligibility/decision-schema.js';
import { factsSchema } from '../../../domain/eligibility/index.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths } from '../../paths.js';

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's own dialect): what a client sends, or what it receives. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' });
  return jsonSchema;
}

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

const errorResponse = (description: string, retryAfter = false) => ({
  description,
  ...(retryAfter && {
    headers: {
      'Retry-After': { description: 'The seconds to wait before trying again.', schema: { type: 'integer' } },
    },
  }),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
});

/** Every API answer, whatever the operation: the error handler answers these in the Errors shape. */
const commonErrors = {
  '429': errorResponse('Too many requests from this address in a minute.', true),
  '503': errorResponse('The database does not answer: try again later.', true),
};

/** Why the operations declare `security: []`: anonymous on purpose, not by omission. */
const ANONYMOUS =
  'No sign-in, no cookies, no API key: the criteria and the reference data are public, and nothing sent is stored.';

function operation(summary: string, operationId: string, withService: boolean) {
  return {
    tags: ['eligibility'],
    summary,
    description: `Decides from the facts sent; answers every criterion with its reason. ${ANONYMOUS}`,
    operationId,
    security: [],
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Facts' } } },
    },
    responses: {
      '200': {
        description: 'The decision, with a reason for each criterion.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } },
      },
      '400': errorResponse(
        'Invalid facts (every invalid field is named, by its path), malformed JSON or unsafe characters.',
      ),
      ...(withService && { '404': errorResponse('No such service.') }),
      '413': errorResponse('The request body is too large.'),
      '415': errorResponse('The request body is not application/json.'),
      ...commonErrors,
    },
  };
}

const nullableText = { type: ['string', 'null'] };

/** A type-ahead search of the reference data: `q` and an optional `limit`, results most relevant first. */
function searchOperation(summary: string, operationId: string, result: object) {
  return {
    tags: ['reference data'],
    summary,
    description: `Answers as the forms' pickers type. ${ANONYMOUS}`,
    operationId,
    security: [],
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
      ...commonErrors,
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
      // Otway's own licence (package.json).
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the API is served by the same Otway instance as this document, wherever that is.
    servers: [{ url: '/', description: 'The Otway instance that serves this document.' }],
    tags: [
      {
        name: 'eligibility',
        description: "Whether a child can be referred to a service, and each criterion's reason.",
      },
      { name: 'reference data', description: 'GP practices and schools, from the imported national registers.' },
    ],
    paths: {
      [paths.api.eligibility.pattern]: {
        post: operation("Check eligibility for the instance's default service", 'checkEligibility', false),
      },
      [paths.api.serviceEligibility.pattern.replace(':serviceId', '{serviceId}')]: {
        parameters: [
          {
            name: 'serviceId',
            in: 'path',
            required: true,
            description: 'The id of a service this instance runs.',
            schema: { type: 'string', enum: [...serviceIds] },
          },
        ],
        post: operation('Check eligibility for the service named', 'checkServiceEligibility', true),
      },
      [paths.api.practices.pattern]: {
        get: searchOperation('Search GP practices (NHS ODS epraccur)', 'searchPractices', practiceResult),
      },
      [paths.api.schools.pattern]: {
        get: searchOperation('Search schools (DfE Get Information about Schools)', 'searchSchools', schoolResult),
      },
    },
    components: {
      schemas: {
        Facts: jsonSchemaOf(factsSchema(defaultService), 'input'),
        Decision: jsonSchemaOf(decisionSchema, 'output'),
        Errors: errorsSchema,
      },
    },
  };
}
