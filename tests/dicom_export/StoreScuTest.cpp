// The sender against peers that are not there: a closed port and a port that accepts the TCP
// connection but never speaks DICOM. Both must fail with the peer named, within the timeout.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "TestFiles.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/dicom_export/StoreScu.h"
#include "trocar/testsupport/TestData.h"

namespace trocar::dicom_export {
namespace {
namespace fs = std::filesystem;

// A listening TCP socket on a free loopback port that never accepts: the kernel completes the
// handshake from the backlog, so a sender connects and then hears nothing. With listening false
// the port is closed again at once (connection refused).
class LoopbackPort {
 public:
  explicit LoopbackPort(bool listening) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
      return;
    port_ = ntohs(address.sin_port);
    if (listening) {
      ::listen(fd_, 4);
    } else {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~LoopbackPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

fs::path reportDicom(const std::string& name) {
  const fs::path dir = testsupport::scratchDir(name);
  image::SeriesMetadata m;
  m.studyInstanceUid = "1.2.826.0.1.3680043.2.1143.777.1";
  auto written = writeReportDicom(testexport::writeTestPdf(dir), m, dir / "r.dcm");
  EXPECT_TRUE(written) << written.error().message();
  return dir / "r.dcm";
}

// A send that must fail: its error message (which must name the peer) and how long it took.
struct FailedSend {
  std::string message;
  double seconds = 0;
};
FailedSend sendExpectingFailure(const fs::path& file, const PacsPeer& peer) {
  const auto start = std::chrono::steady_clock::now();
  const auto sent = sendToPacs(file, peer);
  FailedSend failed;
  failed.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_FALSE(sent);
  if (!sent) failed.message = sent.error().message();
  const std::string named = peer.calledAeTitle + " at " + peer.host + ":" + std::to_string(peer.port);
  EXPECT_NE(failed.message.find(named), std::string::npos) << failed.message;
  return failed;
}

TEST(StoreScu, ClosedPortFailsAtOnceNamingThePeer) {
  const fs::path file = reportDicom("store_closed");
  const LoopbackPort closed(false);
  ASSERT_NE(closed.port(), 0);
  const FailedSend failed =
      sendExpectingFailure(file, PacsPeer{"127.0.0.1", closed.port(), "ORTHANC", "TROCAR", 10});
  EXPECT_NE(failed.message.find("connection refused"), std::string::npos) << failed.message;
  EXPECT_LT(failed.seconds, 10.0) << failed.message;  // refused, not waited out
}

TEST(StoreScu, SilentPeerTimesOutWithinTheTimeout) {
  const fs::path file = reportDicom("store_silent");
  const LoopbackPort silent(true);
  ASSERT_NE(silent.port(), 0);
  const FailedSend failed =
      sendExpectingFailure(file, PacsPeer{"127.0.0.1", silent.port(), "ORTHANC", "TROCAR", 2});
  EXPECT_NE(failed.message.find("no answer within 2 s"), std::string::npos) << failed.message;
  // The 2 s timeout plus scheduling slack on a loaded machine; far below a hang.
  EXPECT_GE(failed.seconds, 1.5) << failed.message;
  EXPECT_LT(failed.seconds, 6.0) << failed.message;
}

TEST(StoreScu, UnreadableFileIsNamed) {
  const fs::path dir = testsupport::scratchDir("store_unreadable");
  PacsPeer peer{"127.0.0.1", 104, "ORTHANC", "TROCAR", 1};
  const auto sent = sendToPacs(dir / "none.dcm", peer);
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message().find("none.dcm"), std::string::npos);
}

}  // namespace
}  // namespace trocar::dicom_export
