import { agentWorkflowSuite } from './suites/agent-workflow.js';

agentWorkflowSuite('sqlite');
