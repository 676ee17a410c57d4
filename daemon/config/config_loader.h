// LoadConfig: reads the main TOML config and the filter files it names into
// a validated Config.
//
// Every problem is reported as "FILE:LINE:COLUMN: message", all of them at
// once, one per line of the returned Status: unknown keys, wrong types,
// duplicate names, filters naming unknown channels or feed tags, unreadable
// files. Relative paths resolve against the folder of the file naming them.
// Query syntax is not checked here (that is match/'s job, see
// app/snapshot.h).
#pragma once

#include <filesystem>

#include "base/result.h"
#include "config/config.h"

namespace newsalert::config {

struct LoadOptions {
  // false: *_file secrets are not read (their channels get no URL or keys).
  // For `newsalert status`, which runs outside the service's credentials.
  bool read_secrets = true;
};

Result<Config> LoadConfig(const std::filesystem::path& path, const LoadOptions& options = {});

// Reads a secret file: surrounding whitespace and the trailing newline are
// stripped. "%d/NAME" reads NAME from $CREDENTIALS_DIRECTORY (systemd
// LoadCredential=).
Result<std::string> ReadSecretFile(const std::filesystem::path& path);

}  // namespace newsalert::config
