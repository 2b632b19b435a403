import type { AttributionConfig } from '../attribution-config.schema';
import type { ScreenedTouch } from './touch-screening';

/** What a model decides for the touches it weighs (the pool, in time order). */
export interface ModelVerdict {
  /** One exact integer weight per pooled touch; at least one is greater than 0. */
  weights: bigint[];
  /** The reason shown for the pooled touch at `index` once its share is known. */
  reasonFor(index: number, sharePpm: number): string;
  /** For the summary, when the model did something an operator would not expect (a fallback). */
  note?: string;
}

/** A model receives a non-empty pool. */
export type ModelRule = (pool: readonly ScreenedTouch[], config: AttributionConfig) => ModelVerdict;
