/**
 * The functions a challenge's `check` expression may use to recompute its answer, e.g.
 * `check: sd([2, 4, 4, 4, 5, 5, 7, 9], 0)`. Plain numbers and arrays only.
 */
type Matrix = number[][];

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => sum(xs) / xs.length;
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

function median(xs: readonly number[]): number {
  const s = sorted(xs);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function mode(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? Number.NaN;
}

/** Variance with `ddof` (1 = sample, 0 = population). */
function variance(xs: readonly number[], ddof = 1): number {
  const m = mean(xs);
  return sum(xs.map((x) => (x - m) ** 2)) / (xs.length - ddof);
}
const sd = (xs: readonly number[], ddof = 1) => Math.sqrt(variance(xs, ddof));

function covariance(xs: readonly number[], ys: readonly number[], ddof = 1): number {
  const mx = mean(xs);
  const my = mean(ys);
  return sum(xs.map((x, i) => (x - mx) * ((ys[i] ?? 0) - my))) / (xs.length - ddof);
}
const correlation = (xs: readonly number[], ys: readonly number[]) => covariance(xs, ys) / (sd(xs) * sd(ys));

/** Least-squares line y = a + b·x, as [a, b]. */
function linearFit(xs: readonly number[], ys: readonly number[]): [number, number] {
  const b = covariance(xs, ys) / variance(xs);
  return [mean(ys) - b * mean(xs), b];
}

/** Quartile as the median of each half (the method taught with it), excluding the median for odd n. */
function quartiles(xs: readonly number[]): [number, number] {
  const s = sorted(xs);
  const half = Math.floor(s.length / 2);
  return [median(s.slice(0, half)), median(s.slice(s.length - half))];
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
const permutations = (n: number, k: number) => factorial(n) / factorial(n - k);
const binomPmf = (k: number, n: number, p: number) => choose(n, k) * p ** k * (1 - p) ** (n - k);
const binomCdf = (k: number, n: number, p: number) => sum(Array.from({ length: k + 1 }, (_, i) => binomPmf(i, n, p)));
const poissonPmf = (k: number, lambda: number) => (Math.exp(-lambda) * lambda ** k) / factorial(k);
const poissonCdf = (k: number, lambda: number) => sum(Array.from({ length: k + 1 }, (_, i) => poissonPmf(i, lambda)));
const geometricPmf = (k: number, p: number) => (1 - p) ** (k - 1) * p;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error < 1.5e-7). */
function normCdf(z: number, mu = 0, sigma = 1): number {
  const x = (z - mu) / (sigma * Math.SQRT2);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return 0.5 * (1 + Math.sign(x) * erf);
}
const expCdf = (x: number, rate: number) => 1 - Math.exp(-rate * x);

const dot = (a: readonly number[], b: readonly number[]) => sum(a.map((x, i) => x * (b[i] ?? 0)));
const norm = (a: readonly number[], p = 2) => sum(a.map((x) => Math.abs(x) ** p)) ** (1 / p);
const add = (a: readonly number[], b: readonly number[]) => a.map((x, i) => x + (b[i] ?? 0));
const scale = (k: number, a: readonly number[]) => a.map((x) => k * x);
const cross = (a: readonly number[], b: readonly number[]) => {
  const [a1 = 0, a2 = 0, a3 = 0] = a;
  const [b1 = 0, b2 = 0, b3 = 0] = b;
  return [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
};
const transpose = (m: Matrix): Matrix => (m[0] ?? []).map((_, j) => m.map((row) => row[j] ?? 0));
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => transpose(b).map((col) => dot(row, col)));
const matvec = (a: Matrix, v: readonly number[]) => a.map((row) => dot(row, v));
const trace = (m: Matrix) => sum(m.map((row, i) => row[i] ?? 0));
const identity = (n: number): Matrix =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/** Gaussian elimination with partial pivoting: determinant, inverse, solve and rank share it. */
function eliminate(m: Matrix, rhs: Matrix): { det: number; rank: number; reduced: Matrix; solution: Matrix } {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...(rhs[i] ?? [])]);
  const cols = m[0]?.length ?? 0;
  let det = 1;
  let rank = 0;
  for (let col = 0; col < cols && rank < n; col++) {
    let pivot = rank;
    for (let r = rank + 1; r < n; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    if (Math.abs(a[pivot]?.[col] ?? 0) < 1e-12) {
      det = 0;
      continue;
    }
    if (pivot !== rank) {
      [a[pivot], a[rank]] = [a[rank] ?? [], a[pivot] ?? []];
      det = -det;
    }
    const row = a[rank] ?? [];
    const p = row[col] ?? 1;
    det *= p;
    for (let c = 0; c < row.length; c++) row[c] = (row[c] ?? 0) / p;
    for (let r = 0; r < n; r++) {
      if (r === rank) continue;
      const other = a[r] ?? [];
      const f = other[col] ?? 0;
      for (let c = 0; c < row.length; c++) other[c] = (other[c] ?? 0) - f * (row[c] ?? 0);
    }
    rank++;
  }
  if (rank < n) det = 0;
  return { det, rank, reduced: a.map((row) => row.slice(0, cols)), solution: a.map((row) => row.slice(cols)) };
}
const det = (m: Matrix) => eliminate(m, []).det;
const rank = (m: Matrix) => eliminate(m, []).rank;
const inv = (m: Matrix) => eliminate(m, identity(m.length)).solution;
const solve = (m: Matrix, b: readonly number[]) =>
  eliminate(
    m,
    b.map((x) => [x]),
  ).solution.map((row) => row[0] ?? 0);

