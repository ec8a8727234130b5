/**
 * Database failures by kind, for the doors into the services (the web's error handler answers 503 when the database
 * cannot be reached). The recognising is the data layer's; this is where the other layers reach it.
 */
export { isDatabaseUnavailable } from '../../data/errors.js';
