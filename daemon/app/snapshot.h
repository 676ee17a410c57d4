// Snapshot: one validated, immutable view of the configuration: the config
// plus its compiled filters. The daemon swaps the whole snapshot on reload,
// and only when the new one validates completely.
#pragma once

#include <filesystem>
#include <memory>

#include "base/result.h"
#include "config/config.h"
#include "match/filter_set.h"

namespace newsalert::app {

struct Snapshot {
  std::shared_ptr<const config::Config> config;
  std::shared_ptr<const match::FilterSet> filters;
};

// Loads and validates the config at `path` and every filter file it names.
// Errors carry FILE:LINE:COLUMN, one per line.
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(const std::filesystem::path& path);

}  // namespace newsalert::app
