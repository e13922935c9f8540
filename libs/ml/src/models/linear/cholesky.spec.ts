import { choleskyInPlace, solveSymmetricPositiveDefinite } from './cholesky';

describe('Cholesky', () => {
  it('factorises the textbook matrix [[4,12,−16],[12,37,−43],[−16,−43,98]] into L = [[2,0,0],[6,1,0],[−8,5,3]]', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(choleskyInPlace(a, 3)).toBe(true);
    const lower = [a[0], a[3], a[4], a[6], a[7], a[8]];
    expect(lower).toEqual([2, 6, 1, -8, 5, 3]);
  });

  it('solves A·x = b for that matrix (x = [1, 2, 3], b = A·x = [−20, −43, 192])', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const x = solveSymmetricPositiveDefinite(a, [-20, -43, 192], 3)!;
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 3]);
    expect(Array.from(a)).toEqual([4, 12, -16, 12, 37, -43, -16, -43, 98]); // input untouched
  });

  it('stays accurate on the 6×6 Hilbert matrix (condition number ≈ 1.5e7) thanks to refinement', () => {
    const n = 6;
    const h = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] = 1 / (i + j + 1);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += h[i * n + j]; // x = all ones
    const x = solveSymmetricPositiveDefinite(h, b, n)!;
    for (const v of x) expect(Math.abs(v - 1)).toBeLessThan(1e-8);
  });

  it('reports singular and indefinite matrices instead of returning garbage', () => {
    expect(solveSymmetricPositiveDefinite(Float64Array.from([1, 1, 1, 1]), [1, 2], 2)).toBeUndefined();
    expect(solveSymmetricPositiveDefinite(Float64Array.from([1, 2, 2, 1]), [1, 2], 2)).toBeUndefined();
    expect(solveSymmetricPositiveDefinite(Float64Array.from([0, 0, 0, 1]), [1, 2], 2)).toBeUndefined();
  });
});
