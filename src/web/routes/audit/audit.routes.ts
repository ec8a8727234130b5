/**
 * The auditor's pages: search the service's audit trail, page through it, check its hash chain, and export it as CSV.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { auditController, type AuditServices } from './audit.controller.js';

const SEARCH = needs('audit:read', { action: 'audit.searched' });
const EXPORT = needs('audit:export', { action: 'audit.exported' });
const CHECK = needs('audit:read', { action: 'audit.chain-checked' });

export function auditRoutes(services: AuditServices) {
  const controller = auditController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.audit.search.pattern, SEARCH, controller.search),
      get(paths.audit.verify.pattern, CHECK, controller.verify),
      get(paths.audit.export.pattern, EXPORT, controller.exportCsv),
    ]);
  };
}
