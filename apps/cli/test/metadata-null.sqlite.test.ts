import { metadataNullSuite } from './suites/metadata-null.js';

metadataNullSuite('sqlite');