/** Eigenvalues of a 2×2 matrix, largest first. */
function eig2(m: Matrix): [number, number] {
  const [[a = 0, b = 0] = [], [c = 0, d = 0] = []] = m;
  const tr = a + d;
  const disc = Math.sqrt(Math.max(0, tr * tr - 4 * (a * d - b * c)));
  return [(tr + disc) / 2, (tr - disc) / 2];
}

/** The eigenvector of a 2×2 matrix for its largest eigenvalue, scaled so its first entry is 1. */
function eigvec2(m: Matrix): [number, number] {
  const [[a = 0, b = 0] = [], [c = 0, d = 0] = []] = m;
  const [lambda] = eig2(m);
  if (Math.abs(b) > 1e-12) return [1, (lambda - a) / b];
  if (Math.abs(c) > 1e-12) return [1, c / (lambda - d)];
  return a >= d ? [1, 0] : [0, 1];
}

/** Pearson's chi-square statistic for independence in a contingency table (no continuity correction). */
function chiSquare(table: Matrix): number {
  const rows = table.map((row) => sum(row));
  const cols = transpose(table).map((col) => sum(col));
  const total = sum(rows);
  return sum(
    table.flatMap((row, i) =>
      row.map((o, j) => {
        const e = ((rows[i] ?? 0) * (cols[j] ?? 0)) / total;
        return (o - e) ** 2 / e;
      }),
    ),
  );
}

/** Eigenvalues of a symmetric matrix (Jacobi rotations), largest first. */
function eigSym(m: Matrix): number[] {
  const a = m.map((row) => [...row]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p]?.[q] ?? 0) ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]?.[q] ?? 0;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = ((a[q]?.[q] ?? 0) - (a[p]?.[p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < n; k++) {
          const akp = a[k]?.[p] ?? 0;
          const akq = a[k]?.[q] ?? 0;
          (a[k] as number[])[p] = cos * akp - sin * akq;
          (a[k] as number[])[q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]?.[k] ?? 0;
          const aqk = a[q]?.[k] ?? 0;
          (a[p] as number[])[k] = cos * apk - sin * aqk;
          (a[q] as number[])[k] = sin * apk + cos * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i] ?? 0).sort((x, y) => y - x);
}
/** Singular values, largest first, as the square roots of AᵀA's eigenvalues. */
const svd = (m: Matrix) => eigSym(matmul(transpose(m), m)).map((x) => Math.sqrt(Math.max(0, x)));
const cond = (m: Matrix) => {
  const s = svd(m);
  return (s[0] ?? 0) / (s[s.length - 1] ?? 1);
};

export const MATH = {
  sum,
  mean,
  median,
  mode,
  variance,
  sd,
  covariance,
  correlation,
  linearFit,
  quartiles,
  sorted,
  factorial,
  choose,
  permutations,
  binomPmf,
  binomCdf,
  poissonPmf,
  poissonCdf,
  geometricPmf,
  normCdf,
  expCdf,
  dot,
  norm,
  add,
  scale,
  cross,
  transpose,
  matmul,
  matvec,
  trace,
  identity,
  det,
  rank,
  inv,
  solve,
  eig2,
  eigvec2,
  eigSym,
  svd,
  cond,
  chiSquare,
  sqrt: Math.sqrt,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  log: Math.log,
  abs: Math.abs,
  round: Math.round,
  min: Math.min,
  max: Math.max,
  pow: Math.pow,
  PI: Math.PI,
  E: Math.E,
};

/** Evaluates a `check` expression with only these functions in scope. */
export function evaluateCheck(expression: string): unknown {
  const names = Object.keys(MATH);
  const fn = new Function(...names, `"use strict"; return (${expression});`);
  return fn(...names.map((name) => MATH[name as keyof typeof MATH]));
}
