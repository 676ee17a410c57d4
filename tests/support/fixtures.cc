#include "support/fixtures.h"

#include <algorithm>
#include <stdexcept>

#include "notify/webhook_signature.h"

namespace newsalert::testing {
namespace {

std::filesystem::path SupportScript(const std::string& name) {
  return SourceDir() / "tests" / "support" / name;
}

std::string Decode64(const std::string& text) {
  std::string out;
  if (text.empty()) return out;
  if (!notify::Base64Decode(text, out)) throw std::runtime_error("bad base64 in receiver log");
  return out;
}

}  // namespace

int ReadPort(Subprocess& process, std::chrono::milliseconds timeout) {
  int port = 0;
  WaitFor(
      [&] {
        std::string out = process.Out();
        std::size_t newline = out.find('\n');
        if (newline == std::string::npos) return !process.Running();
        port = std::stoi(out.substr(0, newline));
        return true;
      },
      timeout);
  if (port == 0) {
    throw std::runtime_error("fixture did not start: " + process.Err());
  }
  return port;
}

std::string HookRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

nlohmann::json HookRequest::Json() const { return nlohmann::json::parse(body); }

HookReceiver::HookReceiver(Options options) : options_(std::move(options)) {
  WriteFile(dir_ / "script.json", "{}");
  WriteFile(dir_ / "log.jsonl", "");
  Start();
}

void HookReceiver::Start() {
  std::vector<std::string> args = {kSystemPython, SupportScript("hook_receiver.py").string(),
                                   "--log", (dir_ / "log.jsonl").string(),
                                   "--script", (dir_ / "script.json").string(),
                                   "--port", std::to_string(options_.port)};
  for (const std::string& secret : options_.secrets) {
    args.push_back("--secret");
    args.push_back(secret);
  }
  if (!options_.clock.empty()) {
    args.push_back("--clock");
    args.push_back(options_.clock);
  }
  process_ = std::make_unique<Subprocess>(args);
  port_ = ReadPort(*process_, std::chrono::seconds(20));
  options_.port = port_;  // A restart comes back on the same port.
}

void HookReceiver::Stop() { process_.reset(); }
void HookReceiver::Restart() {
  process_.reset();
  Start();
}

std::string HookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HookReceiver::SetScript(const nlohmann::json& script) {
  WriteFile(dir_ / "script.json", script.dump());
}

std::vector<HookRequest> HookReceiver::Requests(const std::string& path) const {
  std::vector<HookRequest> requests;
  std::string log = ReadFile(dir_ / "log.jsonl");
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) break;  // A line being written.
    nlohmann::json line = nlohmann::json::parse(log.substr(start, end - start));
    start = end + 1;
    HookRequest request;
    request.real_time = line["t"].get<double>();
    request.virtual_time = line["vt"].get<double>();
    request.path = line["path"].get<std::string>();
    if (!path.empty() && request.path != path) continue;
    for (auto& [name, value] : line["headers"].items()) request.headers[name] = value;
    request.body = Decode64(line["body_b64"].get<std::string>());
    request.status = line["status"].get<int>();
    request.attempt = line["attempt"].get<int>();
    request.concurrent = line["concurrent"].get<int>();
    for (const auto& ok : line["sig_ok"]) request.signature_ok.push_back(ok.get<bool>());
    requests.push_back(std::move(request));
  }
  return requests;
}

TestCa::TestCa() {
  auto run = [&](const std::vector<std::string>& args) {
    ProcessResult result = Run(args, {}, std::chrono::seconds(60));
    if (result.exit_code != 0) throw std::runtime_error("openssl failed: " + result.err);
  };
  std::string dir = dir_.path().string();
  run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
       dir + "/ca.key", "-out", dir + "/ca.pem", "-days", "2", "-subj", "/CN=newsalert test CA",
       "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
       "keyUsage=critical,keyCertSign,cRLSign"});
  run({"/usr/bin/openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
       dir + "/server.key", "-out", dir + "/server.csr", "-subj", "/CN=127.0.0.1"});
  WriteFile(dir_ / "ext.cnf",
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            "extendedKeyUsage=serverAuth\n");
  run({"/usr/bin/openssl", "x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem",
       "-CAkey", dir + "/ca.key", "-CAcreateserial", "-out", dir + "/server.pem", "-days", "2",
       "-extfile", dir + "/ext.cnf"});
}

SmtpServer::SmtpServer(Options options) : options_(std::move(options)) {
  std::vector<std::string> args = {kSystemPython, SupportScript("smtp_server.py").string(),
                                   "--maildir", (dir_ / "maildir").string(),
                                   "--log", (dir_ / "log.jsonl").string()};
  if (options_.starttls != nullptr) {
    args.insert(args.end(), {"--starttls", options_.starttls->cert_file().string(),
                             options_.starttls->key_file().string()});
  }
  if (options_.smtps != nullptr) {
    args.insert(args.end(), {"--smtps", options_.smtps->cert_file().string(),
                             options_.smtps->key_file().string()});
  }
  if (options_.size_limit > 0) args.insert(args.end(), {"--size", std::to_string(options_.size_limit)});
  if (!options_.auth.empty()) args.insert(args.end(), {"--auth", options_.auth});
  if (!options_.fail_rcpt.empty()) args.insert(args.end(), {"--fail-rcpt", options_.fail_rcpt});
  if (!options_.fail_data.empty()) args.insert(args.end(), {"--fail-data", options_.fail_data});
  if (options_.data_delay > 0) {
    args.insert(args.end(), {"--data-delay", std::to_string(options_.data_delay)});
  }
  process_ = std::make_unique<Subprocess>(args);
  port_ = ReadPort(*process_, std::chrono::seconds(20));
}

std::vector<nlohmann::json> SmtpServer::Events() const {
  std::vector<nlohmann::json> events;
  std::string log = ReadFile(dir_ / "log.jsonl");
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) break;
    events.push_back(nlohmann::json::parse(log.substr(start, end - start)));
    start = end + 1;
  }
  return events;
}

std::vector<std::string> SmtpServer::Messages() const {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "maildir" / "new", error)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> messages;
  for (const auto& file : files) messages.push_back(ReadFile(file));
  return messages;
}

std::string Sqlite(const std::filesystem::path& database, const std::string& sql) {
  ProcessResult result = Run({"/usr/bin/sqlite3", database.string(), sql}, {},
                             std::chrono::seconds(30));
  if (result.exit_code != 0) throw std::runtime_error("sqlite3 failed: " + result.err);
  return result.out;
}

}  // namespace newsalert::testing
