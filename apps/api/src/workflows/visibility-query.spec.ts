import { visibilityQuery } from './visibility-query';

describe('visibilityQuery', () => {
  it('joins the filters given, mapping the status to Temporal spelling', () => {
    expect(visibilityQuery({ kind: 'commission-hold', programId: 'prg_1', status: 'running' })).toBe(
      'WorkflowKind = "commission-hold" AND ProgramId = "prg_1" AND ExecutionStatus = "Running"',
    );
  });

  it('is empty without filters (every workflow of the namespace)', () => {
    expect(visibilityQuery({})).toBe('');
  });

  it('escapes quotes so a value cannot add clauses', () => {
    expect(visibilityQuery({ partnerId: 'ptn_1" OR PartnerId = "x' })).toBe('PartnerId = "ptn_1\\" OR PartnerId = \\"x"');
  });
});
