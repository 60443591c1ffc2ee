import { errorsSuite } from './suites/errors.js';

errorsSuite('sqlite');
