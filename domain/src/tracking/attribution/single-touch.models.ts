import type { Touch } from './attribution.types';
import type { ModelRule, ModelVerdict } from './attribution-model';
import type { ScreenedTouch } from './touch-screening';

/** The most recent pooled touch takes everything (equal times: the greater touch id is the later one). */
export const lastClick: ModelRule = (pool) =>
  singleWinner(pool, pool.length - 1, {
    winner: (touch) => (touch.kind === 'click' ? 'most recent click in the window' : 'most recent touch: the coupon used at the conversion'),
    loser: (winner) => `a later touch wins under last click (${describe(winner)})`,
  });

/** The earliest pooled touch takes everything (equal times: the smaller touch id is the earlier one). */
export const firstClick: ModelRule = (pool) =>
  singleWinner(pool, 0, {
    winner: (touch) => (touch.kind === 'click' ? 'earliest click in the window' : 'earliest touch: the coupon used at the conversion'),
    loser: (winner) => `an earlier touch wins under first click (${describe(winner)})`,
  });

interface SingleWinnerWording {
  winner(touch: Touch): string;
  loser(winner: Touch): string;
}

function singleWinner(pool: readonly ScreenedTouch[], winnerIndex: number, wording: SingleWinnerWording): ModelVerdict {
  const winner = pool[winnerIndex].touch;
  return {
    weights: pool.map((_, index) => (index === winnerIndex ? 1n : 0n)),
    reasonFor: (index) => (index === winnerIndex ? wording.winner(winner) : wording.loser(winner)),
  };
}

function describe(touch: Touch): string {
  return `${touch.kind} ${touch.id} of partner ${touch.partnerId}`;
}
