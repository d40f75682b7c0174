// Plugin entry point: registers the "student_t" family.
#include "student_t_options.hpp"

#include "mixfit/plugin/plugin_api.hpp"

namespace {

void register_student_t(mixfit::FamilyRegistry& registry) {
  registry.add(mixfit::FamilyEntry{
      .name = "student_t",
      .summary = "multivariate Student-t components (full or diagonal scale, degrees of freedom fixed or "
                 "estimated): robust clustering by EM through latent scales",
      .options = mixfit::student_t::student_t_options_schema(),
      .factory = &mixfit::student_t::make_student_t_family,
      .column_kind = mixfit::ColumnKind::real,
      .claim_columns = {},
      .source = {},
  });
}

}  // namespace

MIXFIT_PLUGIN("student_t", "0.1.0", register_student_t)
