// Expanding and validating a sweep grid.
#include "mixfit/experiment/sweep_grid.hpp"

#include "mixfit/core/error.hpp"
#include "mixfit/io/parameter_yaml.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace mixfit {
namespace {

constexpr std::size_t kMaxPoints = 10000;

bool is_dotted_identifier(const std::string& key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  char previous = '.';
  for (char c : key) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && !std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    previous = c;
  }
  return true;
}

std::string leaf(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string safe_name(const std::string& text) {
  std::string result;
  for (char c : text) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '=' ||
                         c == ',' || c == '+' || c == '-';
    result += allowed ? c : '_';
  }
  return result;
}

std::string value_text(const YAML::Node& value) { return value.Scalar(); }

}  // namespace

SweepPlan expand_sweep(const YAML::Node& sweep, const ConfigLocation& where) {
  if (!sweep.IsMap()) fail_at(where, sweep, "expected a mapping with grid: {key.path: [values...]} and select");
  for (const auto& item : sweep) {
    const std::string key = item.first.Scalar();
    if (key != "grid" && key != "select") {
      const std::string suggestion = closest_match(key, {"grid", "select"});
      fail_at(where.child(key), item.first,
              "unknown key '" + key + "' (known keys: grid, select)" +
                  (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
    }
  }
  SweepPlan plan;
  if (const YAML::Node select = sweep["select"]) {
    const std::vector<std::string> choices = {"bic", "aic", "icl"};
    if (!select.IsScalar() || std::find(choices.begin(), choices.end(), select.Scalar()) == choices.end()) {
      const std::string suggestion = select.IsScalar() ? closest_match(select.Scalar(), choices) : "";
      fail_at(where.child("select"), select,
              "expected one of bic, aic, icl, got " + show_node(select) +
                  (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
    }
    plan.select = select.Scalar();
  }
  const YAML::Node grid = sweep["grid"];
  const ConfigLocation grid_where = where.child("grid");
  if (!grid) fail_at(grid_where, sweep, "required key missing: the grid of keys and their values");
  if (!grid.IsMap() || grid.size() == 0)
    fail_at(grid_where, grid, "expected a non-empty mapping from dotted keys to lists of values");

  std::vector<std::vector<YAML::Node>> values;
  std::size_t total = 1;
  for (const auto& item : grid) {
    const std::string key = item.first.Scalar();
    const ConfigLocation at{where.file, grid_where.key_path + "." + key};
    if (!is_dotted_identifier(key))
      fail_at(at, item.first, "expected a dotted key such as model.components");
    if (key == "sweep" || key.starts_with("sweep.") || key == "output.dir" || key == "experiment.name" ||
        key == "output")
      fail_at(at, item.first, "'" + key + "' cannot be swept: the sweep names each point's run directory itself");
    if (!item.second.IsSequence() || item.second.size() == 0)
      fail_at(at, item.second, "expected a non-empty list of values, got " + show_node(item.second));
    std::vector<YAML::Node> list;
    for (std::size_t i = 0; i < item.second.size(); ++i) {
      if (!item.second[i].IsScalar())
        fail_at(at_index(at, i), item.second[i], "expected a single value (a number or a word), got " +
                                                      show_node(item.second[i]));
      list.push_back(item.second[i]);
    }
    total *= list.size();
    if (total > kMaxPoints)
      fail_at(grid_where, grid, "the grid has more than " + std::to_string(kMaxPoints) +
                                    " points; split the sweep into several experiments");
    plan.keys.push_back(key);
    values.push_back(std::move(list));
  }

  // A key's label in point names: its last component, unless another key shares it.
  std::map<std::string, int> leaf_count;
  for (const auto& key : plan.keys) ++leaf_count[leaf(key)];
  std::vector<std::string> labels;
  for (const auto& key : plan.keys) labels.push_back(leaf_count[leaf(key)] > 1 ? key : leaf(key));

  std::vector<std::size_t> digits(plan.keys.size(), 0);
  std::set<std::string> names;
  for (std::size_t index = 0; index < total; ++index) {
    SweepPoint point;
    point.index = index;
    std::string name;
    for (std::size_t k = 0; k < plan.keys.size(); ++k) {
      point.assignments.emplace_back(plan.keys[k], values[k][digits[k]]);
      name += (k ? "," : "") + labels[k] + "=" + value_text(values[k][digits[k]]);
    }
    point.name = safe_name(name);
    // Two values that differ only in unsafe characters would collide: number those.
    if (!names.insert(point.name).second) {
      point.name = std::to_string(index) + "-" + point.name;
      names.insert(point.name);
    }
    plan.points.push_back(std::move(point));
    // Odometer increment, last key fastest.
    for (std::size_t k = plan.keys.size(); k-- > 0;) {
      if (++digits[k] < values[k].size()) break;
      digits[k] = 0;
    }
  }
  return plan;
}

std::string describe_point(const SweepPlan& plan, const SweepPoint& point) {
  std::string text = std::to_string(point.index + 1) + "/" + std::to_string(plan.points.size());
  for (const auto& [key, value] : point.assignments) text += " " + leaf(key) + "=" + value.Scalar();
  return text;
}

}  // namespace mixfit
