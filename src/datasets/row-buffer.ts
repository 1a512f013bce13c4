// Rows of unknown count (a CSV being read) go straight into typed arrays: a JS array of numbers
// costs about twice the bytes and ends in a copy anyway. Platform neutral.
import type { Rows } from './rows.js';

const INITIAL_ROWS = 1024;

/** Labelled 2-D rows appended one at a time; the arrays double when full. */
export class RowBuffer {
  private X = new Float64Array(2 * INITIAL_ROWS);
  private y = new Uint8Array(INITIAL_ROWS);
  /** Rows held. */
  length = 0;

  push(x1: number, x2: number, label: number): void {
    if (this.length === this.y.length) this.grow();
    const row = this.length++;
    this.X[2 * row] = x1;
    this.X[2 * row + 1] = x2;
    this.y[row] = label;
  }

  /** The rows in arrays of exactly their length. */
  take(): Rows {
    const n = this.length;
    return { X: this.X.slice(0, 2 * n), y: this.y.slice(0, n) };
  }

  private grow(): void {
    const X = new Float64Array(2 * this.X.length);
    X.set(this.X);
    const y = new Uint8Array(2 * this.y.length);
    y.set(this.y);
    this.X = X;
    this.y = y;
  }
}
