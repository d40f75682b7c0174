// load_experiment: read, override, validate, fill defaults, resolve paths.
#include "mixfit/config/experiment_config.hpp"

#include "mixfit/config/config_override.hpp"
#include "mixfit/config/yaml_file.hpp"
#include "mixfit/core/error.hpp"
#include "mixfit/core/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mixfit {
namespace {

namespace fs = std::filesystem;

/// Defaults that depend on the file or on other keys: experiment.name is the
/// file's stem, output.dir is runs/<name>, inference.init.scale follows the
/// algorithm. The name goes first, as in the schema.
void fill_derived_defaults(YAML::Node& resolved, const std::string& stem) {
  const YAML::Node& view = resolved;
  if (!view["experiment"]["name"]) {
    YAML::Node experiment(YAML::NodeType::Map);
    experiment["name"] = stem;
    for (const auto& item : view["experiment"]) experiment[item.first.Scalar()] = item.second;
    resolved["experiment"] = experiment;
  }
  if (!view["output"]["dir"]) resolved["output"]["dir"] = "runs/" + view["experiment"]["name"].Scalar();
  // Seeding distances on standardised columns, except for k-means as the
  // algorithm, which keeps raw distances (scikit-learn's KMeans) unless asked.
  if (!view["inference"]["init"]["scale"])
    resolved["inference"]["init"]["scale"] = view["inference"]["algorithm"].Scalar() == "kmeans" ? "none" : "standardize";
}

/// The node the user wrote at `keys` (for its mark), or an undefined node.
template <class Keys>
YAML::Node written_node(const YAML::Node& document, const Keys& keys) {
  YAML::Node node;
  node.reset(document);
  for (const auto& key : keys) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& view = node;
    const YAML::Node child = view[key];  // const lookup: a missing key is not inserted
    if (!child.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
    node.reset(child);
  }
  return node;
}

YAML::Node written_node(const YAML::Node& document, std::initializer_list<const char*> keys) {
  return written_node<std::initializer_list<const char*>>(document, keys);
}

/// `text` as an absolute, normalised path; relative paths start at `base_dir`.
std::string absolute_path(const fs::path& base_dir, const std::string& text, const ConfigLocation& where,
                          const YAML::Node& node) {
  if (text.empty()) throw ConfigError(describe_location(where, node) + "expected a path, got an empty string");
  const fs::path path(text);
  return (path.is_absolute() ? path : base_dir / path).lexically_normal().string();
}

/// `given` takes its parameters from a file or inline, `responsibilities` from
/// a file; other methods take neither, so a stray key is an error, not ignored.
void check_init(const YAML::Node& init, const YAML::Node& written, const ConfigLocation& where) {
  const std::string method = init["method"].Scalar();
  const bool has_file = static_cast<bool>(init["file"]);
  const bool has_inline = init["weights"] || init["components"] || init["shared"] || init["centroids"];
  const std::string at = describe_location(where, written);
  if (method == "given") {
    if (has_file && has_inline)
      throw ConfigError(at +
                        "method 'given' takes its parameters either from 'file' or inline "
                        "(weights, components, shared), not both");
    if (!has_file && !init["components"] && !init["centroids"])
      throw ConfigError(at +
                        "method 'given' needs 'file' (a model.yaml) or inline 'weights' and 'components' "
                        "(or 'centroids' for algorithm kmeans)");
  } else if (method == "responsibilities") {
    if (!has_file) throw ConfigError(at + "method 'responsibilities' needs 'file' (an N×K CSV)");
    if (has_inline)
      throw ConfigError(at + "method 'responsibilities' reads 'file' only; weights/components/shared are not used");
  } else if (has_file || has_inline) {
    throw ConfigError(at + "method '" + method + "' takes no 'file', 'weights', 'components' or 'shared' " +
                      "(they are used by methods given and responsibilities)");
  }
  if (method != "hierarchical")
    for (const char* key : {"model", "use", "subset"})
      if (init[key])
        throw ConfigError(at + "'" + key + "' belongs to method hierarchical (mclust's hc start), not '" + method +
                          "'");
  if (method != "small_em")
    for (const char* key : {"runs", "iterations"})
      if (init[key])
        throw ConfigError(at + "'" + key + "' belongs to method small_em (mixmod's short EM runs), not '" + method +
                          "'");
}

double number_at(const YAML::Node& node) {
  double value = 0.0;
  parse_double(node.Scalar(), value);  // already validated by the schema
  return value;
}

// inference.chain: a non-empty list of stages, each checked against the stage schema at inference.chain[i].
std::vector<ChainStage> read_chain(const YAML::Node& written, const ExperimentConfig& config,
                                   const ConfigLocation& where) {
  if (!written.IsDefined() || written.IsNull()) return {};
  if (!written.IsSequence() || written.size() == 0)
    throw ConfigError(describe_location(where, written) +
                      "expected a list of stages such as [{algorithm: sem, max_iter: 100}, {algorithm: em}]");
  if (config.algorithm == "kmeans" || config.algorithm == "vb")
    throw ConfigError(describe_location(where, written) + "a chain runs em, cem and sem stages; inference.algorithm " +
                      "is " + config.algorithm + " (leave it out, or set it to the stages' default)");
  ConfigSchema stage_schema;
  stage_schema.choice("algorithm", {"em", "cem", "sem"}, config.algorithm, "the stage's algorithm");
  stage_schema.integer("max_iter", static_cast<long long>(config.max_iter), "the stage's iterations at most",
                       Range::at_least(1));
  stage_schema.number("tol", config.tol, "the stage's tolerance", Range::at_least(0));
  std::vector<ChainStage> stages;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const ConfigLocation at{where.file, where.key_path + "[" + std::to_string(i) + "]"};
    const YAML::Node given = written[i];
    if (!given.IsMap())
      throw ConfigError(describe_location(at, given) + "expected a stage: {algorithm: em | cem | sem, max_iter, tol}");
    const YAML::Node resolved = stage_schema.resolve(given, at);
    stages.push_back({resolved["algorithm"].Scalar(), resolved["max_iter"].as<std::size_t>(),
                      number_at(resolved["tol"])});
  }
  return stages;
}

