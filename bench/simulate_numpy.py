#!/usr/bin/env python3
"""The simulation's pooled fast method (shared/core/simulation/pooled.ts, kernel.ts, settleTrial.ts) vectorised
over trials in NumPy: the baseline of bench/simulate.bench.ts. Same model constants (JSON on stdin), same
algorithm, NumPy's own generator (PCG64). Prints JSON: trials, CPU seconds of each repeat, trials per CPU second,
and the providers' and spend statistics with their standard errors so the bench can check that both
implementations draw the same distribution.

Written as a NumPy expert would, and profiled (cProfile and per-step timers; see the simulation README):
- cache-sized batches (2,048 trials, ~33,000 hits: every per-hit array is 260 KB and stays in L2; 1,024 to 8,192
  measured, 2,048 fastest);
- every normal of a batch from one ziggurat call (Generator.standard_normal), the tariff and the correlated trend
  in one BLAS product with the Cholesky factor (scaled by the line sds) and one exp over the batch x lines;
- segments of the Poisson hits from a Walker alias table indexed by one uniform (integer part: column, fraction:
  coin), not rng.choice(p=...) (a binary search over the CDF);
- de-duplication of (trial, segment, person) by sorting packed int64 keys (shift/mask fields, so decoding is
  vector shifts, not integer divisions), not np.unique (which takes a hash path in NumPy 2.x);
- Pareto costs T exp(E / alpha) from ziggurat exponentials (Generator.standard_exponential), not w^(-1/alpha);
- per-trial sums of the explicit people with np.bincount; the variance form F Q F' with one BLAS product;
- the settlement (aggregate stop-loss, withhold, corridor bands and caps) in vector form.
Run with one BLAS thread (OMP_NUM_THREADS=1) for a per-core figure. Supports what the benchmark scenario uses:
explicit tail in the Pareto region, no mid band, no epidemic, fixed corridor thresholds, share_then_cap or
cap_then_share corridors, linear/gate/scaled withhold."""
import json
import sys
import time

import numpy as np

BATCH = 2048
TRIAL_BITS = 21  # key = trial << 43 | segment << 23 | person
SEG_SHIFT = 23
PERSON_MASK = (1 << SEG_SHIFT) - 1
SEG_MASK = (1 << (43 - SEG_SHIFT)) - 1


def corridor_side(e, bands, scale):
    """sum_j rate_j x overlap(e, band_j), as a rate of B' (bands on e; a band with upTo None ends the list)."""
    share = np.zeros_like(e)
    lo = 0.0
    for b in bands:
        hi = np.inf if b["upTo"] is None else b["upTo"]
        share += (b["providerRate"] * scale) * np.clip(np.minimum(e, hi) - lo, 0.0, None)
        if b["upTo"] is None:
            break
        lo = max(lo, hi)
    return share


def excess(a, t, mode):
    if mode == "first_dollar":
        return np.where(a >= t, a, 0.0)
    return np.where(a > t, a - t, 0.0)


def provider_share(spec, bp, spend_after_sl, quality, thresholds):
    x = (bp - spend_after_sl) / bp
    out = np.zeros_like(x)
    for side, sign, mask in (("gain", 1.0, x > 0), ("loss", -1.0, x < 0)):
        s = spec[side]
        e = excess(np.abs(x), thresholds[side], s["thresholdMode"])
        scale = quality if side == "gain" and s.get("scaleByQuality") else 1.0
        if spec["order"] == "cap_then_share" and s["capRate"] is not None:
            p = bp * corridor_side(np.minimum(e, s["capRate"]), s["bands"], scale)
        else:
            p = bp * corridor_side(e, s["bands"], scale)
            if s["capRate"] is not None:
                p = np.minimum(p, s["capRate"] * bp)
        if side == "gain":
            p = p * (1 - s.get("haircut", 0.0))
        out = np.where(mask, sign * p, out)
    return out


def alias_table(weights):
    """Walker's alias table (prob, index) for sampling i with probability proportional to weights[i]."""
    n = len(weights)
    scaled = np.asarray(weights, dtype=float) * n / np.sum(weights)
    prob = np.ones(n)
    index = np.arange(n)
    small = [i for i in range(n) if scaled[i] < 1]
    large = [i for i in range(n) if scaled[i] >= 1]
    while small and large:
        s, g = small.pop(), large.pop()
        prob[s], index[s] = scaled[s], g
        scaled[g] += scaled[s] - 1
        (small if scaled[g] < 1 else large).append(g)
    return prob, index


