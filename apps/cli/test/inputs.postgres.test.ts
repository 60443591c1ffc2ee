import { inputsSuite } from './suites/inputs.js';

inputsSuite('postgres');
