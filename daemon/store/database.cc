#include "store/database.h"

#include <utility>

namespace newsalert::store {
namespace {

Status SqliteError(sqlite3* db, std::string_view what) {
  return Status::IoError("store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

// A connection with the settings every use shares.
Result<sqlite3*> OpenConnection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Status::IoError("store: cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  return raw;
}

}  // namespace

Statement::~Statement() {
  if (statement_ != nullptr) sqlite3_finalize(statement_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      status_(std::move(other.status_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  std::swap(db_, other.db_);
  std::swap(statement_, other.statement_);
  std::swap(status_, other.status_);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                      SQLITE_UTF8);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}

bool Statement::Step() {
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    status_ = Status::IoError(std::string("store: ") + sqlite3_errmsg(db_) + " (in: " +
                              sqlite3_sql(statement_) + ")");
  }
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  Status result = status_;
  Reset();
  return result;
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  status_ = Status::Ok();
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  int bytes = sqlite3_column_bytes(statement_, column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text),
                                                       static_cast<std::size_t>(bytes));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  Result<sqlite3*> raw = OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!raw.ok()) return raw.status();
  std::unique_ptr<Database> db(new Database(*raw, path));
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA journal_size_limit=67108864"}) {
    Status status = db->Exec(pragma);
    if (!status.ok()) return status;
  }
  return db;
}

Result<std::unique_ptr<Database>> Database::OpenReadOnly(const std::string& path) {
  Result<sqlite3*> raw = OpenConnection(path, SQLITE_OPEN_READONLY);
  if (!raw.ok()) return raw.status();
  std::unique_ptr<Database> db(new Database(*raw, path));
  NEWSALERT_RETURN_IF_ERROR(db->Exec("PRAGMA query_only=ON"));
  return db;
}

Database::~Database() { sqlite3_close_v2(db_); }

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return Status::IoError("store: " + message);
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, "prepare failed");
  return Statement(db_, statement);
}

// Nested transactions are savepoints inside the outermost one, so a caller
// can group several units of work (each with its own Transaction) into one
// commit, and a failed unit still rolls back alone.
Status Database::Begin() {
  Status status = Exec(transaction_depth_ == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested");
  if (status.ok()) ++transaction_depth_;
  return status;
}

Status Database::Commit() {
  Status status = Exec(transaction_depth_ > 1 ? "RELEASE nested" : "COMMIT");
  if (status.ok() && transaction_depth_ > 0) --transaction_depth_;
  return status;
}

void Database::Rollback() {
  if (transaction_depth_ > 1) {
    (void)Exec("ROLLBACK TO nested");
    (void)Exec("RELEASE nested");
  } else {
    (void)Exec("ROLLBACK");
  }
  if (transaction_depth_ > 0) --transaction_depth_;
}

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

}  // namespace newsalert::store
