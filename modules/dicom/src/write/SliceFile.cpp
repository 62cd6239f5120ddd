#include "SliceFile.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djrplol.h>

#include "J2kEncoder.h"

namespace trocar::dicom::writer {
namespace {

constexpr int kUnsignedIntercept = -1024;

// DICOM decimal strings hold at most 16 characters.
std::string decimal(double v) {
  char buffer[32];
  for (int precision = 10; precision > 1; --precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, std::abs(v) < 1e-12 ? 0.0 : v);
    if (std::string(buffer).size() <= 16) break;
  }
  return buffer;
}

std::string triplet(const core::Vec3& v) {
  return decimal(v.x) + "\\" + decimal(v.y) + "\\" + decimal(v.z);
}

E_TransferSyntax dcmtkSyntax(TransferSyntax s) {
  switch (s) {
    case TransferSyntax::kExplicitLittleEndian:
      return EXS_LittleEndianExplicit;
    case TransferSyntax::kImplicitLittleEndian:
      return EXS_LittleEndianImplicit;
    case TransferSyntax::kExplicitBigEndian:
      return EXS_BigEndianExplicit;
    case TransferSyntax::kRleLossless:
      return EXS_RLELossless;
    case TransferSyntax::kJpegLosslessSv1:
      return EXS_JPEGProcess14SV1;
    case TransferSyntax::kJpeg2000Lossless:
      return EXS_JPEG2000LosslessOnly;
  }
  return EXS_LittleEndianExplicit;
}

// Collects the first failing put: a data set with a missing attribute is not worth saving.
class Putter {
 public:
  explicit Putter(DcmDataset& ds) : ds_(ds) {}
  void str(const DcmTagKey& tag, const std::string& value) {
    if (ok_) check(ds_.putAndInsertString(tag, value.c_str()), tag);
  }
  void u16(const DcmTagKey& tag, uint16_t value) {
    if (ok_) check(ds_.putAndInsertUint16(tag, value), tag);
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  void check(const OFCondition& c, const DcmTagKey& tag) {
    if (c.bad() && ok_) {
      ok_ = false;
      error_ = std::string("cannot set ") + tag.toString().c_str() + ": " + c.text();
    }
  }

 private:
  DcmDataset& ds_;
  bool ok_ = true;
  std::string error_;
};

void putMetadata(Putter& put, const SliceFile& s) {
  const image::SeriesMetadata& m = *s.metadata;
  // Our strings are UTF-8: declare it when any is not plain ASCII, else use the default
  // repertoire (no attribute), which every reader understands.
  bool ascii = true;
  for (const std::string* text :
       {&m.patientName, &m.patientId, &m.referringPhysicianName, &m.studyDescription,
        &m.seriesDescription, &m.institutionName, &m.manufacturer, &m.manufacturerModel})
    for (unsigned char ch : *text) ascii = ascii && ch < 0x80;
  if (!ascii) put.str(DCM_SpecificCharacterSet, "ISO_IR 192");
  put.str(DCM_ImageType, s.imageType);
  put.str(DCM_SOPClassUID, UID_CTImageStorage);
  put.str(DCM_SOPInstanceUID, s.sopInstanceUid);
  put.str(DCM_StudyDate, m.studyDate);
  put.str(DCM_SeriesDate, m.seriesDate);
  put.str(DCM_AcquisitionDate, m.acquisitionDate);
  put.str(DCM_ContentDate, m.seriesDate);
  put.str(DCM_StudyTime, m.studyTime);
  put.str(DCM_SeriesTime, m.seriesTime);
  put.str(DCM_ContentTime, m.seriesTime);
  put.str(DCM_AccessionNumber, m.accessionNumber);
  put.str(DCM_Modality, m.modality.empty() ? "CT" : m.modality);
  put.str(DCM_Manufacturer, m.manufacturer);
  put.str(DCM_InstitutionName, m.institutionName);
  put.str(DCM_ReferringPhysicianName, m.referringPhysicianName);
  put.str(DCM_StudyDescription, m.studyDescription);
  put.str(DCM_SeriesDescription, m.seriesDescription);
  put.str(DCM_ManufacturerModelName, m.manufacturerModel);
  put.str(DCM_PatientName, m.patientName);
  put.str(DCM_PatientID, m.patientId);
  put.str(DCM_PatientBirthDate, m.patientBirthDate);
  put.str(DCM_PatientSex, m.patientSex);
  put.str(DCM_PatientAge, m.patientAge);
  put.str(DCM_BodyPartExamined, m.bodyPartExamined);
  if (m.kvp > 0) put.str(DCM_KVP, decimal(m.kvp));
  put.str(DCM_ConvolutionKernel, m.convolutionKernel);
  put.str(DCM_PatientPosition, "HFS");
  put.str(DCM_StudyInstanceUID, m.studyInstanceUid);
  put.str(DCM_SeriesInstanceUID, s.emptySeriesInstanceUid ? std::string() : m.seriesInstanceUid);
  put.str(DCM_StudyID, m.studyId.empty() ? "1" : m.studyId);
  put.str(DCM_SeriesNumber, m.seriesNumber.empty() ? "1" : m.seriesNumber);
  put.str(DCM_AcquisitionNumber, "1");
  put.str(DCM_InstanceNumber, std::to_string(s.instanceNumber));
  put.str(DCM_FrameOfReferenceUID, m.frameOfReferenceUid);
  put.str(DCM_PositionReferenceIndicator, "");
}

void putGeometry(Putter& put, const SliceFile& s) {
  put.str(DCM_ImagePositionPatient, triplet(s.positionMm));
  put.str(DCM_ImageOrientationPatient, triplet(s.rowDirection) + "\\" + triplet(s.columnDirection));
  put.str(DCM_PixelSpacing, decimal(s.rowSpacingMm) + "\\" + decimal(s.columnSpacingMm));
  if (s.sliceThicknessMm > 0) put.str(DCM_SliceThickness, decimal(s.sliceThicknessMm));
  if (s.spacingBetweenSlicesMm > 0)
    put.str(DCM_SpacingBetweenSlices, decimal(s.spacingBetweenSlicesMm));
  put.str(DCM_GantryDetectorTilt, decimal(s.gantryTiltDeg));
  // Slice location: the position along the slice normal, as scanners report it.
  const core::Vec3 normal = core::normalized(cross(s.rowDirection, s.columnDirection));
  put.str(DCM_SliceLocation, decimal(dot(s.positionMm, normal)));
}

void putPixelModule(Putter& put, const SliceFile& s) {
  put.u16(DCM_SamplesPerPixel, 1);
  put.str(DCM_PhotometricInterpretation, "MONOCHROME2");
  put.u16(DCM_Rows, static_cast<uint16_t>(s.rows));
  put.u16(DCM_Columns, static_cast<uint16_t>(s.columns));
  put.u16(DCM_BitsAllocated, 16);
  put.u16(DCM_BitsStored, 16);
  put.u16(DCM_HighBit, 15);
  put.u16(DCM_PixelRepresentation, s.storeSigned ? 1 : 0);
  put.str(DCM_RescaleIntercept, s.storeSigned ? "0" : std::to_string(kUnsignedIntercept));
  put.str(DCM_RescaleSlope, "1");
  put.str(DCM_RescaleType, "HU");
  put.str(DCM_WindowCenter, "40");
  put.str(DCM_WindowWidth, "400");
}

}  // namespace

bool fitsUnsignedOffset(const int16_t* hu, size_t count) {
  for (size_t i = 0; i < count; ++i)
    if (hu[i] < kUnsignedIntercept) return false;
  return true;
}

std::optional<core::Error> writeSliceFile(const SliceFile& s) {
  const std::string where = s.path.string();
  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  Putter put(ds);
  putMetadata(put, s);
  putGeometry(put, s);
  putPixelModule(put, s);
  if (!put.ok()) return core::Error{where, put.error()};

  // Stored values: the HU themselves (signed), or HU + 1024 (unsigned, intercept -1024).
  const size_t count = size_t(s.columns) * size_t(s.rows);
  std::vector<uint16_t> stored(count);
  const int offset = s.storeSigned ? 0 : -kUnsignedIntercept;
  for (size_t i = 0; i < count; ++i) stored[i] = static_cast<uint16_t>(s.hu[i] + offset);

  const E_TransferSyntax xfer = dcmtkSyntax(s.syntax);
  if (s.syntax == TransferSyntax::kJpeg2000Lossless) {
    auto codestream = encodeJ2kLossless(stored.data(), s.columns, s.rows, s.storeSigned);
    if (!codestream) return core::Error{where, codestream.error().reason};
    std::vector<uint8_t>& bytes = codestream.value();
    if (bytes.size() % 2) bytes.push_back(0);  // fragments have even length
    // Encapsulated pixel data: an empty Basic Offset Table item, then the frame as one fragment.
    auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    sequence->insert(new DcmPixelItem(DCM_PixelItemTag));
    DcmOffsetList offsets;
    OFCondition c = sequence->storeCompressedFrame(offsets, bytes.data(), Uint32(bytes.size()), 0);
    auto* pixels = new DcmPixelData(DCM_PixelData);
    pixels->putOriginalRepresentation(xfer, nullptr, sequence);
    if (c.good())
      c = ds.insert(pixels, true);
    else
      delete pixels;
    if (c.bad())
      return core::Error{where, std::string("cannot store the JPEG 2000 frame: ") + c.text()};
  } else {
    OFCondition c = ds.putAndInsertUint16Array(DCM_PixelData, stored.data(), Uint32(count));
    if (c.bad()) return core::Error{where, std::string("cannot store pixel data: ") + c.text()};
    if (s.syntax == TransferSyntax::kRleLossless) {
      const DcmRLERepresentationParameter rle;
      c = ds.chooseRepresentation(xfer, &rle);
    } else if (s.syntax == TransferSyntax::kJpegLosslessSv1) {
      const DJ_RPLossless lossless(1, 0);  // selection value 1, no point transform
      c = ds.chooseRepresentation(xfer, &lossless);
    }
    if (c.bad() || !ds.canWriteXfer(xfer))
      return core::Error{where, std::string("cannot encode pixel data in ") +
                                    transferSyntaxUid(s.syntax) +
                                    (c.bad() ? std::string(": ") + c.text() : std::string())};
  }
  const OFCondition saved = file.saveFile(where.c_str(), xfer);
  if (saved.bad()) return core::Error{where, std::string("cannot write the file: ") + saved.text()};
  return std::nullopt;
}

}  // namespace trocar::dicom::writer
