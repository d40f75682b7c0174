#!/usr/bin/python3
"""Reference fits of scikit-learn's BayesianGaussianMixture with diag and spherical covariances.

For plugins/gaussian/tests/wishart_precision_test.cpp (issue 18: `precision_model: wishart`).
Run from the repository root with Debian's python3-sklearn (1.2.1):
    /usr/bin/python3 scripts/reference/sklearn_bgmm_diag_spherical.py
Each fit starts from the recorded one-hot labels of the shared full-covariance
fixture (../shared/fixtures/three_blobs_bgmm_full_*.json), as that fixture did:
_initialize_parameters is replaced by scikit-learn's own _initialize on those
responsibilities. 100 iterations, tol 0. Writes tests/data/sklearn_bgmm/*.json.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.mixture import BayesianGaussianMixture

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "fixtures"
ITERATIONS = 100


class FromLabels(BayesianGaussianMixture):
    """BayesianGaussianMixture whose initial responsibilities are given one-hot labels."""

    def __init__(self, labels=None, **kwargs):
        super().__init__(**kwargs)
        self.labels = labels

    def _initialize_parameters(self, X, random_state):
        resp = np.zeros((X.shape[0], self.n_components))
        resp[np.arange(X.shape[0]), self.labels] = 1.0
        self._initialize(X, resp)


def state(model):
    return {
        "weight_concentration": np.asarray(model.weight_concentration_).tolist(),
        "mean_precision": model.mean_precision_.tolist(),
        "means": model.means_.tolist(),
        "degrees_of_freedom": model.degrees_of_freedom_.tolist(),
        "covariances": model.covariances_.tolist(),
    }


def main():
    data = np.loadtxt(SHARED / "three_blobs.csv", delimiter=",", skiprows=1, usecols=(0, 1))
    for prior_type in ("dirichlet_distribution", "dirichlet_process"):
        source = json.loads((SHARED / f"three_blobs_bgmm_full_{prior_type}.json").read_text())
        labels = np.asarray(source["init"]["labels"])
        for covariance in ("diag", "spherical"):
            settings = dict(n_components=6, covariance_type=covariance, weight_concentration_prior_type=prior_type,
                            max_iter=ITERATIONS, tol=0.0, reg_covar=1e-6, n_init=1, random_state=0)
            start = FromLabels(labels=labels, **settings)
            start._check_parameters(data)
            start._initialize_parameters(data, None)
            fit = FromLabels(labels=labels, **settings)
            predicted = fit.fit_predict(data)
            out = {
                "fixture": f"three_blobs_bgmm_{covariance}_{prior_type}",
                "produced_with": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
                "model": {"covariance_type": covariance, "n_components": 6,
                          "weight_concentration_prior_type": prior_type},
                "priors": {
                    "weight_concentration_prior": fit.weight_concentration_prior_,
                    "mean_precision_prior": fit.mean_precision_prior_,
                    "mean_prior": fit.mean_prior_.tolist(),
                    "degrees_of_freedom_prior": fit.degrees_of_freedom_prior_,
                    "covariance_prior": np.atleast_1d(fit.covariance_prior_).tolist(),
                },
                "settings": {"max_iter": ITERATIONS, "tol": 0.0, "reg_covar": 1e-6},
                "init": {"labels": labels.tolist()},
                "expected": dict(state_after_initialization=state(start), weights=fit.weights_.tolist(),
                                 labels=predicted.tolist(), n_iter=int(fit.n_iter_), **state(fit)),
            }
            path = ROOT / "tests" / "data" / "sklearn_bgmm" / f"three_blobs_bgmm_{covariance}_{prior_type}.json"
            path.write_text(json.dumps(out) + "\n")
            print(path, "n_iter", fit.n_iter_)


if __name__ == "__main__":
    main()
