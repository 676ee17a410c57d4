#include "support/hostile_server.h"

#include <curl/curl.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace newsalert::testing {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

HostileFeedServer::HostileFeedServer(const Options& options) {
  std::vector<std::string> args = {
      "/usr/bin/python3",
      (SourceDir() / "tests" / "integration" / "hostile_feed_server.py").string(),
      dir_.path().string()};
  addresses_["main"] = "127.0.0.1";
  schemes_["main"] = "http";
  for (const auto& [name, address] : options.binds) {
    args.insert(args.end(), {"--bind", name + "=" + address});
    addresses_[name] = address;
    schemes_[name] = "http";
  }
  for (const auto& [name, spec] : options.tls) {
    args.insert(args.end(), {"--tls", name + "=" + spec});
    addresses_[name] = "127.0.0.1";
    schemes_[name] = "https";
  }
  if (options.bombs) args.push_back("--bombs");
  process_ = std::make_unique<Subprocess>(args);
  std::filesystem::path ports = dir_ / "ports.json";
  if (!WaitFor([&] { return std::filesystem::exists(ports) || !process_->Running(); },
               std::chrono::seconds(60)) ||
      !std::filesystem::exists(ports)) {
    throw std::runtime_error("hostile feed server did not start: " + process_->Err());
  }
  nlohmann::json parsed = nlohmann::json::parse(ReadFile(ports));
  for (const auto& [name, port] : parsed.items()) ports_[name] = port.get<int>();
}

int HostileFeedServer::port(const std::string& listener) const { return ports_.at(listener); }

std::string HostileFeedServer::Url(const std::string& path, const std::string& listener) const {
  return schemes_.at(listener) + "://" + addresses_.at(listener) + ":" +
         std::to_string(port(listener)) + path;
}

std::vector<ServedRequest> HostileFeedServer::Requests() const {
  std::vector<ServedRequest> requests;
  std::istringstream lines(ReadFile(dir_ / "requests.jsonl"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (entry.is_discarded()) continue;  // A line being written right now.
    ServedRequest request;
    request.time = entry["time"].get<double>();
    request.listener = entry["listener"].get<std::string>();
    request.path = entry["path"].get<std::string>();
    for (const auto& [name, value] : entry["headers"].items()) {
      request.headers[name] = value.get<std::string>();
    }
    requests.push_back(std::move(request));
  }
  return requests;
}

std::vector<ServedRequest> HostileFeedServer::Requests(const std::string& path_prefix) const {
  std::vector<ServedRequest> matching;
  for (ServedRequest& request : Requests()) {
    if (request.path.rfind(path_prefix, 0) == 0) matching.push_back(std::move(request));
  }
  return matching;
}

nlohmann::json HostileFeedServer::Stats() const {
  std::string body;
  CURL* curl = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port("control")) + "/_stats";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error("hostile feed server: /_stats failed");
  return nlohmann::json::parse(body);
}

bool MakeCertificate(const std::filesystem::path& dir, const std::string& name,
                     const std::string& san, bool expired) {
  std::string cert = (dir / (name + ".pem")).string();
  std::string key = (dir / (name + ".key")).string();
  if (!expired) {
    ProcessResult made = Run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                              "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj",
                              "/CN=newsalert-test", "-addext", "subjectAltName=" + san});
    return made.exit_code == 0;
  }
  // openssl 3.0's `req` cannot backdate; `ca` can, with a throwaway CA.
  std::string ca_cert = (dir / (name + "-ca.pem")).string();
  std::string ca_key = (dir / (name + "-ca.key")).string();
  std::string csr = (dir / (name + ".csr")).string();
  std::filesystem::path ca_dir = dir / (name + "-ca");
  std::filesystem::create_directories(ca_dir / "new");
  WriteFile(ca_dir / "index.txt", "");
  WriteFile(ca_dir / "serial", "01\n");
  WriteFile(ca_dir / "ext.cnf", "subjectAltName=" + san + "\n");
  WriteFile(ca_dir / "ca.cnf",
            "[ca]\ndefault_ca=test\n[test]\ndir=" + ca_dir.string() +
                "\ndatabase=$dir/index.txt\nserial=$dir/serial\nnew_certs_dir=$dir/new\n"
                "default_md=sha256\npolicy=any\ncopy_extensions=copy\n[any]\n"
                "commonName=supplied\n");
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
            ca_key, "-out", ca_cert, "-days", "2", "-subj", "/CN=newsalert-test-ca"},
           {"/usr/bin/openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
            csr, "-subj", "/CN=newsalert-test", "-addext", "subjectAltName=" + san},
           {"/usr/bin/openssl", "ca", "-batch", "-config", (ca_dir / "ca.cnf").string(),
            "-cert", ca_cert, "-keyfile", ca_key, "-in", csr, "-out", cert, "-startdate",
            "20200101000000Z", "-enddate", "20200102000000Z", "-extfile",
            (ca_dir / "ext.cnf").string()}}) {
    if (Run(command).exit_code != 0) return false;
  }
  // Trust the CA, so only the dates are wrong.
  WriteFile(dir / (name + "-trust.pem"), ReadFile(ca_cert));
  return true;
}

}  // namespace newsalert::testing
