#include "OrthancServer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "TestFiles.h"
#include "trocar/testsupport/RunCommand.h"

namespace trocar::testexport {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
const char* kOrthanc = "/usr/sbin/Orthanc";
}

uint16_t freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
    port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

OrthancServer::OrthancServer(const fs::path& scratch, const std::string& aeTitle,
                             const std::string& extraConfig)
    : scratch_(scratch) {
  const auto start = Clock::now();
  if (!fs::exists(kOrthanc)) {
    error_ = std::string(kOrthanc) + " is not installed (scripts/install-deps.sh installs it)";
    return;
  }
  dicomPort_ = freeLoopbackPort();
  do httpPort_ = freeLoopbackPort();
  while (httpPort_ == dicomPort_);
  fs::create_directories(scratch_ / "storage");
  fs::create_directories(scratch_ / "index");
  const fs::path config = scratch_ / "orthanc.json";
  std::ofstream(config) << "{\n"
                        << "  \"Name\": \"trocar-test\",\n"
                        << "  \"StorageDirectory\": \"" << (scratch_ / "storage").string()
                        << "\",\n"
                        << "  \"IndexDirectory\": \"" << (scratch_ / "index").string() << "\",\n"
                        << "  \"DicomAet\": \"" << aeTitle << "\",\n"
                        << "  \"DicomPort\": " << dicomPort_ << ",\n"
                        << "  \"HttpPort\": " << httpPort_ << ",\n"
                        << "  \"RemoteAccessAllowed\": false,\n"
                        << "  \"AuthenticationEnabled\": false,\n"
                        << (extraConfig.empty() ? "" : "  " + extraConfig + ",\n")
                        << "  \"Plugins\": []\n"
                        << "}\n";
  const fs::path log = scratch_ / "orthanc.log";
  pid_ = ::fork();
  if (pid_ == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    ::execl(kOrthanc, "Orthanc", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ < 0) {
    error_ = "fork failed";
    return;
  }
  // Ready when /system answers; gone when the process exits first (port taken, bad config).
  while (Clock::now() - start < std::chrono::seconds(30)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ =
          "Orthanc exited during start-up (status " + std::to_string(status) + "):\n" + logTail();
      return;
    }
    if (get("/system").find("\"DicomAet\"") != std::string::npos) {
      startSeconds_ = std::chrono::duration<double>(Clock::now() - start).count();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error_ = "Orthanc's REST API did not answer on port " + std::to_string(httpPort_) +
           " within 30 s:\n" + logTail();
  stop();
}

OrthancServer::~OrthancServer() { stop(); }

void OrthancServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  const auto start = Clock::now();
  while (::waitpid(pid_, nullptr, WNOHANG) != pid_) {
    if (Clock::now() - start > std::chrono::seconds(10)) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pid_ = -1;
}

std::string OrthancServer::get(const std::string& path) const {
  const auto result = testsupport::runCommand(
      "curl -sf --max-time 10 'http://127.0.0.1:" + std::to_string(httpPort_) + path + "'");
  return result.exitCode == 0 ? result.output : std::string();
}

std::string OrthancServer::logTail() const {
  const std::string log = fileBytes(scratch_ / "orthanc.log");
  return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

}  // namespace trocar::testexport
