import type { ServiceDefinition } from '../domain/service/definition.js';
import type { RecordScope } from '../services/record/record-scope.js';
import type { ActiveSession } from '../services/sessions/session.service.js';
import type { RequestContext } from '../services/shared/context.js';
import type { CsrfDeclaration, RouteAccess } from './route-access.js';
import type { ViewModel } from './plugins/views.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access and audit, in registration order (HEAD routes included). */
    routeTable: import('./plugins/access.js').DeclaredRoute[];
  }
  interface FastifyContextConfig {
    /** Required on every route: see route-access.ts. */
    routeAccess?: RouteAccess;
    /** The service whose public pages this route belongs to. */
    serviceId?: string;
    /** A CSRF token other than the session's, and where it comes from: see route-access.ts. */
    csrf?: CsrfDeclaration;
  }
  interface FastifyRequest {
    session: ActiveSession | null;
    /** Who is asking, for the use cases and the audit trail. */
    ctx: RequestContext;
    /** On a page of a child's record (route-access.ts `needsRecord`): the child and this person's access; else null. */
    record: RecordScope | null;
    /** The service this request is about: the page's service, or the signed-in user's active service. */
    service(): ServiceDefinition | null;
  }
  interface FastifyReply {
    render(template: string, model?: ViewModel): Promise<FastifyReply>;
    /** The synchroniser token for this session; starts an anonymous session when there is none. */
    csrfToken(): Promise<string>;
  }
}
