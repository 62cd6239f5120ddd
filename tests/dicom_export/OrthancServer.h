#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace trocar::testexport {

// A real Orthanc (/usr/sbin/Orthanc) for one test: a generated configuration in `scratch`
// (storage and index there, DICOM and HTTP ports free at start-up, loopback only, no
// authentication), started on construction and waited for until its REST API answers. The
// destructor always stops it (SIGTERM, then SIGKILL after 10 s), also when the test failed.
class OrthancServer {
 public:
  // `extraConfig`: more members of the configuration object, e.g. "\"DicomCheckCalledAet\": true".
  OrthancServer(const std::filesystem::path& scratch, const std::string& aeTitle,
                const std::string& extraConfig = "");
  ~OrthancServer();
  OrthancServer(const OrthancServer&) = delete;
  OrthancServer& operator=(const OrthancServer&) = delete;

  bool running() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // why it did not start, with its log
  uint16_t dicomPort() const { return dicomPort_; }
  uint16_t httpPort() const { return httpPort_; }
  double startSeconds() const { return startSeconds_; }

  // GET on the REST API (curl); the body, or "" when the request failed.
  std::string get(const std::string& path) const;
  std::string logTail() const;

 private:
  void stop();

  std::filesystem::path scratch_;
  pid_t pid_ = -1;
  uint16_t dicomPort_ = 0, httpPort_ = 0;
  double startSeconds_ = 0;
  std::string error_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
uint16_t freeLoopbackPort();

}  // namespace trocar::testexport
