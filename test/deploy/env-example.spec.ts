import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENV_VARIABLES } from '@partnerflow/domain';

/** .env.example is the configuration reference: it must list exactly what the env module reads. */
describe('.env.example', () => {
  const text = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  const assigned = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);

  it('documents every variable of the env module', () => {
    expect(ENV_VARIABLES.filter((name) => !assigned.includes(name))).toEqual([]);
  });

  it('sets nothing the api and worker do not read (tooling variables stay commented out)', () => {
    expect(assigned.filter((name) => !(ENV_VARIABLES as string[]).includes(name))).toEqual([]);
  });
});
