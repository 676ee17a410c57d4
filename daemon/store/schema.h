// The store's schema, as ordered migrations keyed by PRAGMA user_version.
// A migration is never edited once released; changes are new migrations.
#pragma once

#include "store/database.h"

namespace newsalert::store {

// Brings the database up to the newest schema version, each migration in
// its own transaction. Fails (changing nothing) on a database written by a
// newer newsalert.
Status Migrate(Database& db);

// Migrates only up to `version` (tests of a migration over old data).
Status MigrateTo(Database& db, int version);

// The schema version this build writes.
int LatestSchemaVersion();

// Opens the database file in `state_dir` (creating the folder), migrates it
// and checks it (PRAGMA quick_check).
Result<std::unique_ptr<Database>> OpenStore(const std::string& state_dir);

// The database file inside a state folder.
std::string DatabasePath(const std::string& state_dir);

}  // namespace newsalert::store
