/**
 * After acceptance (issue 13): the episode of care that an accepted referral opens, which is the child's place on the
 * waiting list until the first appointment is booked and on a clinician's caseload after; the team's tasks; teams,
 * clinic locations and rooms; each clinician's working pattern and diary; appointments with the children and staff
 * in them; the family's one-time links (waiting-well contacts, appointment replies); and the diary's busy time,
 * which the database itself keeps from overlapping for one clinician or one room (docs/adr/0036):
 *
 * - PostgreSQL: an exclusion constraint over `int8range(start_ms, end_ms)` per resource (btree_gist for the text `=`);
 * - SQLite: triggers that abort an insert or update overlapping another row of the same resource. SQLite has one
 *   writer at a time, so the check and the write cannot interleave with another booking's.
 *
 * Instants are ISO 8601 UTC strings as elsewhere; the busy table also keeps them as epoch milliseconds for the range.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema
    .createTable('teams')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('teams_name_uq', ['service_id', 'name'])
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('address_line_1', 'varchar(120)', (c) => c.notNull())
    .addColumn('address_line_2', 'varchar(120)')
    .addColumn('town', 'varchar(60)', (c) => c.notNull())
    .addColumn('postcode', 'varchar(10)', (c) => c.notNull())
    // 0 or 1: a clinic where children are seen (with rooms); 0 for a base that is only an office.
    .addColumn('is_clinic', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('locations_name_uq', ['service_id', 'name'])
    .execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('location_id', 'varchar(36)', (c) => c.notNull().references('locations.id'))
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    // How many children a group session in the room may hold.
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('rooms_name_uq', ['location_id', 'name'])
    .execute();

  // A member of staff who sees children, in one service: their team, base and working pattern.
  await db.schema
    .createTable('staff_profiles')
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'varchar(36)', (c) => c.references('teams.id'))
    .addColumn('base_location_id', 'varchar(36)', (c) => c.references('locations.id'))
    // JSON: { "mon": { "start": "09:00", "end": "17:00" }, ... } for the days worked, in London local time.
    .addColumn('working_pattern', 'text', (c) => c.notNull())
    // The secret calendar feed: the hash of its token (docs/adr/0029's rule: never the token), null when revoked.
    .addColumn('feed_token_hash', 'varchar(64)')
    .addColumn('feed_created_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('staff_profiles_pk', ['service_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('staff_profiles_feed_idx')
    .on('staff_profiles')
    .column('feed_token_hash')
    .unique()
    .execute();

  // The episode of care an accepted referral opens: on the waiting list, then on a caseload, then closed.
  await db.schema
    .createTable('episodes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('referral_id', 'varchar(36)', (c) => c.notNull().unique().references('referrals.id'))
    .addColumn('pathway', 'varchar(63)', (c) => c.notNull())
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('setting', 'varchar(16)', (c) => c.notNull())
    // waiting | open (on a caseload) | closed
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // The date the wait counts from: the day the referral was received, moved on by the days triage was paused.
    .addColumn('wait_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('accepted_at', 'varchar(30)', (c) => c.notNull())
    // When the first appointment was booked (the child left the waiting list), and with whom.
    .addColumn('left_list_at', 'varchar(30)')
    .addColumn('lead_clinician_id', 'varchar(36)', (c) => c.references('users.id'))
    // Waiting well: the next contact is due on this date; how many contacts in a row went unanswered.
    .addColumn('next_contact_on', 'varchar(10)')
    .addColumn('unanswered_contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'varchar(30)')
    .addColumn('closed_reason', 'varchar(63)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The waiting list: by status, pathway and priority, the longest wait first.
  await db.schema
    .createIndex('episodes_waiting_idx')
    .on('episodes')
    .columns(['service_id', 'status', 'pathway', 'priority', 'wait_from'])
    .execute();
  await db.schema
    .createIndex('episodes_caseload_idx')
    .on('episodes')
    .columns(['service_id', 'lead_clinician_id', 'status'])
    .execute();
  await db.schema.createIndex('episodes_child_idx').on('episodes').columns(['service_id', 'child_id']).execute();
  await db.schema
    .createIndex('episodes_contact_idx')
    .on('episodes')
    .columns(['service_id', 'status', 'next_contact_on'])
    .execute();
  // Children accepted before this migration are on the waiting list too: none may be lost by the upgrade. Their wait
  // counts from the day the referral was received (a pause for more information before this release is not taken
  // off; it is at most the reply period). The episode takes the referral's id, which no other episode can have.
  await sql`insert into episodes (id, service_id, child_id, referral_id, pathway, priority, setting, status,
              wait_from, accepted_at, unanswered_contacts, created_at, updated_at, version)
            select r.id, r.service_id, r.child_id, r.id, coalesce(r.pathway, 'unknown'), coalesce(r.priority, 'routine'),
              coalesce(r.setting, 'clinic'), 'waiting', r.received_on, coalesce(r.decided_at, r.updated_at), 0,
              coalesce(r.decided_at, r.updated_at), coalesce(r.decided_at, r.updated_at), 1
            from referrals r where r.status = 'accepted'`.execute(db);

  // Work for the team: a family's answer, a Was Not Brought to follow up, a request to rebook, a flag to validate.
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // See src/domain/care/tasks.ts TASK_KINDS.
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    .addColumn('appointment_id', 'varchar(36)')
    // Who should do it: a person, or anyone holding a role (the safeguarding lead, the admin officers).
    .addColumn('assigned_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('assigned_role', 'varchar(32)')
    .addColumn('due_on', 'varchar(10)')
    // JSON: what the task is about (the family's words, the appointment, the reason).
    .addColumn('detail', 'text', (c) => c.notNull())
    // open | done
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('done_at', 'varchar(30)')
    .addColumn('done_by', 'varchar(36)', (c) => c.references('users.id'))
    // What was done, in the words of whoever closed it.
    .addColumn('resolution', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tasks_open_idx').on('tasks').columns(['service_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('tasks_episode_idx').on('tasks').columns(['service_id', 'episode_id']).execute();
  await db.schema
    .createIndex('tasks_assignee_idx')
    .on('tasks')
    .columns(['service_id', 'assigned_user_id', 'status'])
    .execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // What families and staff quote: the service's prefix, "A", and a number (OT-A-123456).
    .addColumn('reference', 'varchar(32)', (c) => c.notNull().unique())
    // An appointment type's code from the service definition (initial-assessment, review, group-session...).
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    // clinic | home | school
    .addColumn('place', 'varchar(8)', (c) => c.notNull())
    .addColumn('location_id', 'varchar(36)', (c) => c.references('locations.id'))
    .addColumn('room_id', 'varchar(36)', (c) => c.references('rooms.id'))
    .addColumn('school_urn', 'varchar(10)')
    // A group session's places; 1 otherwise.
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(1))
    // The block of recurring sessions this one belongs to, booked together.
    .addColumn('series_id', 'varchar(36)')
    // booked | cancelled
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // family | service, with the reason, when cancelled.
    .addColumn('cancelled_by', 'varchar(8)')
    .addColumn('cancelled_reason', 'text')
    .addColumn('cancelled_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('appointments_time_idx')
    .on('appointments')
    .columns(['service_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('appointments_series_idx').on('appointments').column('series_id').execute();

  // The children in an appointment (one, or several in a group), each with their own outcome and family reply.
  await db.schema
    .createTable('appointment_children')
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull().references('appointments.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.notNull().references('episodes.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // attended | cancelled-by-family | cancelled-by-service | was-not-brought | could-not-be-seen; null until recorded.
    .addColumn('outcome', 'varchar(24)')
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_at', 'varchar(30)')
    .addColumn('outcome_by', 'varchar(36)', (c) => c.references('users.id'))
    // 1 when a family's cancellation came later than the service's notice period (a setting).
    .addColumn('late_cancellation', 'integer', (c) => c.notNull().defaultTo(0))
    // confirmed | cancel-requested | rebook-requested; null until the family answers.
    .addColumn('family_reply', 'varchar(24)')
    .addColumn('family_reply_at', 'varchar(30)')
    .addPrimaryKeyConstraint('appointment_children_pk', ['appointment_id', 'episode_id'])
    .execute();
  await db.schema
    .createIndex('appointment_children_episode_idx')
    .on('appointment_children')
    .columns(['episode_id', 'appointment_id'])
    .execute();

  // The staff in an appointment: one clinician, or two for a joint visit.
  await db.schema
    .createTable('appointment_staff')
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull().references('appointments.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addPrimaryKeyConstraint('appointment_staff_pk', ['appointment_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('appointment_staff_user_idx')
    .on('appointment_staff')
    .columns(['user_id', 'appointment_id'])
    .execute();

  // Non-clinical time in a clinician's or a room's diary: admin, training, leave, a meeting.
  await db.schema
    .createTable('diary_blocks')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('room_id', 'varchar(36)', (c) => c.references('rooms.id'))
    // admin | training | leave | meeting | room-closed
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .execute();

  // Busy time, one row per resource ("user:<id>" or "room:<id>") per appointment or block: never overlapping.
  await db.schema
    .createTable('diary_busy')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('resource', 'varchar(48)', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('appointment_id', 'varchar(36)', (c) => c.references('appointments.id'))
    .addColumn('block_id', 'varchar(36)', (c) => c.references('diary_blocks.id'))
    .addCheckConstraint('diary_busy_range_ck', sql`start_ms < end_ms`)
    .execute();
  await db.schema
    .createIndex('diary_busy_resource_idx')
    .on('diary_busy')
    .columns(['resource', 'start_ms', 'end_ms'])
    .execute();
  await db.schema.createIndex('diary_busy_appointment_idx').on('diary_busy').column('appointment_id').execute();
  await db.schema.createIndex('diary_busy_block_idx').on('diary_busy').column('block_id').execute();
  if (sqlite) {
    for (const event of ['insert', 'update']) {
      await sql
        .raw(
          `create trigger diary_busy_no_overlap_${event} before ${event} on diary_busy
           when exists (select 1 from diary_busy b where b.resource = new.resource and b.id <> new.id
                        and b.start_ms < new.end_ms and new.start_ms < b.end_ms)
           begin select raise(abort, 'diary_busy_no_overlap'); end`,
        )
        .execute(db);
    }
  } else {
    await sql`create extension if not exists btree_gist`.execute(db);
    await sql`alter table diary_busy add constraint diary_busy_no_overlap
              exclude using gist (resource with =, int8range(start_ms, end_ms) with &&)`.execute(db);
  }

  // A one-time link sent to a family (waiting well, an appointment): its hash, never the token (docs/adr/0029).
  await db.schema
    .createTable('family_links')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // waiting-well | appointment
    .addColumn('purpose', 'varchar(24)', (c) => c.notNull())
    .addColumn('episode_id', 'varchar(36)', (c) => c.notNull().references('episodes.id'))
    .addColumn('appointment_id', 'varchar(36)', (c) => c.references('appointments.id'))
    // Set when the outbox sends the message and mints the link; null until then.
    .addColumn('token_hash', 'varchar(64)', (c) => c.unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('minted_at', 'varchar(30)')
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    // The family's answer: for waiting well no-change | worse | no-longer-needed; for an appointment confirm |
    // cancel | rebook.
    .addColumn('answer', 'varchar(24)')
    .addColumn('answer_text', 'text')
    .execute();
  await db.schema
    .createIndex('family_links_episode_idx')
    .on('family_links')
    .columns(['service_id', 'episode_id', 'purpose', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'family_links',
    'diary_busy',
    'diary_blocks',
    'appointment_staff',
    'appointment_children',
    'appointments',
    'tasks',
    'episodes',
    'staff_profiles',
    'rooms',
    'locations',
    'teams',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
