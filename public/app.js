// Starts nhsuk-frontend's components. Loaded as a module, so browsers without module support keep the plain pages.
import { initAll } from './nhsuk-frontend-10.6.1.min.js';

initAll();
