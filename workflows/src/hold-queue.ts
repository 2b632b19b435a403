import type { CommissionHoldSnapshot, CommissionInReview, HeldCommission, PendingCommissionView } from '@partnerflow/domain';

/**
 * The partner's pending commissions inside the hold workflow: those the timer releases, kept
 * ordered by release time (then id) so the earliest is at the front and one timer serves them
 * all, and those waiting for a review decision. Times are ISO 8601 UTC text from toISOString(),
 * which sorts as the times do. Pure data, no I/O: deterministic under replay.
 */
export class HoldQueue {
  /** Sorted by (holdUntil, commissionId). */
  private readonly held: HeldCommission[] = [];
  private readonly heldById = new Map<string, HeldCommission>();
  private readonly reviews = new Map<string, CommissionInReview>();

  static from(snapshot?: Pick<CommissionHoldSnapshot, 'held' | 'inReview'>): HoldQueue {
    const queue = new HoldQueue();
    for (const entry of snapshot?.held ?? []) queue.hold(entry);
    for (const review of snapshot?.inReview ?? []) queue.startReview(review);
    return queue;
  }

  get size(): number {
    return this.held.length + this.reviews.size;
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  knows(commissionId: string): boolean {
    return this.heldById.has(commissionId) || this.reviews.has(commissionId);
  }

  /** Adds a commission to release at `holdUntil`; false when it is already pending here. */
  hold(entry: HeldCommission): boolean {
    if (this.knows(entry.commissionId)) return false;
    const copy = { ...entry };
    this.held.splice(this.insertionIndex(copy), 0, copy);
    this.heldById.set(copy.commissionId, copy);
    return true;
  }

  /** Adds a commission that waits for a person; false when it is already pending here. */
  startReview(review: CommissionInReview): boolean {
    if (this.knows(review.commissionId)) return false;
    this.reviews.set(review.commissionId, { ...review });
    return true;
  }

  review(commissionId: string): CommissionInReview | undefined {
    return this.reviews.get(commissionId);
  }

  /** Copies: change a review with `update`. */
  inReview(): CommissionInReview[] {
    return [...this.reviews.values()].map((review) => ({ ...review }));
  }

  /** Applies `change` to the reviews of `commissionIds` that are here; returns them as they are now. */
  update(commissionIds: string[], change: (review: CommissionInReview) => Partial<CommissionInReview>): CommissionInReview[] {
    const updated: CommissionInReview[] = [];
    for (const commissionId of commissionIds) {
      const review = this.reviews.get(commissionId);
      if (!review) continue;
      Object.assign(review, change(review), { commissionId });
      updated.push({ ...review });
    }
    return updated;
  }

  /** Forgets a commission (reversed, rejected, decided); false when it was not pending here. */
  remove(commissionId: string): boolean {
    if (this.reviews.delete(commissionId)) return true;
    const entry = this.heldById.get(commissionId);
    if (!entry) return false;
    this.held.splice(this.insertionIndex(entry), 1);
    this.heldById.delete(commissionId);
    return true;
  }

  /** Removes and returns every held commission whose release time is at or before `now`, earliest first. */
  takeDue(now: string): HeldCommission[] {
    let count = 0;
    while (count < this.held.length && this.held[count].holdUntil <= now) count += 1;
    const due = this.held.splice(0, count);
    for (const entry of due) this.heldById.delete(entry.commissionId);
    return due;
  }

  /** The earliest moment something is due by itself: a release, a review reminder or a review expiry. */
  nextWakeAt(): string | null {
    let next: string | null = this.held[0]?.holdUntil ?? null;
    for (const review of this.reviews.values()) {
      const candidates = [review.nextReminderAt, ...(review.expiresAt && !review.expired ? [review.expiresAt] : [])];
      for (const at of candidates) if (next === null || at < next) next = at;
    }
    return next;
  }

  snapshot(): Pick<CommissionHoldSnapshot, 'held' | 'inReview'> {
    return { held: this.held.map((entry) => ({ ...entry })), inReview: this.inReview() };
  }

  view(): PendingCommissionView[] {
    const held = this.held.map((entry) => ({ ...entry, awaitingReview: false, review: null }));
    const reviews = this.inReview().map(({ commissionId, holdUntil, taskId, nextReminderAt, expiresAt, onExpiry, expired }) => ({
      commissionId,
      holdUntil,
      flagged: true,
      awaitingReview: true,
      review: { taskId, nextReminderAt, expiresAt, onExpiry, expired },
    }));
    return [...held, ...reviews];
  }

  /** Binary search: the index of `entry` if present, else where it belongs. */
  private insertionIndex(entry: HeldCommission): number {
    let low = 0;
    let high = this.held.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.held[middle], entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function compare(a: HeldCommission, b: HeldCommission): number {
  if (a.holdUntil !== b.holdUntil) return a.holdUntil < b.holdUntil ? -1 : 1;
  if (a.commissionId === b.commissionId) return 0;
  return a.commissionId < b.commissionId ? -1 : 1;
}
