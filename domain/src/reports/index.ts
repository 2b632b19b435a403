export * from './report-catalogue';
export * from './report-buckets';
export * from './report-columns';
export * from './report-csv';
export * from './report-numbers';
export * from './report-query.schema';
export * from './report-table';
