import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { REPORT_RESOURCE_URI, VENDOR_URI_PREFIX, WORK_ITEM_URI_PREFIX } from '../src/index.js';
import { connectInMemory } from './support.js';

const exec = promisify(execFile);
const HERE = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` (an async function of `ps`) in another process on the same database. */
async function inOtherProcess(db: { url: string; root: string }, body: string): Promise<void> {
  const script = `import { openProjectStatus } from '@project-status/storage';
const ps = await openProjectStatus({ databaseUrl: ${JSON.stringify(db.url)}, root: ${JSON.stringify(db.root)}, clientId: 'other-process' });
try { await (${body})(ps); } finally { await ps.close(); }`;
  await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: HERE });
}

/** Records resource notifications a client receives. */
function record(client: Client) {
  const updated: string[] = [];
  let listChanged = 0;
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
  return {
    updated,
    listChanged: () => listChanged,
    async until(check: () => boolean, what: string) {
      for (let waited = 0; waited < 30_000; waited += 20) {
        if (check()) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(updated)}`);
    },
  };
}

describeEachEngine('MCP resources and subscriptions', (ctx) => {
  it('advertises subscribe and listChanged, and offers the report, each vendor and each work item', async () => {
    await ctx.ps().create_vendor({ name: 'res-vendor' });
    const item = await ctx.ps().create_work_item({ item_type: 'task', title: 'readable' });
    const client = await connectInMemory(ctx.ps());
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([REPORT_RESOURCE_URI, `${VENDOR_URI_PREFIX}res-vendor`]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([`${WORK_ITEM_URI_PREFIX}{id}`, `${VENDOR_URI_PREFIX}{name}`]);
    const read = await client.readResource({ uri: `${WORK_ITEM_URI_PREFIX}${item.id}` });
    expect(JSON.parse((read.contents[0] as { text: string }).text).item.title).toBe('readable');
    const vendor = await client.readResource({ uri: `${VENDOR_URI_PREFIX}res-vendor` });
    expect(JSON.parse((vendor.contents[0] as { text: string }).text).name).toBe('res-vendor');
    await expect(client.readResource({ uri: `${WORK_ITEM_URI_PREFIX}01a20000-0000-7000-8000-00000000dead` })).rejects.toThrow(/NOT_FOUND/);
    await expect(client.subscribeResource({ uri: `${VENDOR_URI_PREFIX}no-such-vendor` })).rejects.toThrow(/NOT_FOUND/);
    await client.close();
  });

  it('notifies subscribers of changes another process makes, only for what they subscribed to, again after a re-subscribe', async () => {
    const ps = ctx.ps();
    const watched = await ps.create_work_item({ item_type: 'task', title: 'watched' });
    const unwatched = await ps.create_work_item({ item_type: 'task', title: 'unwatched' });
    const vendor = await ps.create_vendor({ name: 'sub-vendor' });
    const client = await connectInMemory(ps);
    const seen = record(client);
    const itemUri = `${WORK_ITEM_URI_PREFIX}${watched.id}`;
    const vendorUri = `${VENDOR_URI_PREFIX}sub-vendor`;
    await client.subscribeResource({ uri: itemUri });
    await client.subscribeResource({ uri: vendorUri });

    // Each a real change (the vendor starts broken): a write that changes nothing notifies nobody.
    await inOtherProcess(ctx.db(), `async (ps) => {
      await ps.update_work_item({ id: ${JSON.stringify(unwatched.id)}, version: 1, title: 'nobody cares' });
      await ps.update_work_item({ id: ${JSON.stringify(watched.id)}, version: 1, title: 'changed elsewhere' });
      await ps.update_vendor_status({ name: 'sub-vendor', version: ${vendor.version}, status: 'operational' });
      await ps.create_work_item({ item_type: 'task', title: 'a new resource' });
    }`);
    await seen.until(() => seen.updated.includes(vendorUri) && seen.listChanged() > 0, 'the vendor update and a list change');
    expect(seen.updated).toEqual([itemUri, vendorUri]);
    expect(seen.updated).not.toContain(`${WORK_ITEM_URI_PREFIX}${unwatched.id}`);
    await client.close();

    // A reconnecting client subscribes again; the report resource follows every change.
    const again = await connectInMemory(ps);
    const seenAgain = record(again);
    await again.subscribeResource({ uri: itemUri });
    await again.subscribeResource({ uri: REPORT_RESOURCE_URI });
    await again.unsubscribeResource({ uri: itemUri });
    await inOtherProcess(ctx.db(), `async (ps) => { await ps.update_work_item({ id: ${JSON.stringify(watched.id)}, version: 2, status: 'completed' }); }`);
    await seenAgain.until(() => seenAgain.updated.includes(REPORT_RESOURCE_URI), 'the report update');
    expect(seenAgain.updated).toEqual([REPORT_RESOURCE_URI]);
    await again.subscribeResource({ uri: itemUri });
    await ps.update_work_item({ id: watched.id, version: 3, title: 'changed here' });
    await seenAgain.until(() => seenAgain.updated.includes(itemUri), 'the work item update after re-subscribing');
    await again.close();
  });
});
