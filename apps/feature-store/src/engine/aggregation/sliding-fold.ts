/**
 * A FIFO window over monoid values that answers "fold of everything inside" in amortised O(1)
 * merges per push/evict, without an inverse (so min, max, last and M2 slide as easily as sums):
 * the two-stacks sliding-window aggregation (Tangwongsan, Hirzel & Schneider, "Sliding-Window
 * Aggregation Algorithms", Encyclopedia of Big Data Technologies, 2019).
 */
export class SlidingFold<T> {
  /** Older items, newest at the bottom; `frontFolds[i]` folds front[i] with everything older above it. */
  private readonly front: T[] = [];
  private readonly frontFolds: T[] = [];
  private back: T[] = [];
  private backFold: T | undefined;

  constructor(
    private readonly merge: (older: T, newer: T) => T,
    private readonly empty: () => T,
  ) {}

  get size(): number {
    return this.front.length + this.back.length;
  }

  push(item: T): void {
    this.back.push(item);
    this.backFold = this.backFold === undefined ? item : this.merge(this.backFold, item);
  }

  /** Drops the oldest item. */
  shift(): void {
    if (this.front.length === 0) {
      // Flip: the back stack, oldest last, becomes the front with suffix folds.
      for (let i = this.back.length - 1; i >= 0; i--) {
        const item = this.back[i];
        const fold = this.frontFolds.length === 0 ? item : this.merge(item, this.frontFolds[this.frontFolds.length - 1]);
        this.front.push(item);
        this.frontFolds.push(fold);
      }
      this.back = [];
      this.backFold = undefined;
    }
    this.front.pop();
    this.frontFolds.pop();
  }

  fold(): T {
    const older = this.frontFolds.length > 0 ? this.frontFolds[this.frontFolds.length - 1] : undefined;
    if (older === undefined) return this.backFold ?? this.empty();
    return this.backFold === undefined ? older : this.merge(older, this.backFold);
  }
}
