#!/usr/bin/env python3
"""The simulation's pooled fast method (shared/simulation/pooled.ts, trial.ts, settleTrial.ts) vectorised over
trials in NumPy, for the benchmark in bench/simulate.bench.ts: same model constants (read as JSON on stdin), same
algorithm, NumPy's own random generator. Prints JSON: trials, seconds, trials per second, and summary figures of
the providers' result so the two implementations can be compared. Run with one thread (OMP_NUM_THREADS=1) for a
per-core figure. Supports what the benchmark scenario uses: explicit tail in the Pareto region, no mid band,
fixed thresholds, share_then_cap or cap_then_share corridors, linear/gate/scaled withhold."""
import json
import sys
import time

import numpy as np


def corridor_side(e, bands, scale):
    """sum_j rate_j x overlap(e, band_j), as a rate of B' (bands on e, the last one open)."""
    share = np.zeros_like(e)
    lo = 0.0
    for b in bands:
        hi = np.inf if b["upTo"] is None else b["upTo"]
        share += b["providerRate"] * scale * np.clip(np.minimum(e, hi) - lo, 0.0, None)
        if b["upTo"] is None:
            break
        lo = hi
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


def run(m, trials, seed, batch=50_000):
    rng = np.random.default_rng(seed)
    L = len(m["trendSd"])
    chol = np.array(m["trendChol"]).reshape(L, L)
    trend_sd = np.array(m["trendSd"])
    W = np.array(m["lineWeights"]).reshape(-1, L)  # segments x lines
    pool = m["pool"]
    rate = pool["hitRate"]
    seg_p = np.array(pool["hitWeights"])
    seg_p = seg_p / seg_p.sum()
    people = np.array(pool["people"], dtype=np.int64)
    S = len(seg_p)
    inv_alpha = np.array(pool["invAlpha"])
    bulk_mean = np.array(pool["bulkMean"])
    bulk_var = np.array(pool["bulkVar"])
    a = np.array(pool["meanByLine"])
    Q = np.array(pool["varForm"]).reshape(L, L)
    T = pool["threshold"]
    A, c, lim = m["attachment"], m["coinsurance"], m["limit"]
    mw = np.array(m["measureWeights"])
    me = np.array(m["measureExpected"])
    s = m["settlement"]
    B = s["benchmark"]
    spec = s["spec"]
    bp = B * (1 - spec["discount"])
    provider_all = np.empty(trials)
    for start in range(0, trials, batch):
        n = min(batch, trials - start)
        # Shocks: tariff, correlated line trend.
        tariff = np.exp(m["tariffSd"] * rng.standard_normal(n) - m["tariffSd"] ** 2 / 2)
        e = rng.standard_normal((n, L)) @ chol.T
        F = tariff[:, None] * np.exp(trend_sd * e - trend_sd**2 / 2)
        # Attainment.
        if len(mw) > 0:
            rho = m["attainmentCorrelation"]
            z0 = rng.standard_normal(n)
            att = me + m["attainmentSd"] * (np.sqrt(rho) * z0[:, None] + np.sqrt(1 - rho) * rng.standard_normal((n, len(mw))))
            score = np.clip(np.clip(att, 0, 1) @ mw, 0, 1)
        else:
            score = np.ones(n)
        # Explicit tail: Poisson hits on (segment, person); people hit at least once are explicit (exact binomial
        # counts per segment); Pareto cost above T.
        H = rng.poisson(rate, n)
        hit_trial = np.repeat(np.arange(n, dtype=np.int64), H)
        hit_seg = rng.choice(S, size=int(H.sum()), p=seg_p)
        hit_person = np.floor(rng.random(hit_seg.size) * people[hit_seg]).astype(np.int64)
        key = np.unique((hit_trial * S + hit_seg) * (people.max() + 1) + hit_person)
        trial = key // ((people.max() + 1) * S)
        seg = (key // (people.max() + 1)) % S
        total = key.size
        mult = np.einsum("ij,ij->i", W[seg], F[trial])
        x = mult * T * rng.random(total) ** (-inv_alpha[seg])
        explicit = np.bincount(trial, weights=x, minlength=n)
        spec_rec = np.bincount(trial, weights=c * np.minimum(np.clip(x - A, 0, None), lim), minlength=n) if np.isfinite(A) else np.zeros(n)
        mean = F @ a - np.bincount(trial, weights=bulk_mean[seg] * mult, minlength=n)
        var = np.einsum("ij,jk,ik->i", F, Q, F) - np.bincount(trial, weights=bulk_var[seg] * mult**2, minlength=n)
        var = np.clip(var, 0, None)
        sd = np.sqrt(var)
        gamma = pool["thirdCumulant"] * (mean / pool["mean0"]) ** 3 / np.where(var > 0, var * sd, 1)
        z1 = rng.standard_normal(n)
        bulk = np.clip(mean + sd * (z1 + gamma / 6 * (z1 * z1 - 1)), 0, None)
        spend = bulk + explicit
        # Settlement: aggregate stop-loss, withhold, corridor.
        agg = np.zeros(n)
        if spec["stopLoss"]["aggregate"] is not None:
            ag = spec["stopLoss"]["aggregate"]
            exc = spend - spec_rec - ag["attachmentRate"] * B
            agg = np.where(exc > 0, ag["coinsurance"] * np.minimum(exc, ag["limit"] or np.inf), 0.0)
        unearned = np.zeros(n)
        quality = np.ones(n)
        if s["outcomes"] is not None:
            o = s["outcomes"]
            rule = o["rule"]["type"]
            share = {"linear": score, "scaled": o["rule"].get("maxRate", 1) * score, "gate": (score >= o["rule"].get("threshold", 0)).astype(float)}[rule]
            unearned = o["withholdRate"] * B * (1 - share)
            quality = score
        provider = provider_share(spec, bp, spend - spec_rec - agg, quality, s["thresholds"]) - unearned
        provider_all[start : start + n] = provider
    return provider_all


def main():
    m = json.load(sys.stdin)
    trials, seed = m["trials"], m["seed"]
    if m["pool"]["mid"] or not m["pool"]["allPareto"] or m["epidemic"]:
        raise SystemExit("simulate_numpy.py: the benchmark scenario must have no mid band, no epidemic, Pareto tail")
    run(m, min(trials, 20_000), seed + 1)  # warm-up
    secs = float("inf")
    for _ in range(m.get("repeats", 3)):  # best of 3: the machine may be shared
        t0 = time.perf_counter()
        provider = run(m, trials, seed)
        secs = min(secs, time.perf_counter() - t0)
    print(json.dumps({
        "trials": trials,
        "seconds": secs,
        "trialsPerSecond": trials / secs,
        "numpy": np.__version__,
        "providerMean": float(provider.mean()),
        "providerSd": float(provider.std(ddof=1)),
        "providerPLoss": float((provider < 0).mean()),
        "providerP5": float(np.percentile(provider, 5)),
    }))


if __name__ == "__main__":
    main()
