import type { ProjectStatus } from '@project-status/core';

export const hash = (c: string) => c.repeat(40);

/**
 * A small project with something in every table a fallback view serves: a
 * tree with a dependency (so blocked and ready work differ), a deleted item,
 * a session, vendors, deployments linked to both, an enhancement and a
 * configuration that is not the default.
 */
export async function seedFallbackProject(ps: ProjectStatus) {
  const project = await ps.create_work_item({ item_type: 'project', title: 'Ship the fallback', metadata: { description: 'outage layers' }, labels: ['outage'] });
  const build = await ps.create_work_item({ item_type: 'task', title: 'Build the git layer', parent_id: project.id, branch_name: 'feat/git', priority: 2 });
  const check = await ps.create_work_item({ item_type: 'task', title: 'Check the markdown layer', parent_id: project.id, assignee: 'claude-code' });
  const gone = await ps.create_work_item({ item_type: 'task', title: 'Abandoned idea', parent_id: project.id });
  await ps.update_work_item({ id: gone.id, version: gone.version, delete: true });
  await ps.add_dependency({ source_id: build.id, target_id: check.id, dependency_type: 'blocks' });
  await ps.add_note({ id: build.id, text: 'started on the log parser' });
  const session = await ps.create_work_item({ item_type: 'session', title: 'Session one', metadata: { token_budget: 8000, prompts_count: 1, yaml_frontmatter: { schema_version: '1.0', session_date: '2026-11-01', prompt_text: 'Continue the outage work.' } } });
  const acme = await ps.create_vendor({ name: 'Acme Extractor', status: 'operational', extractor_version: '1.2.3', initial_metadata: { format_support: { csv: true, pdf: true }, test_results: { passing: 9, total: 10, skipped: 1 } } });
  const globex = await ps.create_vendor({ name: 'globex' });
  const deployment = await ps.record_deployment({
    deployed_at: '2026-11-02T10:00:00.000Z',
    commit_hash: hash('a'),
    metadata: { pr_number: 41, pr_title: 'Add the outbox', commit_hash: hash('a'), test_summary: { passed: 12, failed: 0 }, constitutional_compliance: true },
    affected_vendor_ids: [acme.id],
    related_work_item_ids: [build.id],
  });
  await ps.record_deployment({
    deployed_at: '2026-11-03T00:00:00.000Z',
    commit_hash: hash('b'),
    metadata: { pr_number: 42, pr_title: 'PR #42', commit_hash: hash('b'), test_summary: {}, constitutional_compliance: false },
    affected_vendor_ids: [globex.id],
    related_work_item_ids: [],
  });
  const enhancement = await ps.create_enhancement({ title: 'Replay conflicts UI', priority: 1, target_quarter: '2027-Q1' });
  const config = await ps.get_project_configuration({});
  await ps.update_project_configuration({ version: config.version, active_context_type: 'maintenance', git_branch: 'main' });
  return { project, build, check, gone, session, acme, globex, deployment, enhancement };
}
