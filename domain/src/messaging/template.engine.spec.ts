import { DEFAULT_NOTIFICATION_TEMPLATES, FALLBACK_NOTIFICATION_TEMPLATE } from './default-notifications';
import { renderTemplate, templateReferenceProblems, type MessageTemplateContent } from './template.engine';
import { saveTemplateSchema } from './template.schema';

const builtIns = { partnerName: 'Ada', partnerEmail: 'ada@example.com', partnerId: 'ptn_1', programName: 'Acme' };

describe('message templates', () => {
  it('rejects a reference to an undeclared variable at save, with the field path', () => {
    const result = saveTemplateSchema.safeParse({ subject: 'Hi {{partnerName}}', bodyText: 'Your {{bonus}} is {{ amount }}', variables: { amount: 'money' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['bodyText', expect.stringContaining('unknown variable "bonus"')],
    ]);
  });

  it('rejects malformed placeholders, unknown types, redeclared built-ins and two bodies', () => {
    const problems = (body: Record<string, unknown>) => saveTemplateSchema.safeParse({ subject: 'S', ...body }).error?.issues.map((issue) => issue.path.join('.'));
    expect(problems({ bodyMarkdown: 'Hi {{ first name }} and {{x', variables: {} })).toEqual(['bodyMarkdown', 'bodyMarkdown']);
    expect(problems({ bodyText: 'x', variables: { amount: 'float' } })).toEqual(['variables.amount']);
    expect(problems({ bodyText: 'x', variables: { partnerName: 'string' } })).toEqual(['variables.partnerName']);
    expect(problems({ bodyText: 'x', bodyMarkdown: 'y' })).toEqual(['bodyText']);
    expect(problems({ bodyText: 'Hi {{partnerName}} — {{due}}', variables: { due: 'date?' } })).toBeUndefined();
  });

  it('renders text and HTML, escaping every value in the HTML', () => {
    const template: MessageTemplateContent = {
      subject: 'Payout for {{partnerName}}',
      format: 'markdown',
      body: '# Hello {{partnerName}}\n\nYou earned **{{amount}}** — [details]({{link}}).\n\n- one\n- {{note}}',
      variables: { amount: 'money', link: 'url', note: 'string?' },
    };
    const outcome = renderTemplate(template, { ...builtIns, partnerName: '<b>Ada</b>', amount: { amount: '12.50', currency: 'EUR' }, link: 'https://x.test/a?b=1&c=2' });
    expect(outcome).toEqual({
      ok: true,
      rendered: {
        subject: 'Payout for <b>Ada</b>',
        text: '# Hello <b>Ada</b>\n\nYou earned **12.50 EUR** — [details](https://x.test/a?b=1&c=2).\n\n- one\n-\n',
        html:
          '<h1>Hello &#60;b&#62;Ada&#60;/b&#62;</h1>\n<p>You earned <strong>12.50 EUR</strong> — <a href="https://x.test/a?b=1&#38;c=2">details</a>.</p>\n<ul><li>one</li><li></li></ul>',
      },
    });
  });

  it('never lets a template or a value produce a script link or raw HTML', () => {
    const template: MessageTemplateContent = { subject: 's', format: 'markdown', body: '[a](javascript:alert(1)) <script>x</script> [b]({{target}})', variables: { target: 'string' } };
    const outcome = renderTemplate(template, { ...builtIns, target: 'javascript:alert(2)' });
    expect(outcome.ok && outcome.rendered.html).toBe('<p>a) &#60;script&#62;x&#60;/script&#62; <a href="#">b</a></p>');
  });

  it('type-checks values before rendering, with the variable path', () => {
    const template: MessageTemplateContent = { subject: 's', format: 'text', body: '{{count}} {{when}}', variables: { count: 'integer', when: 'date' } };
    expect(renderTemplate(template, { ...builtIns, count: 1.5, when: 'yesterday' })).toEqual({
      ok: false,
      details: [
        { path: 'variables.count', message: expect.any(String) },
        { path: 'variables.when', message: expect.any(String) },
      ],
    });
  });

  it('ships built-in notification templates that reference only what they declare', () => {
    for (const template of [...Object.values(DEFAULT_NOTIFICATION_TEMPLATES), FALLBACK_NOTIFICATION_TEMPLATE]) {
      expect(templateReferenceProblems(template)).toEqual([]);
      expect(renderTemplate(template, { ...builtIns, title: 'x' }).ok).toBe(true);
    }
  });
});
