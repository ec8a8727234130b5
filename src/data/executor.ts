import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

/** What a repository function takes: the database, or a transaction opened by a use case. */
export type Executor = Kysely<Database> | Transaction<Database>;
