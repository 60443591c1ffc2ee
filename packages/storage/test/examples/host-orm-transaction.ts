import { EntitySchema, MikroORM } from '@mikro-orm/postgresql';
import { openProjectStatus, PROJECT_STATUS_TABLES, type ProjectStatusHandle } from '@project-status/storage';

interface Invoice {
  id: number;
  customer: string;
  work_item_id: string;
}
export const Invoice = new EntitySchema<Invoice>({
  name: 'Invoice',
  properties: { id: { type: 'number', primary: true }, customer: { type: 'string' }, work_item_id: { type: 'string' } },
});

/** The service's MikroORM, sharing its database with Project Status. */
export async function openService(databaseUrl: string): Promise<{ orm: MikroORM; ps: ProjectStatusHandle }> {
  const orm = await MikroORM.init({ clientUrl: databaseUrl, entities: [Invoice], schemaGenerator: { skipTables: [...PROJECT_STATUS_TABLES] } });
  await orm.schema.updateSchema();
  const ps = await openProjectStatus({ orm, clientId: 'billing-service' }); // runs on the ORM's pool
  return { orm, ps };
}

/** An invoice and the task to chase it commit together, or neither does. */
export async function invoiceWithTask(orm: MikroORM, ps: ProjectStatusHandle, id: number, customer: string): Promise<Invoice> {
  return orm.em.transactional(async (em) => {
    const tracker = await ps.inTransaction(em);
    const task = await tracker.create_work_item({ item_type: 'task', title: `Chase invoice ${id}` });
    return em.create(Invoice, { id, customer, work_item_id: task.id });
  });
}
