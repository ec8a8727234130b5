/**
 * "Find a referral": the referral someone telephones about, by reference, child's name and date of birth, or NHS
 * number, within the active service; and, for admin officers (who do not read the triage page), a read-only summary
 * of one referral.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { referralSearchController, type ReferralSearchServices } from './referral-search.controller.js';

const SEARCH = needs('referrals:search', { action: 'referral.searched', byUseCase: true });
const SUMMARY = needs('referrals:summary', {
  action: 'referral.summary-viewed',
  subjectType: 'referral',
  subjectParam: 'referralId',
});

export function referralSearchRoutes(services: ReferralSearchServices) {
  const controller = referralSearchController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.staff.searchReferrals.pattern, SEARCH, controller.search),
      get(paths.staff.referralSummary.pattern, SUMMARY, controller.summary),
    ]);
  };
}
