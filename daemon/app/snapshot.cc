#include "app/snapshot.h"

#include "config/config_loader.h"

namespace newsalert::app {

Result<std::shared_ptr<const Snapshot>> LoadSnapshot(const std::filesystem::path& path) {
  Result<config::Config> config = config::LoadConfig(path);
  if (!config.ok()) return config.status();
  auto shared_config = std::make_shared<const config::Config>(std::move(*config));
  Result<std::shared_ptr<const match::FilterSet>> filters =
      match::FilterSet::Compile(*shared_config);
  if (!filters.ok()) return filters.status();
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->config = std::move(shared_config);
  snapshot->filters = std::move(*filters);
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace newsalert::app