// EM and k-means have point-estimate weights: maximum likelihood, or the mode
// of a Dirichlet prior, which exists only for a concentration >= 1.
void check_weight_prior(const ExperimentConfig& config, const YAML::Node& document, const ConfigLocation& top) {
  const ConfigLocation where = top.child("model.weights");
  if (config.weight_prior.equal) {
    // mclust's equalPro: the weights stay 1/K, so there is nothing for vb to infer or a prior to act on.
    const std::string at =
        describe_location(where.child("equal"), written_node(document, {"model", "weights", "equal"}));
    if (config.algorithm == "vb")
      throw ConfigError(at + "equal weights fix π_k = 1/K, while vb infers their posterior; use em (or kmeans), "
                             "or leave equal out");
    if (config.weight_prior.type != "none")
      throw ConfigError(at + "equal weights fix π_k = 1/K, so a weight prior (" + config.weight_prior.type +
                        ") has nothing to act on; remove model.weights.prior");
    return;
  }
  if (config.algorithm == "vb" || config.weight_prior.type == "none") return;
  if (config.weight_prior.type == "dirichlet_process")
    throw ConfigError(describe_location(where.child("prior"), written_node(document, {"model", "weights", "prior"})) +
                      "dirichlet_process weights need inference.algorithm: vb; " + config.algorithm +
                      " can use dirichlet_distribution with concentration >= 1 (a MAP estimate)");
  const double concentration = config.weight_prior.concentration_or_default(config.components);
  if (concentration < 1.0) {
    const YAML::Node written = written_node(document, {"model", "weights", "concentration"});
    throw ConfigError(describe_location(where.child("concentration"),
                                        written.IsDefined() ? written : written_node(document, {"model", "weights"})) +
                      config.algorithm + " uses the mode of the Dirichlet prior, which needs concentration >= 1; got " +
                      format_double(concentration) + (written.IsDefined() ? "" : " (the default 1/K)") +
                      "; set it, or use inference.algorithm: vb");
  }
}

}  // namespace