class Model:
    """The constants of the run, laid out for the vector code."""

    def __init__(self, m):
        L = len(m["trendSd"])
        self.L = L
        chol = np.array(m["trendChol"]).reshape(L, L)
        sd = np.array(m["trendSd"])
        tsd = m["tariffSd"]
        # log F = [z_tariff, z_trend] @ A + c: row 0 the tariff, rows 1.. the Cholesky factor scaled by the line sds.
        self.A = np.vstack([np.full((1, L), tsd), chol.T * sd[None, :]])
        self.c = -(sd**2) / 2 - tsd**2 / 2
        self.WT = np.ascontiguousarray(np.array(m["lineWeights"]).reshape(-1, L).T)  # lines x segments
        pool = m["pool"]
        self.rate = pool["hitRate"]
        self.prob, self.alias = alias_table(pool["hitWeights"])
        self.S = len(self.prob)
        self.people = np.array(pool["people"], dtype=np.float64)
        if self.S >= 1 << (43 - SEG_SHIFT) or self.people.max() > PERSON_MASK:
            raise SystemExit("simulate_numpy.py: too many segments or people for the packed keys")
        inv_alpha = np.array(pool["invAlpha"])
        self.inv_alpha = float(inv_alpha[0]) if np.all(inv_alpha == inv_alpha[0]) else inv_alpha
        self.bulk_mean = np.array(pool["bulkMean"])
        self.bulk_var = np.array(pool["bulkVar"])
        self.a = np.array(pool["meanByLine"])
        self.Q = np.array(pool["varForm"]).reshape(L, L)
        self.T = pool["threshold"]
        self.k3 = pool["thirdCumulant"]
        self.mean0 = pool["mean0"]
        self.A_sl, self.c_sl, self.lim = m["attachment"], m["coinsurance"], m["limit"]
        self.mw = np.array(m["measureWeights"])
        self.me = np.array(m["measureExpected"])
        self.att_sd = m["attainmentSd"]
        self.rho = m["attainmentCorrelation"]
        s = m["settlement"]
        self.B = s["benchmark"]
        self.spec = s["spec"]
        self.outcomes = s["outcomes"]
        self.thresholds = s["thresholds"]
        self.bp = self.B * (1 - self.spec["discount"])
        self.M = len(self.mw)
        # Normals per trial: tariff, L trend, (z0 + one per measure), bulk.
        self.K = 1 + L + (1 + self.M if self.M > 0 else 0) + 1


