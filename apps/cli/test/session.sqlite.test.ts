import { sessionSuite } from './suites/session.js';

sessionSuite('sqlite');
