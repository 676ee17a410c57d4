// Database: RAII owner of a SQLite connection, with prepared statements and
// transactions that report errors as Status. Not thread-safe: one
// connection per thread.
//
// Opened in WAL mode with synchronous=FULL: commits survive a kill -9 in any
// mode, but only FULL survives power loss (RELIABILITY.md finding 7), and an
// alert in the outbox must.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace newsalert::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding: 1-based indexes, as SQLite counts.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& Bind(int index, const std::string& value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<std::int64_t>& value);
  Statement& Bind(int index, const std::optional<std::string>& value);

  // Advances: true with a row, false when done; errors via status().
  bool Step();
  // Runs to completion (for statements without rows).
  Status Run();
  // Ready for another round of Bind/Step; keeps the compiled statement.
  void Reset();
  Status status() const { return status_; }

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::optional<std::string> OptionalText(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
  Status status_;
};

class Database {
 public:
  // Opens (creating if needed) the database at `path`, applies the pragmas
  // above and busy_timeout. ":memory:" gives a private in-memory database.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  // Opens an existing database for reading only, e.g. `newsalert status`
  // next to a running daemon (WAL lets readers and the writer work at once;
  // busy_timeout covers the moments a checkpoint needs the lock).
  static Result<std::unique_ptr<Database>> OpenReadOnly(const std::string& path);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);

  // A transaction: Begin(), then Commit() or Rollback(). BEGIN IMMEDIATE, so
  // that lock contention shows at Begin rather than at the first write.
  // Inside an open transaction, Begin() starts a savepoint instead: the
  // inner unit commits (or rolls back) with the outer one.
  Status Begin();
  Status Commit();
  void Rollback();

  std::int64_t LastInsertRowId() const;
  int Changes() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  int transaction_depth_ = 0;  // Open Begin()s: 1 = a transaction, more = savepoints.
};

// Commits on Commit(), rolls back when destroyed otherwise.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction() {
    if (active_) db_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    Status status = db_.Begin();
    active_ = status.ok();
    return status;
  }
  Status Commit() {
    Status status = db_.Commit();
    if (status.ok()) active_ = false;
    return status;
  }

 private:
  Database& db_;
  bool active_ = false;
};

}  // namespace newsalert::store
