// StatusReport: what `newsalert status` knows, read from the store (never
// written) and the config: per-feed health, per-filter alert counts,
// per-channel deliveries. One JSON document is the model; --json prints it
// and the table view is rendered from it, so the two always agree.
//
// Feeds carry every column of the store's feeds table under its own name,
// so health data added to the store later shows up without changes here.
// Columns named *_at, *_since or *_until are times (RFC 3339, UTC); the
// HTTP validators (etag, last_modified) are left out.
#pragma once

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"
#include "store/database.h"

namespace newsalert::app {

// Document version of --json; fields may be added within a version.
inline constexpr int kStatusReportVersion = 1;

Result<nlohmann::json> BuildStatusReport(const config::Config& config, store::Database& db,
                                         TimePoint now);

// The human view: a summary and one table per section.
std::string RenderStatusText(const nlohmann::json& report, TimePoint now);

}  // namespace newsalert::app
