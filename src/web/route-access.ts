/**
 * What every route must declare: who may use it, and which audit event it records. `app.ts` refuses to start when a
 * route declares neither (deny by default).
 */
import type { FastifyRequest } from 'fastify';
import type { Permission } from '../domain/access/roles.js';
import type { AuditAction } from '../domain/audit/event.js';
import type { RecordNeed, RecordSubjectType } from '../domain/record/subjects.js';

export type AccessRule =
  /** Anyone, signed in or not. `session: false` skips the session look-up (health checks, assets). */
  | { kind: 'public'; session?: boolean }
  /** Anyone signed in, with or without a service chosen. */
  | { kind: 'signed-in' }
  /** A role in the session's active service that grants the permission. */
  | { kind: 'permission'; permission: Permission }
  /**
   * A page of one child's record: a role that grants the permission, and then enough access to this child's record
   * (src/domain/record/access.ts) for what the route needs. The child is found from the route parameter `param`,
   * which holds the id of a `type` (the child, an episode, a note...). Without enough access the answer is 404, as
   * for a child that does not exist, so that the page names no one; the hook keeps what it found as
   * `request.record`, and the audit event names the child.
   */
  | { kind: 'record'; permission: Permission; need: RecordNeed; subject: { type: RecordSubjectType; param: string } };

export interface AuditDeclaration {
  action: AuditAction;
  subjectType?: string;
  /** The route parameter that names the subject, when there is one. */
  subjectParam?: string;
  /**
   * The use case records this event inside its own transaction (with its outcome); the route hook then records
   * nothing more. Without it, the hook records the event as the response is sent.
   */
  byUseCase?: true;
}

export interface RouteAccess {
  access: AccessRule;
  /** `false` only for routes that read nothing personal: public pages, assets, health checks. */
  audit: AuditDeclaration | false;
}

/**
 * Where a state-changing route's CSRF token comes from, when it is not the session's (see `plugins/csrf.ts`). A route
 * that uses no staff session but holds something a forged post could borrow (the referral draft's cookie, the
 * checker's answers) declares the token it expects and where the request carries it; the CSRF plugin checks it, as it
 * checks the session's, before the handler runs.
 */
export interface CsrfDeclaration {
  /**
   * `form`: the field `_csrf` of a urlencoded form. `multipart-field`: the field `_csrf` of a multipart upload, sent
   * before the file, so that a forged upload is refused before its bytes are read (the plugin keeps the file part for
   * the handler: `uploadOf(request)`); a request that is not multipart is the handler's to refuse.
   */
  from: 'form' | 'multipart-field';
  /**
   * The token this request must carry, from what it holds; null when it holds nothing a forged post could borrow
   * (no draft cookie), which the handler answers (start again).
   */
  expected: (request: FastifyRequest) => string | null;
}

export const PUBLIC_PAGE: RouteAccess = { access: { kind: 'public' }, audit: false };
export const PUBLIC_NO_SESSION: RouteAccess = { access: { kind: 'public', session: false }, audit: false };

export function needs(permission: Permission, audit: AuditDeclaration): RouteAccess {
  return { access: { kind: 'permission', permission }, audit };
}

/**
 * A page of a child's record (see `AccessRule`). Its audit event's subject is the child; `audit.subjectType` and
 * `subjectParam` are set by this function, so a declaration gives only the action (and `byUseCase` for a change).
 */
export function needsRecord(
  permission: Permission,
  need: RecordNeed,
  subject: { type: RecordSubjectType; param: string },
  audit: { action: AuditAction; byUseCase?: true },
): RouteAccess {
  return { access: { kind: 'record', permission, need, subject }, audit: { ...audit, subjectType: 'child' } };
}

export function isRouteAccess(value: unknown): value is RouteAccess {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RouteAccess>;
  return typeof v.access === 'object' && 'kind' in v.access && (v.audit === false || typeof v.audit === 'object');
}
