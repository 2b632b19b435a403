import { validateConfigDocument } from '../configs/config-kinds';
import { terminationConfigSchema } from './termination-config.schema';

const paths = (document: unknown) => {
  const result = validateConfigDocument('termination', document);
  return result.valid ? [] : result.problems.map((problem) => problem.path);
};

describe('terminationConfigSchema', () => {
  it('forfeits on fraud and sends the standard final statement unless told otherwise', () => {
    expect(terminationConfigSchema.parse({ finalPayout: false, dataRetentionDays: 0 })).toEqual({
      finalPayout: false,
      forfeitOnFraud: true,
      finalStatementTemplate: 'termination.final_statement',
      dataRetentionDays: 0,
    });
  });

  it('names the path of each problem', () => {
    expect(paths({ forfeitOnFraud: 'yes', finalStatementTemplate: 'goodbye', dataRetentionDays: -1 })).toEqual([
      'finalPayout',
      'forfeitOnFraud',
      'finalStatementTemplate',
      'dataRetentionDays',
    ]);
    expect(paths({ finalPayout: true, dataRetentionDays: 1.5, keepLinks: true })).toEqual(['dataRetentionDays', '']);
  });
});
