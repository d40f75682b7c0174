// experiment_schema: the framework's own keys of an experiment file, with defaults and help.
#include "mixfit/config/experiment_config.hpp"

namespace mixfit {
namespace {

ConfigSchema experiment_section() {
  ConfigSchema s;
  // The name's default (the file's stem) depends on the file, so load_experiment fills it in.
  s.string("name", std::nullopt, "Name of the run; default: the experiment file's name without its extension.");
  s.integer("seed", 0, "Seed of every random stream (initialisation, sampling); same seed, same bits.",
            Range::at_least(0));
  return s;
}

ConfigSchema data_section() {
  ConfigSchema s;
  s.string("path", std::nullopt,
           "CSV file with a header line, or a NumPy .npy array (float64/float32, C order); a relative path is read "
           "from the experiment's folder.")
      .required();
  s.choice("dtype", {"float64", "float32"}, "float64",
           "How real columns are held in memory: float32 halves memory and bandwidth (values rounded once when "
           "read); every block is widened to double, so all arithmetic and accumulation stays in double.");
  s.boolean("streaming", false,
            "Re-read a .npy data file block by block on every pass instead of holding it in memory, for data larger "
            "than memory; results are bit-identical to the in-memory run.");
  s.string_list("columns", "Columns to model, in this order; default: every column of the file.");
  s.choice("missing", {"error", "marginalize"}, "error",
           "What an empty, NA or NaN cell is: an error naming its place, or missing at random, marginalised out by "
           "the family (exact EM for incomplete data; families that cannot refuse it). CSV only.");
  s.string("weights", std::nullopt,
           "A column holding each row's sample weight (finite, >= 0; not modelled): every algorithm weighs the row's "
           "statistics, log-likelihood and draws by it, so an integer weight w fits as w copies of the row. CSV only.");
  s.string("labels", std::nullopt,
           "A column of known components (0..K-1; an empty cell or NA: unknown), not modelled: known rows keep their "
           "component in every iteration (semi-supervised, as mclust's MclustSSC). CSV only.");
  s.any("types",
        "Column kinds by name ({smoker: binary, region: categorical}); default: the kind the claiming family models.");
  s.any("levels",
        "Level order of categorical columns by name ({region: [north, south, east]}); default: integers sorted, "
        "other text in order of first appearance.");
  return s;
}

ConfigSchema weights_section() {
  ConfigSchema s;
  s.choice("prior", {"none", "dirichlet_distribution", "dirichlet_process"}, std::nullopt,
           "none (maximum likelihood), a finite Dirichlet, or a truncated Dirichlet process (stick-breaking); "
           "default: none for em, dirichlet_process for vb (as scikit-learn's BayesianGaussianMixture).");
  s.number("concentration", std::nullopt,
           "The prior's concentration γ₀ (scikit-learn's weight_concentration_prior); default 1/K.",
           Range::greater_than(0));
  s.boolean("equal", std::nullopt,
            "em and kmeans: keep every weight at 1/K (mclust's equalPro); the weights then count as no "
            "parameters in n_parameters and BIC. Not with vb or a weight prior.");
  return s;
}

ConfigSchema noise_section() {
  ConfigSchema s;
  s.any("init",
        "The rows that start in the noise component: a CSV file (relative to the experiment's folder) with a "
        "header and one column of 0/1 per data row, or a number in (0, 1), the fraction of rows furthest from "
        "the data's mean (Mahalanobis distance).");
  s.any("volume", "V of the uniform density 1/V: auto (mclust's hypvol: the smaller of the data's bounding box "
                  "and principal-component box) or a number > 0; default auto.");
  return s;
}

ConfigSchema model_section() {
  ConfigSchema s;
  s.integer("components", std::nullopt, "Number of mixture components K.", Range::at_least(1)).required();
  s.string("family", std::nullopt, "Component family, by the name its plugin registers (gaussian, ...).").required();
  s.any("options", "The family's own options, checked by the family's schema (`mixfit describe <family>`).",
        YAML::Node(YAML::NodeType::Map));
  s.any("parts",
        "For a composite family (product): its parts, each {family, columns, options}; they claim the data columns.");
  s.optional_section("noise", noise_section(),
                     "mclust's noise component: a uniform density 1/V over the data's region beside the K "
                     "components, its weight estimated by em; rows it takes are labelled -1.");
  s.section("weights", weights_section(),
            "Prior on the mixing weights: used by vb, and by em as a MAP estimate (dirichlet_distribution, "
            "concentration >= 1).");
  return s;
}

ConfigSchema init_section() {
  ConfigSchema s;
  s.choice("method",
           {"kmeans++", "kmeans", "random", "random_from_data", "given", "responsibilities", "hierarchical",
            "small_em"},
           "kmeans++",
           "How each restart starts: k-means++ seeding, a k-means fit, random responsibilities, means at random "
           "rows, given parameters, given responsibilities, mclust's model-based hierarchical clustering "
           "(deterministic; the tree cut at K), or mixmod's small EM (runs short EM runs from means at random "
           "rows; the most likely continues).");
  s.string("file", std::nullopt,
           "For given: a model.yaml-shaped file; for responsibilities: an N×K CSV. Relative to the experiment's "
           "folder.");
  s.any("weights", "For given without a file: the K mixing weights, inline.");
  s.any("components", "For given without a file: the K components' parameters, inline (as in model.yaml).");
  s.any("shared", "For given without a file: parameters shared by all components (tied covariance), inline.");
  s.any("centroids", "For given with algorithm kmeans: the K initial centroids, each a list of D numbers.");
  s.choice("model", {"VVV", "EEE", "VII", "EII"}, std::nullopt,
           "For hierarchical: the merge criterion, mclust's hcModelName (default VVV; VII for one column).");
  s.choice("use", {"VARS", "STD", "SPH", "PCS", "PCR", "SVD"}, std::nullopt,
           "For hierarchical: the coordinates merges are computed on, mclust's hcUse (default SVD, as mclust 6).");
  s.integer("runs", std::nullopt, "For small_em: how many short EM runs (default 10, as mixmod).",
            Range::at_least(1));
  s.integer("iterations", std::nullopt, "For small_em: EM iterations of each short run (default 5, as mixmod).",
            Range::at_least(1));
  s.integer("subset", std::nullopt,
            "For hierarchical: with more rows than this, the tree is grown on this many rows drawn from the seed "
            "and the start is one M-step from their partition (mclust's subset; default 2000).",
            Range::at_least(2));
  s.choice("scale", {"none", "standardize"}, std::nullopt,
           "Distances of kmeans++, kmeans and random_from_data on the columns as they are, or centred and divided "
           "by their standard deviation (a constant column left as is); the start is then applied in the data's "
           "own units. Default: standardize, none for algorithm kmeans.");
  return s;
}

ConfigSchema inference_section() {
  ConfigSchema s;
  s.choice("algorithm", {"em", "cem", "sem", "kmeans", "vb"}, "em",
           "Fitting algorithm: expectation-maximisation (MAP when the family has a prior), classification EM "
           "(each row wholly to its most probable component between E and M; maximises the classification "
           "likelihood), stochastic EM (each row's component drawn from its responsibilities; runs max_iter "
           "iterations and keeps the most likely model it visits), Lloyd's k-means, or mean-field variational "
           "Bayes.");
  s.integer("max_iter", 100, "Maximum number of iterations of each restart.", Range::at_least(1));
  s.number("tol", 1e-3,
           "em stops when the mean per-row log-likelihood changes by less, cem when the mean classification "
           "log-likelihood does, vb when the ELBO (total, in nats) does; 0 runs exactly max_iter iterations. sem "
           "always runs max_iter.",
           Range::at_least(0));
  s.integer("n_init", 1,
            "Number of restarts; the best final log-likelihood (cem: classification log-likelihood; vb: ELBO) wins.",
            Range::at_least(1));
  s.section("init", init_section(), "Initialisation of each restart.");
  s.any("chain",
        "Stages run in order, each from the previous stage's model (the first from init): a list of "
        "{algorithm: em | cem | sem, max_iter, tol}, keys left out taken from this section, e.g. "
        "[{algorithm: sem, max_iter: 100}, {algorithm: em, tol: 1.0e-8}]. trace.csv gains a stage column and "
        "summary.yaml a stages list; restarts compete on the last stage's objective.");
  s.choice("empty_component", {"reseed", "drop", "error"}, "reseed",
           "em and kmeans: what to do when a component loses all its points (N_k <= N * machine epsilon): reseed it "
           "from the worst-explained row, drop it and go on with K - 1, or stop with an error. Reported in "
           "summary.yaml. vb keeps empty components (its prior holds them).");
  s.choice("singular_component", {"reseed", "drop", "error"}, "reseed",
           "em: what to do when the M-step finds a component's covariance singular (e.g. gaussian reg_covar: 0 and "
           "fewer distinct points than dimensions + 1): reseed it from the worst-explained rows, drop it and go on "
           "with K - 1, or fail the restart (the other restarts go on). Reported in summary.yaml. A singular tied "
           "covariance always fails the restart.");
  s.integer("threads", 0,
            "Worker threads sharing each pass's blocks; 0: every core. Results are bit-identical for any value.",
            Range::at_least(0));
  s.integer("block_size", 4096,
            "Rows per block of the fixed block grid; statistics are summed block by block in a fixed order, so "
            "results do not depend on threads.",
            Range::at_least(1));
  return s;
}

ConfigSchema output_section() {
  ConfigSchema s;
  s.string("dir", std::nullopt,
           "Run directory; default: runs/<experiment.name>. A relative path is taken from the experiment's folder.");
  s.number("min_weight", 1e-3,
           "Components whose weight is above this count as effective (summary.yaml: effective_components).",
           Range::between(0, 1));
  s.integer("checkpoint_every", std::nullopt,
            "Write the driver state every this many iterations (em, cem, sem, chains, vb) beside the run directory, so "
            "that `mixfit run --resume DIR` continues a killed run with the same bits.",
            Range::at_least(1));
  s.boolean("trace_parameters", false,
            "Write trace_parameters.yaml: the weights and the family's parameters after every iteration of the "
            "best restart (em, cem, sem, chains, vb), numbers exact as in model.yaml; `mixfit plot --animate` draws them.");
  ConfigSchema images;
  images.integer("width", std::nullopt, "Image width in pixels.", Range::at_least(1)).required();
  images.integer("height", std::nullopt, "Image height in pixels.", Range::at_least(1)).required();
  s.section("component_images", images,
            "Write each component's mean row (responsibility-weighted, numeric encoding) as a width×height PGM "
            "image, component_<k>.pgm; width·height must equal the number of encoded columns (digits: 8×8).");
  return s;
}

}  // namespace

ConfigSchema experiment_schema() {
  ConfigSchema s;
  s.section("experiment", experiment_section(), "What the run is called and how its randomness is seeded.");
  s.section("data", data_section(), "The data to fit.").required();
  s.section("model", model_section(), "The mixture: number of components and their family.").required();
  s.section("inference", inference_section(), "How the mixture is fitted.");
  s.section("output", output_section(), "Where the run directory is written.");
  s.any("sweep",
        "A grid of runs: {grid: {key.path: [values...], ...}, select: bic | aic | icl}; each point is a run "
        "directory under output.dir, summarised in sweep.csv and sweep.yaml.");
  s.string_list("plugins",
                "Extra plugin files or folders to search for families, relative to the experiment's folder.");
  return s;
}

}  // namespace mixfit
