import { watchSuite } from './suites/watch.js';

watchSuite('postgres');