ExperimentConfig load_experiment(const std::string& path, const std::vector<std::string>& overrides,
                                 const std::string& base_dir_override) {
  YAML::Node document = load_yaml_file(path, "experiment file");
  const ConfigLocation top{path, ""};
  if (!document.IsMap())
    throw ConfigError(describe_location(top, document) +
                      "expected a mapping of sections (experiment, data, model, inference, output, plugins)");
  for (const std::string& assignment : overrides) apply_override(document, assignment);

  ExperimentConfig config;
  config.file = path;
  const fs::path base_dir = base_dir_override.empty()
                                ? fs::absolute(fs::path(path)).parent_path().lexically_normal()
                                : fs::absolute(fs::path(base_dir_override)).lexically_normal();
  config.base_dir = base_dir.string();

  config.written = document;
  config.resolved = experiment_schema().resolve(document, top);
  fill_derived_defaults(config.resolved, fs::path(path).stem().string());
  const YAML::Node& resolved = config.resolved;

  const YAML::Node& experiment = resolved["experiment"];
  config.name = experiment["name"].Scalar();
  if (config.name.empty())
    throw ConfigError(describe_location(top.child("experiment.name"), written_node(document, {"experiment", "name"})) +
                      "expected a non-empty name");
  config.seed = experiment["seed"].as<std::uint64_t>();

  const YAML::Node& data = resolved["data"];
  config.data_path =
      absolute_path(base_dir, data["path"].Scalar(), top.child("data.path"), written_node(document, {"data", "path"}));
  if (data["columns"]) config.columns = data["columns"].as<std::vector<std::string>>();
  config.column_types = written_node(document, {"data", "types"});
  config.column_levels = written_node(document, {"data", "levels"});
  config.single_precision = data["dtype"].Scalar() == "float32";
  config.streaming = data["streaming"].as<bool>();
  if (config.streaming && fs::path(config.data_path).extension() != ".npy")
    throw ConfigError(describe_location(top.child("data.streaming"), written_node(document, {"data", "streaming"})) +
                      "streaming reads a NumPy .npy file block by block; " + config.data_path +
                      " is not one (convert it with numpy.save)");
  config.marginalize_missing = data["missing"].Scalar() == "marginalize";
  if (config.marginalize_missing && fs::path(config.data_path).extension() == ".npy")
    throw ConfigError(describe_location(top.child("data.missing"), written_node(document, {"data", "missing"})) +
                      "marginalize reads missing cells of a CSV file; " + config.data_path + " is a .npy file");
  for (const auto& [key, target] : {std::pair{"weights", &config.weight_column}, std::pair{"labels", &config.label_column}}) {
    if (!data[key]) continue;
    *target = data[key].Scalar();
    const ConfigLocation where = top.child(std::string("data.") + key);
    const YAML::Node written = written_node(document, {"data", key});
    if (target->empty()) throw ConfigError(describe_location(where, written) + "expected a column name");
    if (fs::path(config.data_path).extension() == ".npy")
      throw ConfigError(describe_location(where, written) + "a .npy file has no named columns to take " + key +
                        " from; use a CSV file");
    if (std::find(config.columns.begin(), config.columns.end(), *target) != config.columns.end())
      throw ConfigError(describe_location(where, written) + "column '" + *target +
                        "' is also listed in data.columns; it cannot be both modelled and the " + key + " column");
  }
  if (!config.weight_column.empty() && config.weight_column == config.label_column)
    throw ConfigError(describe_location(top.child("data.labels"), written_node(document, {"data", "labels"})) +
                      "column '" + config.label_column + "' is already the weights column");

  const YAML::Node& model = resolved["model"];
  config.components = model["components"].as<std::size_t>();
  config.family = model["family"].Scalar();
  // The family checks its options against its own schema later; hand it the
  // nodes as written so its messages can still point at line and column.
  const YAML::Node options = written_node(document, {"model", "options"});
  config.family_options = options.IsDefined() && !options.IsNull() ? options : YAML::Node(YAML::NodeType::Map);
  config.parts = written_node(document, {"model", "parts"});
  if (const YAML::Node weights = model["weights"]) {
    if (weights["prior"]) config.weight_prior.type = weights["prior"].Scalar();
    if (weights["concentration"]) config.weight_prior.concentration = number_at(weights["concentration"]);
    if (weights["equal"]) config.weight_prior.equal = weights["equal"].as<bool>();
  }

  const YAML::Node& inference = resolved["inference"];
  config.algorithm = inference["algorithm"].Scalar();
  if (const YAML::Node noise = written_node(document, {"model", "noise"}); noise.IsDefined()) {
    const ConfigLocation where = top.child("model.noise");
    if (config.algorithm != "em")
      throw ConfigError(describe_location(where, noise) + "the noise component is fitted by em (mclust's EM with "
                        "noise); inference.algorithm is " + config.algorithm);
    if (config.marginalize_missing)
      throw ConfigError(describe_location(where, noise) + "a noise component's uniform density has no marginal over "
                        "observed cells here yet; use data.missing: error with model.noise");
    NoiseConfig settings;
    const YAML::Node init = noise.IsMap() ? noise["init"] : YAML::Node();
    double fraction = 0.0;
    if (!init.IsDefined() || !init.IsScalar())
      throw ConfigError(describe_location(where.child("init"), init.IsDefined() ? init : noise) +
                        "expected the rows that start as noise: a CSV file of 0/1 per row, or a fraction in (0, 1)");
    if (parse_double(init.Scalar(), fraction)) {
      if (!(fraction > 0.0 && fraction < 1.0))
        throw ConfigError(describe_location(where.child("init"), init) + "expected a fraction in (0, 1), got " +
                          init.Scalar());
      settings.init_fraction = fraction;
    } else {
      settings.init_file = absolute_path(base_dir, init.Scalar(), where.child("init"), init);
    }
    if (const YAML::Node volume = noise["volume"]; volume.IsDefined() && volume.Scalar() != "auto") {
      double value = 0.0;
      if (!volume.IsScalar() || !parse_double(volume.Scalar(), value) || !std::isfinite(value) || !(value > 0.0))
        throw ConfigError(describe_location(where.child("volume"), volume) + "expected auto or a number > 0, got " +
                          volume.Scalar());
      settings.volume = value;
    }
    config.noise = settings;
  }
  config.max_iter = inference["max_iter"].as<std::size_t>();
  config.tol = number_at(inference["tol"]);
  config.n_init = inference["n_init"].as<std::size_t>();
  config.empty_component = inference["empty_component"].Scalar();
  config.singular_component = inference["singular_component"].Scalar();
  config.block_size = inference["block_size"].as<std::size_t>();
  config.threads = inference["threads"].as<std::size_t>();

  check_weight_prior(config, document, top);
  config.chain = read_chain(written_node(document, {"inference", "chain"}), config, top.child("inference.chain"));
  if (config.noise)
    for (const ChainStage& stage : config.chain)
      if (stage.algorithm != "em")
        throw ConfigError(describe_location(top.child("inference.chain"),
                                            written_node(document, {"inference", "chain"})) +
                          "the noise component is fitted by em (mclust's EM with noise); a stage is " +
                          stage.algorithm);

  const YAML::Node& init = inference["init"];
  const YAML::Node written_init = written_node(document, {"inference", "init"});
  check_init(init, written_init, top.child("inference.init"));
  config.init.method = init["method"].Scalar();
  if (init["file"])
    config.init.file = absolute_path(base_dir, init["file"].Scalar(), top.child("inference.init.file"),
                                     written_node(document, {"inference", "init", "file"}));
  else if (config.init.method == "given")
    config.init.inline_parameters = written_init;
  config.init.scale = init["scale"].Scalar() == "none" ? InitScale::none : InitScale::standardize;
  if (init["model"]) config.init.merge_criterion = init["model"].Scalar();
  if (init["use"]) config.init.merge_coordinates = init["use"].Scalar();
  if (init["subset"]) config.init.subset = init["subset"].as<std::size_t>();
  if (init["runs"]) config.init.small_em_runs = init["runs"].as<std::size_t>();
  if (init["iterations"]) config.init.small_em_iterations = init["iterations"].as<std::size_t>();
  if (config.init.method == "small_em" && (config.algorithm == "kmeans" || config.algorithm == "vb"))
    throw ConfigError(describe_location(top.child("inference.init.method"),
                                        written_node(document, {"inference", "init", "method"})) +
                      "small_em starts em, cem, sem and chains (its short runs are EM); inference.algorithm is " +
                      config.algorithm);
  if (config.init.method == "hierarchical" && (!config.weight_column.empty() || !config.label_column.empty()))
    throw ConfigError(describe_location(top.child("inference.init.method"),
                                        written_node(document, {"inference", "init", "method"})) +
                      "the hierarchical start (mclust's hc) merges unweighted, unlabelled rows; with data." +
                      (config.weight_column.empty() ? "labels" : "weights") +
                      " use kmeans++, kmeans or random_from_data (which start known components at their rows' means)");

  if (resolved["output"]["component_images"]) {
    config.image_width = resolved["output"]["component_images"]["width"].as<std::size_t>();
    config.image_height = resolved["output"]["component_images"]["height"].as<std::size_t>();
  }
  config.min_weight = number_at(resolved["output"]["min_weight"]);
  config.trace_parameters = resolved["output"]["trace_parameters"].as<bool>();
  config.sweep = written_node(document, {"sweep"});
  if (resolved["output"]["checkpoint_every"])
    config.checkpoint_every = resolved["output"]["checkpoint_every"].as<std::size_t>();
  config.output_dir = absolute_path(base_dir, resolved["output"]["dir"].Scalar(), top.child("output.dir"),
                                    written_node(document, {"output", "dir"}));
  if (resolved["plugins"]) {
    const YAML::Node written_plugins = written_node(document, {"plugins"});
    const bool written_as_list = written_plugins.IsSequence() && written_plugins.size() == resolved["plugins"].size();
    for (std::size_t i = 0; i < resolved["plugins"].size(); ++i)
      config.plugins.push_back(absolute_path(base_dir, resolved["plugins"][i].Scalar(),
                                             {path, "plugins[" + std::to_string(i) + "]"},
                                             written_as_list ? written_plugins[i] : written_plugins));
  }
  return config;
}

std::string ExperimentConfig::location_of(const std::string& key_path) const {
  std::vector<std::string> keys;
  for (std::size_t start = 0; start <= key_path.size();) {
    const std::size_t dot = std::min(key_path.find('.', start), key_path.size());
    keys.push_back(key_path.substr(start, dot - start));
    start = dot + 1;
  }
  return describe_location({file, key_path}, written_node(written, keys));
}

}  // namespace mixfit