def batch(md, rng, n):
    """Providers' result and spend of n trials."""
    L, M = md.L, md.M
    Z = rng.standard_normal((n, md.K))
    logF = Z[:, : L + 1] @ md.A
    logF += md.c
    F = np.exp(logF, out=logF)
    if M > 0:
        z0 = Z[:, L + 1 : L + 2]
        att = md.me + md.att_sd * (np.sqrt(md.rho) * z0 + np.sqrt(1 - md.rho) * Z[:, L + 2 : L + 2 + M])
        score = np.clip(np.clip(att, 0.0, 1.0) @ md.mw, 0.0, 1.0)
    else:
        score = np.ones(n)
    z1 = Z[:, -1]

    # Explicit tail: Poisson hits on (segment, person); a person hit at least once is explicit.
    H = rng.poisson(md.rate, n)
    trial = np.repeat(np.arange(n, dtype=np.int64), H)
    total = trial.size
    u = rng.random(total)
    u *= md.S
    col = u.astype(np.int64)
    u -= col
    seg = np.where(u < md.prob[col], col, md.alias[col])
    person = (rng.random(total) * md.people[seg]).astype(np.int64)
    key = (trial << 43) | (seg << SEG_SHIFT) | person
    key.sort()
    keep = np.empty(total, dtype=bool)
    keep[:1] = True
    np.not_equal(key[1:], key[:-1], out=keep[1:])
    if not keep.all():
        key = key[keep]
    trial = key >> 43
    seg = (key >> SEG_SHIFT) & SEG_MASK
    # Segment multipliers M = sum_l W[seg, l] F[trial, l]: per line, two gathers from small contiguous tables
    # (W is 7 KB a line, F^T 16 KB) into preallocated buffers. Profiled against W[seg] * F[trial] row gathers
    # (einsum), and against one BLAS product F W^T for every (trial, segment) and a single gather: this is the
    # fastest at this batch size.
    FT = np.ascontiguousarray(F.T)
    mult = np.take(md.WT[0], seg)
    mult *= np.take(FT[0], trial)
    t1 = np.empty(mult.size)
    t2 = np.empty(mult.size)
    for l in range(1, L):
        np.take(md.WT[l], seg, out=t1)
        np.take(FT[l], trial, out=t2)
        t1 *= t2
        mult += t1
    E = rng.standard_exponential(key.size)
    if isinstance(md.inv_alpha, float):
        E *= md.inv_alpha
    else:
        E *= md.inv_alpha[seg]
    x = np.exp(E, out=E)
    x *= md.T
    x *= mult
    explicit = np.bincount(trial, weights=x, minlength=n)
    if np.isfinite(md.A_sl):
        spec_rec = np.bincount(trial, weights=md.c_sl * np.minimum(np.clip(x - md.A_sl, 0, None), md.lim), minlength=n)
    else:
        spec_rec = np.zeros(n)
    bm = md.bulk_mean[seg]
    bm *= mult
    bv = md.bulk_var[seg]
    bv *= mult
    bv *= mult
    mean = F @ md.a
    mean -= np.bincount(trial, weights=bm, minlength=n)
    var = np.einsum("ij,ij->i", F @ md.Q, F)
    var -= np.bincount(trial, weights=bv, minlength=n)
    np.clip(var, 0, None, out=var)
    sd = np.sqrt(var)
    gamma = md.k3 * (mean / md.mean0) ** 3 / np.where(var > 0, var * sd, 1)
    bulk = mean + sd * (z1 + gamma / 6 * (z1 * z1 - 1))
    np.clip(bulk, 0, None, out=bulk)
    spend = bulk + explicit

    # Settlement: aggregate stop-loss, withhold, corridor.
    spec = md.spec
    agg = 0.0
    if spec["stopLoss"]["aggregate"] is not None:
        ag = spec["stopLoss"]["aggregate"]
        exc = spend - spec_rec - ag["attachmentRate"] * md.B
        agg = np.where(exc > 0, ag["coinsurance"] * np.minimum(exc, ag["limit"] or np.inf), 0.0)
    unearned = 0.0
    quality = 1.0
    if md.outcomes is not None:
        o = md.outcomes
        rule = o["rule"]
        share = {
            "linear": lambda: score,
            "scaled": lambda: rule.get("maxRate", 1) * score,
            "gate": lambda: (score >= rule.get("threshold", 0)).astype(float),
        }[rule["type"]]()
        unearned = o["withholdRate"] * md.B * (1 - share)
        quality = score
    provider = provider_share(spec, md.bp, spend - spec_rec - agg, quality, md.thresholds) - unearned
    return provider, spend


def run(m, trials, seed, batch_size=BATCH):
    md = Model(m)
    rng = np.random.default_rng(seed)
    provider = np.empty(trials)
    spend = np.empty(trials)
    for start in range(0, trials, batch_size):
        n = min(batch_size, trials - start)
        provider[start : start + n], spend[start : start + n] = batch(md, rng, n)
    return provider, spend


def estimates(v):
    """Mean, sd, P(loss), 5th percentile with their standard errors (the formulas of shared/core/simulation/stats.ts)."""
    n = v.size
    mean = float(v.mean())
    sd = float(v.std(ddof=1))
    d = v - mean
    m2 = float(np.mean(d * d))
    m4 = float(np.mean(d**4))
    p_loss = float((v < 0).mean())
    s = np.sort(v)
    half = np.sqrt(n * 0.05 * 0.95)
    lo = max(0, int(np.floor(n * 0.05 - half)))
    hi = min(n - 1, int(np.ceil(n * 0.05 + half)))
    return {
        "mean": [mean, sd / np.sqrt(n)],
        "sd": [sd, np.sqrt(max(0.0, m4 - m2 * m2) / n) / (2 * sd) if sd > 0 else 0.0],
        "pLoss": [p_loss, float(np.sqrt(p_loss * (1 - p_loss) / n))],
        "p5": [float(np.percentile(v, 5)), float((s[hi] - s[lo]) / 2)],
    }


def main():
    m = json.load(sys.stdin)
    trials, seed = m["trials"], m["seed"]
    if m["pool"]["mid"] or not m["pool"]["allPareto"] or m["epidemic"]:
        raise SystemExit("simulate_numpy.py: the benchmark scenario must have no mid band, no epidemic, Pareto tail")
    run(m, min(trials, 20_000), seed + 1)  # warm-up
    seconds = []
    for _ in range(m.get("repeats", 3)):
        t0 = time.process_time()  # CPU time of this process: the machine may be shared
        provider, spend = run(m, trials, seed)
        seconds.append(time.process_time() - t0)
    print(json.dumps({
        "trials": trials,
        "cpuSeconds": seconds,
        "trialsPerSecond": trials / min(seconds),
        "numpy": np.__version__,
        "provider": estimates(provider),
        "spend": estimates(spend),
    }))


if __name__ == "__main__":
    main()
