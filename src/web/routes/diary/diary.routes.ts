/**
 * Diaries of clinicians and rooms (diary:read, audited as viewed: they show children's initials), and blocks of
 * non-clinical time (diary:block, audited by the use case in the block's transaction).
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { diaryController, type DiaryServices } from './diary.controller.js';

const MINE = needs('diary:read', { action: 'diary.viewed', subjectType: 'diary' });
const CLINICIAN = needs('diary:read', { action: 'diary.viewed', subjectType: 'user', subjectParam: 'userId' });
const ROOM = needs('diary:read', { action: 'diary.viewed', subjectType: 'room', subjectParam: 'roomId' });
const BLOCK_FORM: RouteAccess = { access: { kind: 'permission', permission: 'diary:block' }, audit: false };
const ADD = needs('diary:block', {
  action: 'diary.block-added',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});
const REMOVE = needs('diary:block', {
  action: 'diary.block-removed',
  subjectType: 'diary-block',
  subjectParam: 'blockId',
  byUseCase: true,
});

export function diaryRoutes(services: DiaryServices) {
  const controller = diaryController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.diary.mine.pattern, MINE, controller.mine),
      get(paths.diary.clinician.pattern, CLINICIAN, controller.clinician),
      get(paths.diary.room.pattern, ROOM, controller.room),
      get(paths.diary.block.pattern, BLOCK_FORM, controller.blockForm),
      post(paths.diary.block.pattern, ADD, controller.addBlock),
      post(paths.diary.removeBlock.pattern, REMOVE, controller.removeBlock),
    ]);
  };
}
