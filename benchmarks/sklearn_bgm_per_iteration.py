#!/usr/bin/python3
"""Seconds per iteration of scikit-learn's BayesianGaussianMixture, for issue 20's VB comparison.

Usage: sklearn_bgm_per_iteration.py DATA.npy K COVARIANCE

BayesianGaussianMixture takes no starting model (only an init_params method), so unlike sklearn_peer.py it
cannot start where mixfit starts; what is compared is the cost of one iteration, which does not depend on
the start. Finite Dirichlet weights, tol 0, reg_covar 1e-10 as mixfit-bench; the time per iteration is
(T(11) − T(1)) / 10, the median of three such pairs, with 1 and 2 BLAS threads. Write DATA.npy with
`mixfit-bench --datasets M --write-npy M.npy`; time mixfit's VB with `mixfit run` (trace.csv's seconds).
"""
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture
from threadpoolctl import threadpool_limits


def fit_seconds(points, k, covariance, iterations):
    model = BayesianGaussianMixture(n_components=k, covariance_type=covariance, max_iter=iterations, tol=0.0,
                                    init_params="random_from_data", random_state=0, reg_covar=1e-10,
                                    weight_concentration_prior_type="dirichlet_distribution")
    begin = time.perf_counter()
    model.fit(points)
    return time.perf_counter() - begin


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    points, k, covariance = np.load(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    warnings.simplefilter("ignore", ConvergenceWarning)
    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            pairs = sorted((fit_seconds(points, k, covariance, 11) - fit_seconds(points, k, covariance, 1)) / 10
                           for _ in range(3))
        print(f"{sys.argv[1]} {covariance} threads {threads} seconds_per_iteration {pairs[1]!r}")


if __name__ == "__main__":
    main()
