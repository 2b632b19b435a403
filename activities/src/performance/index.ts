export * from './performance-review.activities';
export { weeklyConversionFigures } from './weekly-conversions';
