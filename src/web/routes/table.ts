/**
 * A route module's table: one line per route, saying its method, its path, who may use it and what it audits (see
 * `route-access.ts`), and the controller's handler that answers it. `routes(app, [...])` registers the lines in order,
 * so that a module reads as a list a reviewer can check line by line, and the handlers live in the controller.
 *
 *   routes(app, [
 *     get(paths.triage.referral.pattern, VIEW, controller.show),
 *     post(paths.triage.decide.pattern, DECIDE, controller.decide),
 *   ]);
 */
import type {
  FastifyContextConfig,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteGenericInterface,
  RouteShorthandOptions,
} from 'fastify';
import type { CsrfDeclaration, RouteAccess } from '../route-access.js';

/** A controller's handler: parses the request, calls one use case, renders or redirects. */
export type Handler<G extends RouteGenericInterface = RouteGenericInterface> = (
  request: FastifyRequest<G>,
  reply: FastifyReply,
) => Promise<unknown>;

/**
 * What a few routes need besides access and audit: a larger or smaller body (uploads, the JSON API), their own route
 * config (a rate limit), a route hook (the JSON API's media-type check and no-store header), or a CSRF token of
 * their own (the referral form's, from its draft).
 */
export interface RouteOptions {
  bodyLimit?: number;
  config?: Omit<FastifyContextConfig, 'routeAccess' | 'csrf'>;
  /** The route's own CSRF token and its source, when it is not the session's (`route-access.ts`). */
  csrf?: CsrfDeclaration;
  onSend?: RouteShorthandOptions['onSend'];
  preParsing?: RouteShorthandOptions['preParsing'];
}

export interface RouteLine {
  method: 'GET' | 'POST';
  url: string;
  access: RouteAccess;
  handler: Handler;
  options: RouteOptions;
}

function line<G extends RouteGenericInterface>(
  method: RouteLine['method'],
  url: string,
  access: RouteAccess,
  handler: Handler<G>,
  options: RouteOptions,
): RouteLine {
  // The table keeps its lines in one list; each handler still sees its own typed params, query and body.
  return { method, url, access, handler: handler as unknown as Handler, options };
}

export function get<G extends RouteGenericInterface = RouteGenericInterface>(
  url: string,
  access: RouteAccess,
  handler: Handler<G>,
  options: RouteOptions = {},
): RouteLine {
  return line('GET', url, access, handler, options);
}

export function post<G extends RouteGenericInterface = RouteGenericInterface>(
  url: string,
  access: RouteAccess,
  handler: Handler<G>,
  options: RouteOptions = {},
): RouteLine {
  return line('POST', url, access, handler, options);
}

/**
 * Registers the table's lines in order. `shared` is route config every line of the module carries (the public
 * pages' `serviceId`); a line's own config comes after it.
 */
export function routes(
  app: FastifyInstance,
  table: readonly RouteLine[],
  shared: Omit<FastifyContextConfig, 'routeAccess'> = {},
): void {
  for (const { method, url, access, handler, options } of table) {
    app.route({
      method,
      url,
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
      ...(options.onSend !== undefined && { onSend: options.onSend }),
      ...(options.preParsing !== undefined && { preParsing: options.preParsing }),
      config: {
        ...shared,
        ...options.config,
        ...(options.csrf !== undefined && { csrf: options.csrf }),
        routeAccess: access,
      },
      handler,
    });
  }
}
