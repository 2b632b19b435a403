import { createServer, type Server } from 'node:net';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * Ops find workflows by our search attributes, read what one waits on, and list the stuck ones —
 * here a partner's welcome email that cannot be sent because the SMTP server is down.
 */
describe('workflow inspection for ops (end to end)', () => {
  let stack: TestStack;
  let partnerId: string;
  let refuser: Server;

  beforeAll(async () => {
    stack = await startTestStack('inspect');
    // Every email now fails, and Temporal keeps retrying it. The port stays taken by a listener that
    // hangs up at once: a freed port could be picked up by another suite's SMTP server in a full run,
    // and the welcome email would then be delivered there instead of failing.
    await stack.mail.close();
    refuser = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refuser.listen(stack.mail.smtpPort, '127.0.0.1', resolve));
    const response = await http('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      body: JSON.stringify({ name: 'Grace', email: 'grace@example.com', country: 'us', website: 'https://grace.example.com', audienceSize: 9000, partnerType: 'content' }),
    });
    expect(response.status).toBe(201);
    partnerId = (await readJson(response)).partnerId;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => refuser?.close(resolve));
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const list = async (query: string): Promise<Json[]> => (await readJson(await http(`/v1/workflows?${query}`))).items;

  it('lists workflows by partner, kind and status from visibility', async () => {
    const all = await eventually('both workflows in visibility', async () => {
      const items = await list(`partnerId=${partnerId}`);
      return items.length === 2 ? items : undefined;
    });
    expect(all.map((w) => w.kind).sort()).toEqual(['partner-lifecycle', 'screening']);
    const screening = await list(`partnerId=${partnerId}&kind=screening`);
    expect(screening.map((w) => w.workflowId)).toEqual([`partner-${partnerId}-screening`]);
    expect(screening[0].temporalUiUrl).toContain(encodeURIComponent(`partner-${partnerId}-screening`));
    const running = await eventually('screening to finish', async () => {
      const items = await list(`partnerId=${partnerId}&status=running`);
      return items.length === 1 ? items : undefined;
    });
    expect(running[0]).toMatchObject({ workflowId: `partner-${partnerId}`, status: 'RUNNING' });
    expect(await list(`partnerId=${partnerId}&status=completed`)).toEqual([expect.objectContaining({ kind: 'screening' })]);
  });

  it('lists the partner lifecycle as stuck once its email has failed, with the failure, and the history shows it pending', async () => {
    const stuck = await eventually(
      'the welcome email to have failed and be retried',
      async () => {
        // (this partner's only: in a full run the Temporal server holds every suite's workflows, past the 500 examined)
        const body = await readJson(await http(`/v1/workflows/stuck?minutes=0&kind=partner-lifecycle&partnerId=${partnerId}`));
        return body.items.find((w: Json) => w.workflowId === `partner-${partnerId}`);
      },
      60_000,
    );
    expect(stuck.stuckActivities).toEqual([
      expect.objectContaining({ attempt: expect.any(Number), lastFailure: expect.stringMatching(/ECONNREFUSED|connect/i) }),
    ]);
    expect(stuck.stuckActivities[0].attempt).toBeGreaterThanOrEqual(2);

    const notYet = await readJson(await http(`/v1/workflows/stuck?minutes=60&kind=partner-lifecycle&partnerId=${partnerId}`));
    expect(notYet.items.map((w: Json) => w.workflowId)).not.toContain(`partner-${partnerId}`);

    const history = await readJson(await http(`/v1/workflows/partner-${partnerId}/history`));
    expect(history.status).toBe('RUNNING');
    expect(history.pending.activities).toEqual([expect.objectContaining({ activity: stuck.stuckActivities[0].activity, lastFailure: expect.any(String) })]);
    expect(Object.keys(history.configVersions).length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses filters that are not keywords, with the field named', async () => {
    const response = await http('/v1/workflows?kind=a%22%20OR%20x&status=sleeping');
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(JSON.stringify(body)).toContain('kind');
    expect(JSON.stringify(body)).toContain('status');
  });
});
