#include <gtest/gtest.h>

#include "DicomTestUtil.h"
#include "trocar/dicom/SeriesLoader.h"
#include "trocar/testsupport/TestData.h"

using namespace trocar;
using namespace trocar::dicomtest;

namespace {

const std::string kFolder = "transfer-syntaxes/";
const std::string kReference = kFolder + "CTImage.dcm";

image::CtVolume load(const std::string& relative) {
  auto volume = dicom::loadDicom(testsupport::sharedFile(relative));
  EXPECT_TRUE(volume.ok()) << relative << ": " << volume.error().message();
  return volume.ok() ? volume.value() : image::CtVolume{};
}

struct Syntax {
  const char* file;
  bool lossless;
  // Stated tolerances for the lossy syntaxes, from the errors measured on this slice (JPEG baseline
  // 64 HU max / 22.6 RMS; JPEG extended 36 / 5.3; JPEG-LS near-lossless 1 / 0.83; J2K lossy 5 /
  // 0.89) with a small margin. A decoder bug (wrong sign, bits or byte order) gives hundreds of HU.
  int maxAbsHu;
  double rmsHu;
};

class TransferSyntaxes : public ::testing::TestWithParam<Syntax> {};

}  // namespace

TEST_P(TransferSyntaxes, DecodeToTheReferenceHu) {
  TROCAR_REQUIRE_SHARED(kReference);
  const Syntax syntax = GetParam();
  const image::CtVolume reference = load(kReference);
  const image::CtVolume decoded = load(kFolder + syntax.file);
  ASSERT_TRUE(reference.hu && decoded.hu);
  const Difference d = compare(voxels(reference), voxels(decoded));
  RecordProperty("max_abs_hu", d.maxAbs);
  RecordProperty("rms_hu", std::to_string(d.rms));
  if (syntax.lossless) {
    EXPECT_EQ(d.maxAbs, 0) << syntax.file << " must decode to identical HU";
  } else {
    EXPECT_LE(d.maxAbs, syntax.maxAbsHu) << syntax.file << " rms " << d.rms;
    EXPECT_LE(d.rms, syntax.rmsHu) << syntax.file;
    EXPECT_GT(d.maxAbs, 0) << syntax.file << " is lossy yet identical: is the right file decoded?";
  }
  // Geometry does not depend on the encoding.
  for (int i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(decoded.hu->GetOrigin()[i], reference.hu->GetOrigin()[i]);
    EXPECT_DOUBLE_EQ(decoded.hu->GetSpacing()[i], reference.hu->GetSpacing()[i]);
  }
}

INSTANTIATE_TEST_SUITE_P(
    CTImage, TransferSyntaxes,
    ::testing::Values(
        Syntax{"CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm", true, 0, 0},
        Syntax{"CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm", true, 0,
               0},
        Syntax{"CTImage.dcm_BigEndianExplicitTransferSyntax_1.2.840.10008.1.2.2.dcm", true, 0, 0},
        Syntax{
            "CTImage.dcm_DeflatedExplicitVRLittleEndianTransferSyntax_1.2.840.10008.1.2.1.99.dcm",
            true, 0, 0},
        Syntax{"CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm", true, 0, 0},
        Syntax{"CTImage.dcm_JPEGProcess14TransferSyntax_1.2.840.10008.1.2.4.57.dcm", true, 0, 0},
        Syntax{"CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm", true, 0, 0},
        Syntax{"CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm", true, 0, 0},
        Syntax{"CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm", true, 0,
               0},
        Syntax{"CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm", false, 80,
               25.0},
        Syntax{"CTImage.dcm_JPEGProcess2_4TransferSyntax_1.2.840.10008.1.2.4.51.dcm", false, 40,
               6.0},
        Syntax{"CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm", false, 40,
               6.0},
        Syntax{"CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm", false, 40,
               6.0},
        Syntax{"CTImage.dcm_JPEGLSLossyTransferSyntax_1.2.840.10008.1.2.4.81.dcm", false, 2, 1.0},
        Syntax{"CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm", false, 8, 1.5}),
    [](const ::testing::TestParamInfo<Syntax>& param) {
      std::string name = param.param.file;
      name = name.substr(name.find('_') + 1);
      name = name.substr(0, name.find("TransferSyntax"));
      return name;
    });
