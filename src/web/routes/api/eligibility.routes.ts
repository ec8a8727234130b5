/**
 * The eligibility API (criteria.md): JSON in and out, no sign-in, no session, no cookies, rate-limited per address.
 * The handler only translates: the use case parses, looks up and decides.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';
import { get, post, routes, type Handler } from '../table.js';
import { openApiDocument } from './openapi.js';

/** Far above any real set of facts (the example in criteria.md is under 600 bytes). */
export const API_BODY_LIMIT = 16_384;

export class UnsupportedMediaTypeError extends Error {
  override name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
  readonly code = 'OTWAY_UNSUPPORTED_MEDIA_TYPE';
}

const JSON_TYPE = /^application\/json\s*(?:;|$)/iu;

export function eligibilityApiRoutes({
  config,
  eligibility,
  registry,
}: Pick<Dependencies, 'config' | 'eligibility' | 'registry'>) {
  const rateLimit = { max: config.apiRateLimitPerMinute, timeWindow: 60_000 };
  const noStore = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
  };
  const json = {
    bodyLimit: API_BODY_LIMIT,
    config: { rateLimit },
    onSend: noStore,
    // After the rate limit (onRequest), before the body is read: only JSON is taken, whatever parsers exist.
    preParsing: async (request: FastifyRequest) => {
      const type = request.headers['content-type'];
      if (type === undefined || !JSON_TYPE.test(type)) {
        throw new UnsupportedMediaTypeError('Send the request body as JSON, with the Content-Type application/json.');
      }
    },
  };

  const answer = async (serviceId: string | undefined, body: unknown, reply: FastifyReply) => {
    const result = await eligibility.check(serviceId, body);
    if (!result.ok) return reply.code(400).send({ errors: result.errors });
    return reply.send(result.decision);
  };
  const check: Handler = async (request, reply) => answer(undefined, request.body, reply);
  const checkForService: Handler<{ Params: { serviceId: string } }> = async (request, reply) =>
    answer(request.params.serviceId, request.body, reply);

  const document = JSON.stringify(openApiDocument(eligibility.serviceFor(undefined), registry.ids, API_BODY_LIMIT));
  const openApi: Handler = async (_request, reply) => reply.type('application/json; charset=utf-8').send(document);

  return async (app: FastifyInstance) => {
    routes(app, [
      post(paths.api.eligibility.pattern, PUBLIC_NO_SESSION, check, json),
      post(paths.api.serviceEligibility.pattern, PUBLIC_NO_SESSION, checkForService, json),
      get(paths.api.openApi.pattern, PUBLIC_NO_SESSION, openApi, { onSend: noStore }),
    ]);
  };
}
