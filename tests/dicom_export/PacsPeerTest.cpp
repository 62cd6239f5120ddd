#include <gtest/gtest.h>

#include "trocar/dicom_export/PacsPeer.h"

namespace trocar::dicom_export {
namespace {

TEST(PacsPeer, ParsesHostPortAndAeTitles) {
  auto peer = parsePacsPeer("pacs.example.org:11112", "ORTHANC", "TROCAR_WS");
  ASSERT_TRUE(peer) << peer.error().message();
  EXPECT_EQ(peer->host, "pacs.example.org");
  EXPECT_EQ(peer->port, 11112);
  EXPECT_EQ(peer->calledAeTitle, "ORTHANC");
  EXPECT_EQ(peer->callingAeTitle, "TROCAR_WS");
  EXPECT_EQ(describe(peer.value()), "ORTHANC at pacs.example.org:11112");
  auto v6 = parsePacsPeer("[::1]:104", "PACS");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(describe(v6.value()), "PACS at [::1]:104");
}

TEST(PacsPeer, RejectsBadAddressesAndTitlesWithTheReason) {
  const auto reason = [](const std::string& address, const std::string& aet) {
    auto peer = parsePacsPeer(address, aet);
    return peer ? std::string("accepted") : peer.error().message();
  };
  EXPECT_NE(reason("pacs", "A").find("expected HOST:PORT"), std::string::npos);
  EXPECT_NE(reason("pacs:", "A").find("expected HOST:PORT"), std::string::npos);
  EXPECT_NE(reason("pacs:abc", "A").find("not a number"), std::string::npos);
  EXPECT_NE(reason("pacs:0", "A").find("1-65535"), std::string::npos);
  EXPECT_NE(reason("pacs:70000", "A").find("1-65535"), std::string::npos);
  EXPECT_NE(reason("pacs:104", "").find("called AE title"), std::string::npos);
  EXPECT_NE(reason("pacs:104", "SEVENTEEN_CHARS_X").find("longer than 16"), std::string::npos);
  EXPECT_NE(reason("pacs:104", "A\\B").find("not allowed"), std::string::npos);
  EXPECT_NE(reason("pacs:104", "   ").find("only spaces"), std::string::npos);
  EXPECT_EQ(reason("pacs:104", "SIXTEEN_CHARS_XX"), "accepted");
}

}  // namespace
}  // namespace trocar::dicom_export
