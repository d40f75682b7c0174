#!/usr/bin/python3
"""scikit-learn's GaussianMixture as mixfit-bench's peer: the same data and start, seconds per EM iteration.

mixfit-bench writes the data (N×D float64 .npy) and the start (means K×D, the data's per-column variances D,
weights K) and runs this with Debian's python3-sklearn. GaussianMixture starts from exactly that model
(weights_init, means_init and precisions_init: the inverse of diag(variances), of mean(variances) for
spherical, as mixfit's start) with mixfit's reg_covar and tol = 0, so both run the same iterations.

Covariance `kmeans++` times the seeding alone (kmeans_plusplus, its default 2 + log K local trials, as
mixfit's): seconds per seeding, the median of three, and the seeds as `means`. Covariance `kmeans` runs KMeans (algorithm "lloyd", its OpenMP threads) from the means instead, tol 0, so it
stops as mixfit does, when no label changes; its time per iteration divides by the iterations it ran.

A fit's time includes its start-up and a last E-step; the time per iteration is therefore
(T(iterations) − T(1)) / (iterations − 1), the median of three such pairs, for each thread count asked
(BLAS threads through threadpoolctl). Prints, per thread count, `threads T seconds_per_iteration S`, then
`means K D` and the K×D final means of the last fit (repr, exact) for mixfit-bench's check.
"""
import argparse
import time
import warnings

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits


def precisions(variances, k, covariance):
    if covariance == "full":
        return np.repeat(np.diag(1.0 / variances)[np.newaxis, :, :], k, axis=0)
    if covariance == "diag":
        return np.repeat((1.0 / variances)[np.newaxis, :], k, axis=0)
    if covariance == "spherical":
        return np.full(k, 1.0 / np.mean(variances))
    raise SystemExit(f"sklearn_peer.py: covariance {covariance!r}: expected full, diag or spherical")


def fit(points, means, variances, weights, covariance, iterations, reg_covar):
    if covariance == "kmeans":
        model = KMeans(n_clusters=len(weights), init=means, n_init=1, max_iter=iterations, tol=0.0,
                       algorithm="lloyd")
        begin = time.perf_counter()
        model.fit(points)
        return time.perf_counter() - begin, model
    model = GaussianMixture(n_components=len(weights), covariance_type=covariance, tol=0.0, reg_covar=reg_covar,
                            max_iter=iterations, n_init=1, init_params="random_from_data", random_state=0,
                            weights_init=weights, means_init=means,
                            precisions_init=precisions(variances, len(weights), covariance))
    begin = time.perf_counter()
    model.fit(points)
    return time.perf_counter() - begin, model


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="holds points.npy, means.npy, variances.npy, weights.npy")
    parser.add_argument("--covariance", required=True)
    parser.add_argument("--iterations", type=int, required=True)
    parser.add_argument("--threads", default="1", help="comma-separated BLAS thread counts")
    parser.add_argument("--reg-covar", type=float, default=1e-10)
    args = parser.parse_args()
    if args.iterations < 2:
        raise SystemExit("sklearn_peer.py: --iterations must be at least 2 (times are differences of fits)")
    load = lambda name: np.load(f"{args.folder}/{name}.npy")
    points, means = load("points"), load("means")
    variances, weights = load("variances").ravel(), load("weights").ravel()
    warnings.simplefilter("ignore", ConvergenceWarning)
    if args.covariance == "kmeans++":
        for threads in (int(t) for t in args.threads.split(",")):
            with threadpool_limits(limits=threads):
                seconds = []
                for seed in range(3):
                    begin = time.perf_counter()
                    centres, _ = kmeans_plusplus(points, len(weights), random_state=seed)
                    seconds.append(time.perf_counter() - begin)
            print(f"threads {threads} seconds_per_iteration {sorted(seconds)[1]!r}")
        k, d = centres.shape
        print(f"means {k} {d} " + " ".join(repr(float(v)) for v in centres.ravel()))
        return
    model = None
    for threads in (int(t) for t in args.threads.split(",")):
        with threadpool_limits(limits=threads):
            per_iteration = []
            for _ in range(3):
                short, first = fit(points, means, variances, weights, args.covariance, 1, args.reg_covar)
                long, model = fit(points, means, variances, weights, args.covariance, args.iterations, args.reg_covar)
                per_iteration.append((long - short) / max(1, model.n_iter_ - first.n_iter_))
        print(f"threads {threads} seconds_per_iteration {sorted(per_iteration)[1]!r}")
    centres = model.cluster_centers_ if args.covariance == "kmeans" else model.means_
    k, d = centres.shape
    print(f"means {k} {d} " + " ".join(repr(float(v)) for v in centres.ravel()))


if __name__ == "__main__":
    main()
