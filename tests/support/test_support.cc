#include "support/test_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace newsalert::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                        "/newsalert-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void WriteFile(const std::filesystem::path& path, const std::string& contents) {
  std::filesystem::create_directories(path.parent_path());
  // Write to a temporary name and rename, so a daemon reading the file never
  // sees it half-written.
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::filesystem::path NewsalertBinary() { return NEWSALERT_BINARY; }
std::filesystem::path SourceDir() { return NEWSALERT_SOURCE_DIR; }
std::filesystem::path TestDataDir() { return SourceDir() / "tests" / "data"; }

Subprocess::Subprocess(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) {
  std::string out_path = (dir_.path() / "stdout").string();
  std::string err_path = (dir_.path() / "stderr").string();
  // Build argv and envp before fork: only async-signal-safe calls after it.
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string item(*entry);
    std::string name = item.substr(0, item.find('='));
    if (env.count(name) == 0) environment.push_back(item);
  }
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& item : environment) envp.push_back(item.data());
  envp.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(out, 1);
    dup2(err, 2);
    // The test runner may block signals; the child must start clean.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
}

Subprocess::~Subprocess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  KeepLogs();
}

void Subprocess::KeepLogs() const {
  const char* keep = std::getenv("NEWSALERT_TEST_LOG_DIR");
  if (keep == nullptr || *keep == '\0') return;
  static std::atomic<int> counter{0};
  std::string stem = std::to_string(getpid()) + "-" + std::to_string(pid_) + "-" +
                     std::to_string(++counter);
  std::error_code ignored;
  std::filesystem::create_directories(keep, ignored);
  for (const char* name : {"stdout", "stderr"}) {
    std::filesystem::copy_file(dir_.path() / name,
                               std::filesystem::path(keep) / (stem + "." + name),
                               std::filesystem::copy_options::overwrite_existing, ignored);
  }
}

std::vector<std::string> TestSecrets() {
  std::string secret = kTestWebhookSecret;
  return {kTestUrlToken, kTestWebhookSecret, secret.substr(6), kTestWebhookSecretKey,
          kTestSmtpPassword};
}

int FreeLocalPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("no free port on 127.0.0.1");
  }
  close(fd);
  return ntohs(address.sin_port);
}

bool Subprocess::Running() {
  if (reaped_) return false;
  rusage usage{};
  pid_t rc = wait4(pid_, &status_, WNOHANG, &usage);
  if (rc == pid_) {
    reaped_ = true;
    max_rss_kb_ = usage.ru_maxrss;
  }
  return !reaped_;
}

void Subprocess::Signal(int signal) {
  if (!reaped_) kill(pid_, signal);
}

ProcessResult Subprocess::Wait(std::chrono::milliseconds timeout) {
  ProcessResult result;
  bool exited = WaitFor([&] { return !Running(); }, timeout);
  if (!exited) {
    result.timed_out = true;
    kill(pid_, SIGKILL);
    rusage usage{};
    wait4(pid_, &status_, 0, &usage);
    max_rss_kb_ = usage.ru_maxrss;
    reaped_ = true;
  }
  if (WIFEXITED(status_)) {
    result.exit_code = result.timed_out ? -1 : WEXITSTATUS(status_);
  } else if (WIFSIGNALED(status_)) {
    result.signal = WTERMSIG(status_);
  }
  result.out = Out();
  result.err = Err();
  result.max_rss_kb = max_rss_kb_;
  return result;
}

std::string Subprocess::Out() const { return ReadFile(dir_.path() / "stdout"); }
std::string Subprocess::Err() const { return ReadFile(dir_.path() / "stderr"); }

ProcessResult Run(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env,
                  std::chrono::milliseconds timeout) {
  Subprocess process(args, env);
  return process.Wait(timeout);
}

ProcessResult RunNewsalert(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           std::chrono::milliseconds timeout) {
  std::vector<std::string> full = {NewsalertBinary().string()};
  full.insert(full.end(), args.begin(), args.end());
  return Run(full, env, timeout);
}

}  // namespace newsalert::testing
