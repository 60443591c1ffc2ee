import { legacyImportEncodingSuite } from './suites/legacy-import-encoding.js';

legacyImportEncodingSuite('sqlite');
