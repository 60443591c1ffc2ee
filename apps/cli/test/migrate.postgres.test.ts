import { migrateSuite } from './suites/migrate.js';

migrateSuite('postgres');
