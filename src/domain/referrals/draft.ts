/** A referral being written: the answers so far, the pages seen, and what makes its submission happen once. */
import type { Answers } from '../forms/fields.js';

export interface Draft {
  id: string;
  serviceId: string;
  source: 'online' | 'staff';
  createdBy: string | null;
  answers: Answers;
  visited: string[];
  idempotencyKey: string;
  submittedReferralId: string | null;
  expiresAt: string;
  version: number;
}
